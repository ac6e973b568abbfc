"""Reads of the deviation table, permission-scoped (presales.responses.access): the table
with its filters, the progress, the tender page's card and the submission check. Each runs a
fixed number of queries whatever the number of clauses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.responses import access
from presales.responses.models import Clause, ClauseStatus, Specification
from presales.tenders.models import Tender

STAR_LIST_MAX = 20  # clause numbers a refusal names before "…"


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    to_confirm: int
    open: int
    star_open: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def progress(clauses: QuerySet[Clause]) -> Progress:
    """Answered / to confirm / open, and the ★ clauses not answered yet: one query."""
    counts = clauses.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(status=ClauseStatus.ANSWERED)),
        to_confirm=Count("pk", filter=Q(status=ClauseStatus.TO_CONFIRM)),
        open=Count("pk", filter=Q(status=ClauseStatus.OPEN)),
        star_open=Count("pk", filter=Q(star=True) & ~Q(status=ClauseStatus.ANSWERED)),
    )
    return Progress(**counts)


def table(specification: Specification, *, status: str = "", assignee: int | None = None, star: bool = False):
    """The clauses of a specification, ★ clauses not answered first, then in document order."""
    rows = specification.clauses.select_related("entry", "assigned_to", "answered_by")
    if status in ClauseStatus.values:
        rows = rows.filter(status=status)
    if assignee:
        rows = rows.filter(assigned_to_id=assignee)
    if star:
        rows = rows.filter(star=True)
    first = Case(
        When(Q(star=True) & ~Q(status=ClauseStatus.ANSWERED), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return rows.annotate(star_first=first).order_by("star_first", "order", "id")


def export_rows(specification: Specification) -> QuerySet[Clause]:
    """Every clause in document order, for the exports."""
    return specification.clauses.select_related("entry").order_by("order", "id")


def tender_section(tender: Tender, user: User) -> dict | None:
    """The tender page's card: each specification with its progress."""
    specs = list(
        access.specifications_visible_to(user)
        .filter(tender=tender)
        .annotate(
            total=Count("clauses"),
            answered=Count("clauses", filter=Q(clauses__status=ClauseStatus.ANSWERED)),
            to_confirm=Count("clauses", filter=Q(clauses__status=ClauseStatus.TO_CONFIRM)),
            star_open=Count("clauses", filter=Q(clauses__star=True) & ~Q(clauses__status=ClauseStatus.ANSWERED)),
        )
        .order_by("created_at", "id")
    )
    if not specs and not _sees(tender, user):
        return None
    from presales.tenders import access as tender_access

    return {
        "tender": tender,
        "specifications": specs,
        "can_work": tender_access.can_work_on(user, tender),
    }


def _sees(tender: Tender, user: User) -> bool:
    from presales.tenders import access as tender_access

    return tender_access.can_view(user, tender)


def unanswered_star_clauses(tender: Tender) -> list[str]:
    """The tender's submission check (presales.tenders.checks): every ★ clause is answered."""
    numbers = list(
        Clause.objects.filter(specification__tender=tender, star=True)
        .exclude(status=ClauseStatus.ANSWERED)
        .order_by("specification_id", "order", "id")
        .values_list("number", "order")[: STAR_LIST_MAX + 1]
    )
    if not numbers:
        return []
    labels = [number or f"#{order}" for number, order in numbers[:STAR_LIST_MAX]]
    more = "…" if len(numbers) > STAR_LIST_MAX else ""
    return [_("★ clauses unanswered: %(clauses)s") % {"clauses": "、".join(labels) + more}]


def assignees(specification: Specification) -> list[User]:
    """Who a clause can be given to: the tender's bid team (its opportunity's people)."""
    opportunity = specification.tender.opportunity
    ids = {opportunity.sales_owner_id, opportunity.presales_lead_id}
    ids |= set(opportunity.members.values_list("user_id", flat=True))
    ids |= set(specification.tender.team.values_list("user_id", flat=True))
    known = {pk for pk in ids if pk is not None}
    return list(User.objects.filter(pk__in=known, is_active=True).order_by("username"))
