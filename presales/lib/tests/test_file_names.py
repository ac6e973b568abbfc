"""A long Chinese file name (85 characters fill the 255 bytes a disk allows) is stored under a
shorter name and kept whole for display and download, on every kind of upload."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import reverse

from presales.lib.uploads import DocumentFileField, UploadStorage
from presales.testing import file_content

pytestmark = pytest.mark.django_db

LONG_NAME = (
    "关于某市供电公司二二零千伏变电站直流电源系统与通信电源系统一体化改造项目技术方案设备选型及施工组织说明" * 2
    + ".pdf"
)


def test_the_long_name_is_longer_than_a_disk_allows():
    assert len(LONG_NAME) > 85 and len(LONG_NAME.encode()) > 255


def document_file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, DocumentFileField):
                yield model, field


def test_every_uploaded_file_of_the_product_keeps_its_whole_name():
    fields = list(document_file_fields())
    labels = {f"{model._meta.label}.{field.name}" for model, field in fields}
    assert {
        "opportunities.Deliverable.file",
        "service_requests.ServiceRequestAttachment.file",
        "service_requests.SurveyAttachment.file",
        "solutions.SolutionVersion.file",
        "handover.Handover.construction_plan",
        "handover.AcceptanceReport.file",
        "catalog.ProductDatasheet.file",
        "contracts.ContractFile.file",
    } <= labels
    for model, field in fields:
        names = [f.name for f in model._meta.concrete_fields]
        # the name field is saved after the file field, which fills it in pre_save
        assert names.index(field.name_field) > names.index(field.name), (model, field)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if type(field).__name__ == "FileField" and model.__module__.startswith("presales."):
                assert model.__name__.startswith("Historical"), f"{model._meta.label}.{field.name} is a plain FileField"


def test_a_deliverable_with_a_long_chinese_name_uploads_shows_and_downloads_whole(
    client, engineer, manager, opportunity
):
    from presales.opportunities.models import Deliverable, DeliverableType

    dtype = DeliverableType.objects.filter(stage__template=opportunity.template, fulfilled_by="").first()
    client.force_login(engineer)
    response = client.post(
        reverse("opportunities:deliverable_create", args=[opportunity.pk]),
        {"deliverable_type": dtype.pk, "file": _upload(LONG_NAME)},
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get(opportunity=opportunity)
    stored = deliverable.file.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= UploadStorage.max_name_bytes + 8 and stored.endswith(".pdf")
    assert deliverable.original_name == LONG_NAME
    assert deliverable.file_name == LONG_NAME

    download = client.get(reverse("opportunities:deliverable_download", args=[opportunity.pk, deliverable.pk]))
    assert download.status_code == 200
    assert quote(LONG_NAME) in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == file_content("a.pdf")


def test_a_solution_version_with_a_long_name_is_listed_by_its_whole_name(client, engineer, manager, opportunity):
    from presales.solutions import services
    from presales.solutions.models import SolutionVersion

    solution = services.solution_create(
        user=engineer, opportunity=opportunity, data={"title": "一体化电源改造方案"}, designers=[engineer]
    )
    client.force_login(engineer)
    response = client.post(
        reverse("solutions:version_create", args=[solution.pk]), {"file": _upload(LONG_NAME), "summary": "第一版"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = SolutionVersion.objects.get(solution=solution)
    assert version.file_name == LONG_NAME
    page = client.get(reverse("solutions:detail", args=[solution.pk]))
    assert LONG_NAME in page.content.decode()


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, file_content("a.pdf"), content_type="application/pdf")
