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


def library_sections(specification: Specification, user: User) -> list[dict]:
    """The bid's company and product sections: the published library documents linked to the
    products named in the bid, that the user may read, newest version's text."""
    from presales.knowledge.access import documents_visible_to
    from presales.knowledge.models import DocumentStatus

    product_ids = list(specification.products.values_list("pk", flat=True))
    if not product_ids:
        return []
    documents = (
        documents_visible_to(user)
        .filter(products__in=product_ids, status=DocumentStatus.PUBLISHED)
        .distinct()
        .order_by("title", "pk")[:SECTION_DOCUMENTS_MAX]
    )
    sections = []
    from presales.knowledge.models import DocumentVersion

    latest: dict[int, str] = {}
    for version in DocumentVersion.objects.filter(document__in=documents).order_by("document_id", "-number"):
        latest.setdefault(version.document_id, version.extracted_text)
    for document in documents:
        text = (latest.get(document.pk) or document.description or "")[:SECTION_TEXT_MAX]
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        if paragraphs:
            sections.append({"title": document.title, "paragraphs": paragraphs})
    return sections


def bid_context(specification: Specification, user: User, template: TechnicalBidTemplate | None) -> dict:
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
        "sections": library_sections(specification, user),
        "deviations": exports.bid_deviations(rows),
    }


@transaction.atomic
def technical_bid_generate(*, user: User, specification: Specification) -> tuple[str, bytes]:
    """The technical bid as a .docx (name, content), recorded as the opportunity's 技术标书
    deliverable (FulfilledBy "technical_bid") when its template has one."""
    from presales.opportunities.services.deliverables import deliverable_record_approved

    require(access.can_work(user, specification))
    template = active_template()
    source = None
    if template is not None:
        with template.file.open("rb") as handle:
            source = handle.read()
    try:
        content = render_technical_bid(source, bid_context(specification, user, template))
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
