"""Reads of opportunities, always scoped by presales.opportunities.access."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone

from presales.accounts.models import User
from presales.accounts.roles import sees_all, user_roles
from presales.approvals.models import ApprovalAssignment
from presales.approvals.selectors import latest_rounds, pending_shown
from presales.events import selectors as event_selectors
from presales.opportunities.access import (
    can_advance,
    involved_ids,
    on_visible_opportunities,
    opportunities_visible_to,
)
from presales.opportunities.filters import BoardFilter
from presales.opportunities.models import (
    DEPARTMENT_ROLES,
    Activity,
    Deliverable,
    Opportunity,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)
from presales.opportunities.services.stages import gate_missing

# A column shows its 20 most recently touched cards; "还有 N 个" opens the rest in the list. The
# board renders at most 20 per stage whatever the department holds (bench/: 300 cards cost 10×
# the floor to render).
BOARD_CARDS_PER_COLUMN = 20


@dataclass(frozen=True)
class BoardCard:
    """An opportunity on the board: the move its card offers, and whether this user may make it."""

    opportunity: Opportunity
    next_stage: Stage | None
    can_advance: bool


@dataclass
class BoardColumn:
    stage: Stage
    cards: list[BoardCard]
    count: int = 0
    total: Decimal = Decimal(0)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


@dataclass
class Board:
    """The board as filtered: its columns, the filter form and the filters as a query string
    (kept in the columns' "more" links and in the moves, which re-render the columns)."""

    template: StageTemplate | None
    columns: list[BoardColumn]
    filter: BoardFilter
    query: str = ""


# The opportunity page's timeline shows this many activities, the latest (as events: 100).
ACTIVITIES_SHOWN = 100


def board_columns(user: User, params: QueryDict | None = None, *, only_stages: Collection[int] | None = None) -> Board:
    """Active opportunities of the default template the user sees, filtered by `params`
    (BoardFilter), in columns by stage. Each column shows the BOARD_CARDS_PER_COLUMN most
    recently touched (updated_at, then id, newest first), read by one LIMIT query per stage
    on the (status, current_stage, -updated_at) index; its count and 万元 total come from one
    aggregate over the whole filtered set, so "more" says how many the list holds.
    A fixed number of queries: template, stages, totals, and at most one per stage
    (`only_stages`: just those columns, re-rendered after a move)."""
    filterset = BoardFilter(params or None, queryset=opportunities_visible_to(user).active(), user=user)
    template = StageTemplate.objects.filter(is_default=True).first()
    if template is None:
        return Board(None, [], filterset)
    stages = list(template.stages.order_by("order"))
    qs = filterset.qs.filter(template=template)
    totals = stage_totals(qs)
    shown = [s for s in stages if only_stages is None or s.pk in only_stages]
    cards_by_stage: dict[int, list[BoardCard]] = {s.pk: [] for s in shown}
    filled = [s for s in shown if totals.get(s.pk, {}).get("n")]
    if filled:
        for o in qs.filter(pk__in=_newest_per_stage(qs, filled)).with_list_data().order_by("-updated_at", "-id"):
            cards_by_stage[o.current_stage_id].append(BoardCard(o, _next_in(stages, o), can_advance(user, o)))
    columns = [
        BoardColumn(
            stage,
            cards_by_stage[stage.pk],
            count=totals.get(stage.pk, {}).get("n", 0),
            total=totals.get(stage.pk, {}).get("amount") or Decimal(0),
        )
        for stage in shown
    ]
    return Board(template, columns, filterset, _filter_query(filterset))


def _newest_per_stage(qs: QuerySet[Opportunity], stages: list[Stage]) -> RawSQL:
    """The ids of each stage's BOARD_CARDS_PER_COLUMN most recently touched opportunities of
    `qs`, as one subquery: a UNION ALL of one ORDER BY updated_at DESC LIMIT per stage, each
    served by the (status, current_stage, -updated_at) index — never a rank over every active
    opportunity. (Django's ORM does not slice the parts of a union on SQLite, hence the SQL
    composed from the ORM's own queries, parameters kept apart.)"""
    parts: list[str] = []
    params: list = []
    for i, stage in enumerate(stages):
        newest = qs.filter(current_stage=stage).order_by("-updated_at", "-id").values("id")[:BOARD_CARDS_PER_COLUMN]
        sql, part_params = newest.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS newest_{i}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


def _filter_query(filterset: BoardFilter) -> str:
    """The valid, non-empty filters as a query string (what "more" and the moves carry)."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    query = QueryDict(mutable=True)
    for name in filterset.filters:
        value = filterset.data.get(name)
        if value not in (None, ""):
            query[name] = value
    return query.urlencode()


@dataclass(frozen=True)
class AdvanceConfirmation:
    """What the user confirms before a move: from where to where, and — forward — what the
    gate of the current stage still needs (the move is refused until it is met)."""

    opportunity: Opportunity
    from_stage: Stage
    to_stage: Stage
    back: bool
    missing: list[str]


def advance_confirmation(opportunity: Opportunity, to_stage: Stage) -> AdvanceConfirmation:
    back = to_stage.order < opportunity.current_stage.order
    missing = [] if back else gate_missing(opportunity)
    return AdvanceConfirmation(opportunity, opportunity.current_stage, to_stage, back, missing)


def board_card(user: User, opportunity: Opportunity, *, refused: bool = False) -> BoardCard:
    """One card, re-rendered in place on the board (a confirmation, a refusal): with the
    next move when the user may make it; without any when `refused` (the user may not move it)."""
    if refused:
        return BoardCard(opportunity, next_stage=None, can_advance=False)
    stages = list(opportunity.template.stages.filter(order__gt=opportunity.current_stage.order).order_by("order"))
    return BoardCard(opportunity, _next_in(stages, opportunity), can_advance(user, opportunity))


def stage_totals(queryset: QuerySet[Opportunity]) -> dict[int, Mapping[str, Any]]:
    """Count and expected amount per current stage, in one query."""
    return {
        row["current_stage"]: row
        for row in queryset.order_by().values("current_stage").annotate(n=Count("id"), amount=Sum("expected_amount"))
    }


def pipeline_summary(user: User) -> list[dict[str, Any]]:
    """Active opportunities the user sees, per stage of the default template (for the home page)."""
    template = StageTemplate.objects.filter(is_default=True).first()
    if template is None:
        return []
    totals = stage_totals(opportunities_visible_to(user).active().filter(template=template))
    return [
        {
            "stage": stage,
            "count": totals.get(stage.pk, {}).get("n", 0),
            "amount": totals.get(stage.pk, {}).get("amount") or Decimal(0),
        }
        for stage in template.stages.order_by("order")
    ]


def _next_in(stages: list[Stage], opportunity: Opportunity) -> Stage | None:
    """The next stage a forward move goes to, from an already-read list of stages."""
    for stage in stages:
        if stage.order > opportunity.current_stage.order and not stage.is_skipped_for(opportunity):
            return stage
    return None


@dataclass(frozen=True)
class DeliverableRow:
    """A deliverable on the opportunity page, with its latest approval round (None before any)."""

    deliverable: Deliverable
    approval: object | None


def opportunity_detail(opportunity: Opportunity, user: User | None = None) -> dict[str, Any]:
    """Everything the opportunity page shows, each list read once."""
    stages = list(opportunity.template.stages.order_by("order").prefetch_related("deliverable_types"))
    tasks = list(OpportunityTask.objects.filter(opportunity=opportunity).select_related("done_by", "assignee", "stage"))
    deliverables = list(
        Deliverable.objects.filter(opportunity=opportunity).select_related("deliverable_type__stage", "created_by")
    )
    rounds = latest_rounds(Deliverable, [d.pk for d in deliverables], user) if user is not None else {}
    rows = [DeliverableRow(d, rounds.get(d.pk)) for d in deliverables]
    # The most recently logged activities (bounded like the events: a page never grows with the
    # history), one more read to know whether older ones are left out.
    activities = list(
        Activity.objects.filter(opportunity=opportunity)
        .select_related("created_by")
        .prefetch_related("contacts")
        .order_by("-pk")[: ACTIVITIES_SHOWN + 1]
    )
    older_activities = len(activities) > ACTIVITIES_SHOWN
    activities = activities[:ACTIVITIES_SHOWN]
    # A follow-up stays open until the next activity is logged (services.activities).
    latest = max((a.pk for a in activities), default=None)
    for a in activities:
        open_ = bool(a.next_follow_up_on and a.pk == latest and opportunity.is_active)
        a.follow_up_open = open_  # type: ignore[attr-defined]
    # Everything recorded in the opportunity by every app (one query), in the reader's language.
    shown_events = event_selectors.for_opportunity(opportunity, user)
    members = list(opportunity.members.select_related("user"))
    timeline = sorted(
        [("activity", a.occurred_on, a.created_at, a) for a in activities]
        + [("event", timezone.localtime(e.at).date(), e.at, e) for e in shown_events],
        key=lambda item: (item[1], item[2]),
        reverse=True,
    )
    current = opportunity.current_stage
    stage_steps = []
    for stage in stages:
        if stage.pk == current.pk:
            state = "current"
        elif stage.is_skipped_for(opportunity):
            state = "skipped"
        elif stage.order < current.order:
            state = "done"
        else:
            state = "todo"
        stage_steps.append((stage, state))
    current_types = [dt for dt in stages[[s.pk for s in stages].index(current.pk)].deliverable_types.all()]
    return {
        "stage_steps": stage_steps,
        "stages": stages,
        "current_tasks": [t for t in tasks if t.stage_id == current.pk],
        "other_tasks": [t for t in tasks if t.stage_id != current.pk],
        "current_deliverable_types": current_types,
        "deliverables": rows,
        "current_deliverables": [row for row in rows if row.deliverable.deliverable_type.stage_id == current.pk],
        "timeline": timeline,
        "older_activities": older_activities,
        "members": members,
    }


def task_assignee_choices(opportunity: Opportunity) -> list[User]:
    """Who a task of the opportunity may be given to by hand (one query): its sales owner,
    presales lead and team, and the departments that do stage tasks (commercial, presales
    managers, service management, finance — they see every opportunity)."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=[pk for pk in (opportunity.sales_owner_id, opportunity.presales_lead_id) if pk])
            | Q(pk__in=opportunity.members.values("user_id"))
            | Q(groups__name__in=list(DEPARTMENT_ROLES.values()))
        )
        .distinct()
        .order_by("username")
    )


