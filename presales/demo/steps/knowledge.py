"""The demo's library: folder keepers by role, then ~25 documents of both businesses through
the library's services — added by their owner where he keeps the folder (else by the presales
manager in his name), published by the presales manager, some left as drafts or in review,
one archived, some overdue or soon due for review — with small generated files.

The documents' own dates (written, published, next review) and download counts are history,
set afterwards by queryset updates as steps.backdate does for the other apps."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from presales.demo.context import DemoContext
from presales.demo.data.knowledge import (
    COMPETITORS_EDITOR_ROLE,
    EDITED_BY_PRESALES,
    EDITED_BY_SALES_AND_PRESALES,
    TECHNICAL_DOCUMENTS,
    DemoDocument,
)
from presales.demo.data.knowledge_shared import SHARED_DOCUMENTS
from presales.demo.data.people import PRESALES_MANAGER
from presales.demo.files import docx_file, image_file, pdf_file, pptx_file
from presales.knowledge import access
from presales.knowledge import services as library
from presales.knowledge.models import Document, DocumentVersion, Folder
from presales.knowledge.services import GrantSpec
from presales.knowledge.services.lifecycle import expire_overdue
from presales.lib.excel import build_workbook
from presales.lib.lifecycle import add_months


def _file(spec: DemoDocument):
    extension = spec.file.rsplit(".", 1)[-1]
    text = list(spec.text)
    if extension == "docx":
        return docx_file(spec.file, spec.title, text)
    if extension == "xlsx":
        rows = [line.split("\t") for line in text]
        from django.core.files.base import ContentFile

        return ContentFile(build_workbook(spec.title[:31], rows[0], rows[1:]), name=spec.file)
    if extension == "pdf":
        return pdf_file(spec.file, text)
    if extension == "pptx":
        return pptx_file(spec.file, text[0], text[1:])
    if extension in ("png", "jpg"):
        return image_file(spec.file, "PNG" if extension == "png" else "JPEG")
    from django.core.files.base import ContentFile

    return ContentFile("\n".join(text).encode(), name=spec.file)


def _keepers(ctx: DemoContext) -> None:
    """Who keeps which library: presales engineers most, sales with them the 业务库, the sales
    head the competitors' folder (read by presales and the sales heads only)."""
    admin = ctx.users[PRESALES_MANAGER]
    roles = {code: ("presales_engineer",) for code in EDITED_BY_PRESALES}
    roles |= {code: ("presales_engineer", "sales_rep", "sales_head") for code in EDITED_BY_SALES_AND_PRESALES}
    for folder in Folder.objects.filter(parent=None).select_related("library"):
        code = folder.library.code
        if code == "competitors":
            grants = [GrantSpec(right=g.right, target=g.target, role=g.role) for g in folder.grants.all()]
            grants.append(GrantSpec(right="edit", target="role", role=COMPETITORS_EDITOR_ROLE))
        elif code in roles:
            library.folder_update(user=admin, folder=folder, data={"inherit": False, "access": "everyone"})
            grants = [GrantSpec(right="edit", target="role", role=role) for role in roles[code]]
        else:
            continue
        library.folder_set_grants(user=admin, folder=folder, grants=grants)


def build_library(ctx: DemoContext) -> int:
    """The documents; returns how many."""
    ctx.clock.phase(ctx.moment(60), ctx.moment(1))
    manager = ctx.users[PRESALES_MANAGER]
    _keepers(ctx)
    folders = {(f.library.code, f.name): f for f in Folder.objects.select_related("library")}
    made: list[tuple[Document, DemoDocument]] = []
    for spec in TECHNICAL_DOCUMENTS + SHARED_DOCUMENTS:
        folder = folders[(spec.library, spec.folder)]
        owner = ctx.users[spec.owner]
        adder = owner if access.can_add_document(owner, folder) else manager
        document = library.document_create(
            user=adder,
            folder=folder,
            owner=owner,
            data={"title": spec.title, "review_interval_months": spec.interval},
            file=_file(spec),
            tags=spec.tags,
            products=[ctx.made.products[code] for code in spec.products if code in ctx.made.products],
            industries=spec.industries,
        )
        if spec.status != "draft":
            library.document_submit_review(document=document, user=adder)
        if spec.status in ("published", "expired", "archived"):
            library.document_publish(document=document, user=manager)
        if spec.status == "archived":
            library.document_archive(document=document, user=manager)
        made.append((document, spec))
    _history(ctx, made)
    return len(made)


def _history(ctx: DemoContext, made: list[tuple[Document, DemoDocument]]) -> None:
    """Each document's dates as the demo tells them; past review dates made overdue through the
    library's own rule (expire_overdue), so the search flags them."""
    today = ctx.today
    for document, spec in made:
        written = ctx.moment(spec.age)
        if spec.status == "expired":
            review = today - timedelta(days=10 + spec.age % 20)
        elif spec.review_in is not None:
            review = today + timedelta(days=spec.review_in)
        elif spec.interval and spec.status == "published":
            review = max(add_months(timezone.localtime(written).date(), spec.interval), today + timedelta(days=30))
        else:
            review = None
        published = spec.status in ("published", "expired", "archived")
        Document.objects.filter(pk=document.pk).update(
            created_at=written,
            updated_at=written,
            published_at=written if published else None,
            next_review_on=review if published else None,
            download_count=spec.downloads,
        )
        DocumentVersion.objects.filter(document=document).update(created_at=written)
    # only those the demo marks expired are past their date today
    expire_overdue(today=today - timedelta(days=7))
