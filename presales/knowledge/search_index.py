"""What the library puts in the search index (presales.search): one passage per document —
its title, the text of its current version, its tags, product model codes and file name —
with the library, product and industry facets, and the "expired" flag on a document past its
review date.

Only published and review-overdue documents are indexed. Drafts, documents in review and
archived ones are not: search is where people find material to reuse, and those are not (yet,
or any more) material to reuse; their editors find them in their folder. Readers are limited
by presales.knowledge.access (documents_visible_to), so a restricted folder's documents never
appear, not even counted, for whoever may not read them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.customers.models import Industry
from presales.knowledge import access
from presales.knowledge.models import Document, DocumentStatus
from presales.search.registry import Passage, Source, register, register_facet_labels, related_by

INDEXED_STATUSES = (DocumentStatus.PUBLISHED, DocumentStatus.EXPIRED)


def document_passage(document: Document) -> Passage | None:
    if document.status not in INDEXED_STATUSES:
        return None
    version = document.current_version
    products = list(document.products.all())
    keywords = [t.name for t in document.tags.all()] + [p.model_code for p in products]
    if version is not None:
        keywords.append(version.file_name)
    codes = document.industry_codes
    return Passage(
        title=document.title,
        body="\n".join(part for part in (document.description, version.extracted_text if version else "") if part),
        url=reverse("knowledge:document", args=[document.pk]),
        keywords=" ".join(keywords),
        library=document.folder.library.name,
        product=", ".join(p.name for p in products),
        industry=codes[0] if codes else "",
        year=document.updated_at.year if document.updated_at else None,
        flags=("expired",) if document.status == DocumentStatus.EXPIRED else (),
        updated_at=document.updated_at,
    )


def documents_to_index():
    return (
        Document.objects.filter(status__in=INDEXED_STATUSES)
        .select_related("folder__library", "current_version")
        .prefetch_related("tags", "products")
    )


register(
    Source(
        type="document",
        label=_("Library document"),
        model="knowledge.Document",
        document=document_passage,
        queryset=documents_to_index,
        visible=access.visible_document_ids,
        related=(
            ("knowledge.DocumentVersion", "document_id"),
            related_by("knowledge.Library", Document, "folder__library_id"),
        ),
        order=90,
    )
)
register_facet_labels("industry", lambda: dict(Industry.choices))

# Success cases and competitor profiles (presales/knowledge/search_reuse.py).
from presales.knowledge import search_reuse  # noqa: E402, F401