def my_opportunities(user: User) -> list[Opportunity]:
    """The active opportunities the user owns, leads or is on the team of (first 50 by sign date)."""
    mine = (
        opportunities_visible_to(user)
        .active()
        .filter(pk__in=involved_ids(user))  # by index per branch: no DISTINCT over a join
        .with_list_data()
        .order_by("expected_sign_date", "pk")
    )
    return list(mine[:50])


def overdue(opportunities: list[Opportunity]) -> list[Opportunity]:
    today = timezone.localdate()
    return [o for o in opportunities if o.expected_sign_date and o.expected_sign_date < today]


def my_tasks(user: User) -> dict[str, list[OpportunityTask]]:
    """The user's open tasks of the current stage — his own, and those waiting unassigned in
    the queue of a department he belongs to (commercial, presales managers, service
    management, finance: services._common.DEPARTMENT_ROLES) —: overdue, due within a week,
    the others. One query."""
    today = timezone.localdate()
    roles = user_roles(user)
    queues = [task_role for task_role, role in DEPARTMENT_ROLES.items() if role in roles]
    whose = Q(assignee=user)
    if queues:
        whose |= Q(assignee__isnull=True, role__in=queues)
    tasks = list(
        on_visible_opportunities(OpportunityTask.objects.all(), user)
        .filter(whose, done_at__isnull=True, opportunity__status=OpportunityStatus.ACTIVE)
        .filter(stage=F("opportunity__current_stage"))
        .select_related("opportunity", "stage")
        .order_by(F("due_date").asc(nulls_last=True), "id")[:50]
    )
    overdue_tasks = [t for t in tasks if t.due_date and t.due_date < today]
    due_soon = [t for t in tasks if t.due_date and today <= t.due_date <= today + timedelta(days=7)]
    other_tasks = [t for t in tasks if t not in overdue_tasks and t not in due_soon]
    return {"overdue_tasks": overdue_tasks, "due_soon_tasks": due_soon, "other_tasks": other_tasks}


