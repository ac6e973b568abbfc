"""Builders for tests and benchmarks. They go through the services, as users would."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

TEST_PASSWORD = "Ceshi-Mima-2026!"


def make_user(username: str, *roles: str, full_name: str = "", is_staff: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password=TEST_PASSWORD, full_name=full_name, is_staff=is_staff
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_customer(owner, name: str, **extra):
    from presales.customers.services import customer_create

    data = {"name": name, "industry": extra.pop("industry", "public_security"), **extra}
    return customer_create(user=owner, data=data)


def make_opportunity(owner, customer, *, name: str = "", presales_lead=None, team=None, **extra):
    from presales.opportunities.services import opportunity_create

    data = {
        "name": name or f"{customer.name}项目",
        "customer": customer,
        "sales_owner": owner,
        "presales_lead": presales_lead,
        "industry": extra.pop("industry", customer.industry),
        "expected_amount": extra.pop("expected_amount", Decimal("1200000")),
        "has_tender": extra.pop("has_tender", True),
        **extra,
    }
    return opportunity_create(user=owner, data=data, team=team or [])


def decide_pending(target, user, *, approve: bool = True, comment: str = ""):
    """`user` decides on the pending approval round of `target` (through the engine)."""
    from presales.approvals.models import Approval
    from presales.approvals.services import approval_decide

    approval = Approval.objects.for_target(target).pending().get()
    return approval_decide(approval=approval, user=user, approve=approve, comment=comment)


def complete_stage(opportunity, *, worker, approver):
    """Meet the current stage's exit criteria: every required task done and every required
    deliverable submitted (by `worker`) and approved (by `approver`, through the approvals
    engine). Deliverables that come from elsewhere (a signed-off solution, an approved
    acceptance report) are recorded as approved directly."""
    from presales.opportunities import services
    from presales.opportunities.models import OpportunityTask

    stage = opportunity.current_stage
    for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=stage, required=True):
        services.task_set_done(task=task, user=worker, done=True)
    for dtype in stage.deliverable_types.filter(required=True):
        if dtype.fulfilled_by:
            services.deliverable_record_approved(
                opportunity=opportunity,
                user=worker,
                fulfilled_by=dtype.fulfilled_by,
                title=dtype.name,
                source_url="/",
                note=f"{dtype.name}（测试）",
            )
            continue
        deliverable = services.deliverable_submit(
            opportunity=opportunity, user=worker, deliverable_type=dtype, note=f"{dtype.name}（测试）"
        )
        if dtype.approval_template_id:
            decide_pending(deliverable, approver)


def walk_to(opportunity, stage_code: str, *, worker, approver, mover=None):
    """Take an opportunity forward through every gate until it is in `stage_code`."""
    from presales.opportunities import services

    while opportunity.current_stage.code != stage_code:
        complete_stage(opportunity, worker=worker, approver=approver)
        target = services.next_stage(opportunity)
        if target is None:
            raise ValueError(f"{stage_code} is not ahead of {opportunity.current_stage.code}")
        opportunity = services.opportunity_advance(
            opportunity=opportunity, user=mover or opportunity.sales_owner, to_stage=target
        ).opportunity
    return opportunity


# Files whose content is what their name says: the upload check reads the content, so a test
# that uploads "a PDF" uploads a (tiny) real one.

_MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
_MINIMAL_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _ooxml(main_part: str, content_type: str, text: str) -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(main_part, f"<root>{escape(text)}</root>")
    return buffer.getvalue()


def file_content(name: str, text: str = "售前工作台测试文件") -> bytes:
    """Real bytes of the kind the name's extension says (pdf, docx, xlsx, pptx, png, jpg, txt, zip)."""
    import io

    extension = name.rsplit(".", 1)[-1].lower()
    if extension == "pdf":
        return _MINIMAL_PDF
    if extension == "docx":
        from docx import Document

        document = Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active["A1"] = text
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if extension in ("pptx", "vsdx"):
        ct = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        return _ooxml("ppt/presentation.xml", ct, text)
    if extension == "zip":
        return _ooxml("content.xml", "application/xml", text)
    if extension == "png":
        return _png()
    if extension in ("jpg", "jpeg"):
        return _MINIMAL_JPEG
    if extension in ("txt", "md", "csv"):
        return text.encode()
    raise ValueError(f"no sample content for .{extension}")


def upload(name: str, text: str = "售前工作台测试文件", content: bytes | None = None):
    """A SimpleUploadedFile named `name` with real content of that kind."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, file_content(name, text) if content is None else content)


def browser(user, language: str = "en"):
    """A separate test client logged in as `user`: one "browser" of a person (two of them
    open the same form to test a stale save). A logged-in person reads his own language
    (accounts.middleware.UserLanguageMiddleware), not his browser's: `language` becomes his
    choice, stored (every client of his reads it)."""
    from django.test import Client

    type(user).objects.filter(pk=user.pk).update(language=language)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def payload_of(form, **changes) -> dict:
    """The POST data a browser sends for `form` as it was shown (its current values, the
    hidden version included; files left out), with `changes` on top."""
    from datetime import date

    from django import forms

    data: dict = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, (list, tuple)) or isinstance(
            field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
        ):
            data[name] = [str(getattr(item, "pk", item)) for item in value or ()]
        elif value is None:
            data[name] = ""
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    data.update(changes)
    return data


def xlsx_bytes(response) -> bytes:
    """The body of a downloaded workbook, whether the export streams it (list exports) or not."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_sheet(response):
    """The first sheet of a downloaded workbook (streamed or not)."""
    from io import BytesIO

    from openpyxl import load_workbook

    return load_workbook(BytesIO(xlsx_bytes(response))).worksheets[0]


def xlsx_rows(response) -> list[tuple]:
    """Every row of a downloaded workbook's first sheet as values, the header row first."""
    return [tuple(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]
