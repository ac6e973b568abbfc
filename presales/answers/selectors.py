"""Reads of the answer library, scoped by presales.answers.access. Lists run a fixed number of
queries (the rows' category, owner and products come with them)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from presales.answers import access
from presales.answers.models import AnswerCategory, AnswerChange, AnswerEntry, AnswerStatus, AnswerUsage
from presales.catalog.models import Product
from presales.lib.lifecycle import DUE_WITHIN_DAYS
from presales.lib.views import get_or_404

SORTING = {
    "code": ("code",),
    "-code": ("-code",),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "review": ("next_review_on", "pk"),
    "-used": ("-usage_count", "code"),
}
SEARCH_MAX = 100  # ids a text search hands the list


def entry_list(
    user,
    *,
    category: int | None = None,
    status: str = "",
    due: bool = False,
    ids: list[int] | None = None,
    sort: str = "code",
) -> QuerySet[AnswerEntry]:
    rows = access.entries_visible_to(user)
    if category:
        rows = rows.filter(category_id=category)
    if status in AnswerStatus.values:
        rows = rows.filter(status=status)
    elif not status:
        rows = rows.exclude(status=AnswerStatus.RETIRED)
    if due:
        horizon = timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS)
        rows = rows.filter(status=AnswerStatus.APPROVED, next_review_on__lte=horizon)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return (
        rows.select_related("category", "owner")
        .prefetch_related(Prefetch("products", queryset=Product.objects.only("pk", "model_code", "name")), "tags")
        .order_by(*SORTING.get(sort, SORTING["code"]))
    )


def get_entry_for(user, pk) -> AnswerEntry:
    entry = get_or_404(AnswerEntry.objects.select_related("category", "category__owner", "owner"), pk=pk)
    if not access.can_view_entry(user, entry):
        raise Http404
    return entry


def categories() -> list[AnswerCategory]:
    return list(AnswerCategory.objects.select_related("parent", "owner").order_by("order", "name"))


def usages_of(entry: AnswerEntry, limit: int = 50) -> list[AnswerUsage]:
    return list(entry.usages.select_related("opportunity", "used_by")[:limit])


def changes_of(entry: AnswerEntry, limit: int = 20) -> list[AnswerChange]:
    return list(entry.changes.select_related("proposed_by")[:limit])


def history_of(entry: AnswerEntry, limit: int = 30) -> list:
    return list(entry.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])


def due_for(user) -> QuerySet[AnswerEntry]:
    horizon = timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS)
    return AnswerEntry.objects.filter(status=AnswerStatus.APPROVED, owner=user, next_review_on__lte=horizon)