def open_follow_ups() -> QuerySet[Activity]:
    """The activities whose follow-up is still open: a follow-up date, an active opportunity,
    and no activity logged on it since (the next contact is the follow-up)."""
    later = Activity.objects.filter(opportunity=OuterRef("opportunity"), pk__gt=OuterRef("pk"))
    return Activity.objects.filter(
        next_follow_up_on__isnull=False, opportunity__status=OpportunityStatus.ACTIVE
    ).exclude(Exists(later))


FOLLOW_UPS_SHOWN = 50


def my_follow_ups(user: User) -> dict[str, Any]:
    """The user's open follow-ups (of the activities he logged) due by a week from today, on
    the opportunities he still sees: overdue, today, the coming week. One query."""
    today = timezone.localdate()
    rows = list(
        on_visible_opportunities(open_follow_ups(), user)
        .filter(created_by=user, next_follow_up_on__lte=today + timedelta(days=7))
        .select_related("opportunity")
        .order_by("next_follow_up_on", "pk")[: FOLLOW_UPS_SHOWN + 1]
    )
    more = len(rows) > FOLLOW_UPS_SHOWN
    rows = rows[:FOLLOW_UPS_SHOWN]
    return {
        # every row has a date: open_follow_ups() keeps only activities with a next follow-up
        "overdue_follow_ups": [a for a in rows if a.next_follow_up_on and a.next_follow_up_on < today],
        "today_follow_ups": [a for a in rows if a.next_follow_up_on == today],
        "coming_follow_ups": [a for a in rows if a.next_follow_up_on and a.next_follow_up_on > today],
        "more_follow_ups": more,
        "follow_ups_shown": FOLLOW_UPS_SHOWN,
    }


AWAITING_SHOWN = 20  # decisions listed on the home page


def awaiting_approval(user: User) -> list[ApprovalAssignment]:
    return pending_shown(user, AWAITING_SHOWN)


def pipeline_for(user: User) -> list[dict[str, Any]]:
    """The department's pipeline, for those who see all."""
    return pipeline_summary(user) if sees_all(user) else []
