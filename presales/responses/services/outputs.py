"""The technical bid (技术标书): generated from the admin's template (or the built-in one) with
the company and product sections from the library and the deviation table, stored as the
opportunity's 技术标书 deliverable."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, require
from presales.responses import access, events, exports, selectors
from presales.responses.models import Specification, TechnicalBidTemplate
from presales.responses.specs.techbid import render_technical_bid

SECTION_TEXT_MAX = 20_000  # characters of one library document put into the bid
SECTION_DOCUMENTS_MAX = 20


def active_template() -> TechnicalBidTemplate | None:
    return TechnicalBidTemplate.objects.filter(is_active=True).order_by("-created_at", "-id").first()


SECTION_CHOICES_MAX = 200  # library documents offered in the picker


def _readable_published(user: User):
    from presales.knowledge.access import documents_visible_to
    from presales.knowledge.models import DocumentStatus

    return documents_visible_to(user).filter(status=DocumentStatus.PUBLISHED)


def linked_documents(specification: Specification, user: User) -> list:
    """The published documents linked to the products named in the bid that `user` may read:
    the sections a bid gets unless someone chooses others."""
    product_ids = list(specification.products.values_list("pk", flat=True))
    if not product_ids:
        return []
    rows = _readable_published(user).filter(products__in=product_ids).distinct()
    return list(rows.select_related("folder", "folder__library").order_by("title", "pk")[:SECTION_DOCUMENTS_MAX])


def section_choices(specification: Specification, user: User) -> tuple[list, list]:
    """(linked, others) for the picker: the product-linked documents (chosen by default), then
    the other published documents the user may read (company profile, qualifications, cases,
    standard texts), by library, folder and title, at most SECTION_CHOICES_MAX."""
    linked = linked_documents(specification, user)
    others = (
        _readable_published(user)
        .exclude(pk__in=[d.pk for d in linked])
        .select_related("folder", "folder__library")
        .order_by("folder__library__order", "folder__library__pk", "folder__name", "title", "pk")[:SECTION_CHOICES_MAX]
    )
    return linked, list(others)


def library_sections(specification: Specification, user: User, document_ids: list[int] | None = None) -> list[dict]:
    """The bid's sections, one per library document, its newest version's text: the documents
    `document_ids` names (in that order; only published ones the user may read), or, when None,
    the ones linked to the bid's products."""
    from presales.knowledge.models import DocumentVersion

    if document_ids is None:
        documents = linked_documents(specification, user)
    else:
        wanted = list(dict.fromkeys(document_ids))[:SECTION_DOCUMENTS_MAX]
        found = {d.pk: d for d in _readable_published(user).filter(pk__in=wanted)}
        documents = [found[pk] for pk in wanted if pk in found]
    latest: dict[int, str] = {}
    versions = DocumentVersion.objects.filter(document__in=[d.pk for d in documents]).order_by("document_id", "-number")
    for version in versions.only("document_id", "number", "extracted_text"):
        latest.setdefault(version.document_id, version.extracted_text)
    sections = []
    for document in documents:
        text = (latest.get(document.pk) or document.description or "")[:SECTION_TEXT_MAX]
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        if paragraphs:
            sections.append({"title": document.title, "paragraphs": paragraphs})
    return sections


def bid_context(
    specification: Specification,
    user: User,
    template: TechnicalBidTemplate | None,
    document_ids: list[int] | None = None,
) -> dict:
    tender = specification.tender
    lots = "、".join(
        f"{number} {name}".strip() for number, name in tender.lots.order_by("pk").values_list("number", "name")
    )
    rows = exports.rows_of_clauses(selectors.export_rows(specification))
    return {
        "company": (template.company if template and template.company else settings.PRESALES_COMPANY_NAME),
        "tender": {
            "number": tender.number,
            "title": tender.title,
            "buyer": tender.buyer,
            "agency": tender.agency,
            "lots": lots,
        },
        "date": timezone.localdate().isoformat(),
        "sections": library_sections(specification, user, document_ids),
        "deviations": exports.bid_deviations(rows),
    }


@transaction.atomic
def technical_bid_generate(
    *, user: User, specification: Specification, document_ids: list[int] | None = None
) -> tuple[str, bytes]:
    """The technical bid as a .docx (name, content), recorded as the opportunity's 技术标书
    deliverable (FulfilledBy "technical_bid") when its template has one. Its sections are the
    library documents `document_ids` names (None: those linked to the bid's products)."""
    from presales.opportunities.services.deliverables import deliverable_record_approved

    require(access.can_work(user, specification))
    template = active_template()
    source = None
    if template is not None:
        with template.file.open("rb") as handle:
            source = handle.read()
    try:
        content = render_technical_bid(source, bid_context(specification, user, template, document_ids))
    except Exception as exc:  # docxtpl/jinja raise their own types for a broken template
        raise ServiceError(
            _("The technical bid template could not be filled: %(error)s") % {"error": str(exc)[:200]}
        ) from exc
    tender = specification.tender
    name = f"{tender.number or tender.pk}-技术标书.docx"
    stored = ContentFile(content, name=name)
    from django.core.files.storage import default_storage

    path = default_storage.save(f"responses/bids/{tender.pk}/{name}", stored)
    stored.name = path
    from presales.responses.services.clauses import table_url

    deliverable_record_approved(
        opportunity=tender.opportunity,
        user=user,
        fulfilled_by="technical_bid",
        title=_("Technical bid %(number)s") % {"number": tender.number},
        source_url=table_url(specification),
        file=stored,
    )
    events.bid_generated(specification, user)
    return name, content
