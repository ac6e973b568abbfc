"""What the answer library puts in the search index (presales.search): one passage per entry —
its code and requirement as the title, the requirement, wordings and standard answer as the
body, its tags and product model codes as keywords, the product facet, and the "expired" flag
on an approved entry past its review date.

Retired entries are not indexed. Readers are limited by presales.answers.access: approved
entries to everyone holding a role; drafts and entries in review to their owner, the
category's owner and the managers.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from presales.answers import access
from presales.answers.models import AnswerEntry, AnswerStatus
from presales.search.registry import Passage, Source, register


def entry_passage(entry: AnswerEntry) -> Passage | None:
    if entry.status == AnswerStatus.RETIRED:
        return None
    products = list(entry.products.all())
    wordings = [w.text for w in entry.wordings.all()]
    keywords = [entry.code] + [t.name for t in entry.tags.all()] + [p.model_code for p in products]
    overdue = (
        entry.status == AnswerStatus.APPROVED
        and entry.next_review_on is not None
        and entry.next_review_on < timezone.localdate()
    )
    return Passage(
        title=f"{entry.code} {entry.requirement[:80]}",
        body="\n".join([entry.requirement, *wordings, entry.answer, entry.deviation_note]),
        url=reverse("answers:entry", args=[entry.pk]),
        keywords=" ".join(keywords),
        product=", ".join(p.name for p in products),
        year=entry.updated_at.year if entry.updated_at else None,
        flags=("expired",) if overdue else (),
        updated_at=entry.updated_at,
    )


def entries_to_index():
    return AnswerEntry.objects.exclude(status=AnswerStatus.RETIRED).prefetch_related("tags", "products", "wordings")


register(
    Source(
        type="answer",
        label=_("Library answer"),
        model="answers.AnswerEntry",
        document=entry_passage,
        queryset=entries_to_index,
        visible=access.visible_entry_ids,
        related=(("answers.AnswerWording", "entry_id"),),
        order=95,
    )
)
