"""The API: upload a specification to a tender and get the filled table (JSON, Excel, the
buyer's table filled in); the tender's rules decide who may."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from presales.responses.tests.conftest import spec_docx, template_xlsx
from presales.testing import upload


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_upload_returns_the_filled_table(tender, library, engineer):
    url = f"/api/v1/tenders/{tender.pk}/specifications/"
    response = api(engineer).post(url, {"file": upload("规范书.docx", content=spec_docx())}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    rows = {c["number"]: c for c in body["clauses"]}
    assert rows["5.1.1"]["deviation"] == "positive" and rows["5.1.1"]["entry_code"] == library[0].code
    assert rows["5.1.5"]["deviation_label"] == "需人工确认"
    assert body["progress"]["total"] == len(body["clauses"])
    listed = api(engineer).get(url).json()
    assert [s["id"] for s in listed] == [body["id"]]


def test_the_table_as_excel(specification, engineer):
    from openpyxl import load_workbook

    url = f"/api/v1/tenders/{specification.tender_id}/specifications/{specification.pk}/?format=xlsx"
    response = api(engineer).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + specification.clauses.count()


def test_the_buyers_table_filled_in(tender, library, engineer):
    from openpyxl import load_workbook

    url = f"/api/v1/tenders/{tender.pk}/specifications/"
    created = api(engineer).post(url, {"file": upload("偏差表.xlsx", content=template_xlsx())}, format="multipart")
    assert created.status_code == 201
    response = api(engineer).get(f"{url}{created.json()['id']}/?format=template")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["技术偏差表", "填表说明"]


@pytest.mark.parametrize("name", ["说明.pdf", "空.docx"])
def test_a_refused_file_is_400(name, tender, engineer):
    url = f"/api/v1/tenders/{tender.pk}/specifications/"
    content = None if name.endswith(".pdf") else spec_docx([])
    response = api(engineer).post(url, {"file": upload(name, content=content)}, format="multipart")
    assert response.status_code == 400 and response.json()["file"]


def test_outsiders_and_readers(tender, library, other_rep, finance):
    url = f"/api/v1/tenders/{tender.pk}/specifications/"
    file = {"file": upload("规范书.docx", content=spec_docx())}
    assert api(other_rep).post(url, file, format="multipart").status_code == 404
    assert (
        api(finance).post(url, {"file": upload("规范书.docx", content=spec_docx())}, format="multipart").status_code
        == 403
    )
    assert api(other_rep).get(url).status_code == 404
    assert api(finance).get("/api/v1/tenders/999999999999999999999/specifications/").status_code == 404


def test_unknown_product_is_400(tender, library, engineer):
    url = f"/api/v1/tenders/{tender.pk}/specifications/"
    data = {"file": upload("规范书.docx", content=spec_docx()), "products": ["NO-SUCH"]}
    response = api(engineer).post(url, data, format="multipart")
    assert response.status_code == 400 and "NO-SUCH" in str(response.json())


def test_reading_the_table_runs_a_fixed_number_of_queries(tender, library, engineer, django_assert_max_num_queries):
    from presales.responses import services
    from presales.responses.tests.conftest import CLAUSES

    many = [(f"5.3.{n}", CLAUSES[n % len(CLAUSES)][1]) for n in range(1, 60)]
    specification = services.spec_upload(user=engineer, tender=tender, file=upload("大.docx", content=spec_docx(many)))
    client = api(engineer)
    url = f"/api/v1/tenders/{tender.pk}/specifications/{specification.pk}/"
    client.get(url)
    with django_assert_max_num_queries(12):
        body = client.get(url).json()
    assert len(body["clauses"]) == specification.clauses.count()
