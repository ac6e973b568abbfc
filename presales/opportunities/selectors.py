"""Reads of opportunities, always scoped by presales.opportunities.access."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.approvals.models import ApprovalAssignment
from presales.approvals.selectors import latest_rounds, my_pending_assignments
from presales.events import selectors as event_selectors
from presales.opportunities.access import can_advance, opportunities_visible_to
from presales.opportunities.models import (
    Activity,
    Deliverable,
    Opportunity,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)

BOARD_CARDS_PER_COLUMN = 50


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


def board_columns(user: User, *, mine: bool = False) -> tuple[StageTemplate | None, list[BoardColumn]]:
    """Active opportunities of the default template in columns by stage, longest in stage
    first, at most BOARD_CARDS_PER_COLUMN cards each (the column links to the full list).
    A fixed number of queries whatever the row count: template, stages, totals, cards."""
    template = StageTemplate.objects.filter(is_default=True).first()
    if template is None:
        return None, []
    stages = list(template.stages.order_by("order"))
    qs = opportunities_visible_to(user).active().filter(template=template)
    if mine:
        qs = qs.filter(Q(sales_owner=user) | Q(presales_lead=user))
    totals = stage_totals(qs)
    ranked = qs.annotate(
        rank=Window(RowNumber(), partition_by=F("current_stage"), order_by=[F("stage_entered_at").asc(), F("id")])
    ).filter(rank__lte=BOARD_CARDS_PER_COLUMN)
    cards_by_stage = defaultdict(list)
    for opportunity in ranked.with_list_data().order_by("stage_entered_at", "id"):
        card = BoardCard(opportunity, _next_in(stages, opportunity), can_advance(user, opportunity))
        cards_by_stage[opportunity.current_stage_id].append(card)
    return template, [
        BoardColumn(
            stage,
            cards_by_stage[stage.pk],
            count=totals.get(stage.pk, {}).get("n", 0),
            total=totals.get(stage.pk, {}).get("amount") or Decimal(0),
        )
        for stage in stages
    ]


def board_card(user: User, opportunity: Opportunity, *, refused: bool = False) -> BoardCard:
    """One card, re-rendered in place after a move through the board: with the next move
    when the user may make it; without any when `refused` (the user may not move it)."""
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
    activities = list(
        Activity.objects.filter(opportunity=opportunity).select_related("created_by").prefetch_related("contacts")
    )
    # A follow-up stays open until the next activity is logged (services.activities).
    latest = max((a.pk for a in activities), default=None)
    for a in activities:
        a.follow_up_open = bool(a.next_follow_up_on and a.pk == latest and opportunity.is_active)
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
        "members": members,
    }


def my_opportunities(user: User) -> list[Opportunity]:
    """The active opportunities the user owns, leads or is on the team of (first 50 by sign date)."""
    mine = (
        opportunities_visible_to(user)
        .active()
        .filter(Q(sales_owner=user) | Q(presales_lead=user) | Q(members__user=user))
        .distinct()
        .with_list_data()
        .order_by("expected_sign_date")
    )
    return list(mine[:50])


def overdue(opportunities: list[Opportunity]) -> list[Opportunity]:
    today = timezone.localdate()
    return [o for o in opportunities if o.expected_sign_date and o.expected_sign_date < today]


def my_tasks(user: User) -> dict[str, list[OpportunityTask]]:
    """The user's open tasks of the current stage: overdue, due within a week, the others."""
    today = timezone.localdate()
    tasks = list(
        OpportunityTask.objects.filter(
            assignee=user,
            done_at__isnull=True,
            opportunity__status=OpportunityStatus.ACTIVE,
            opportunity__in=opportunities_visible_to(user).values("pk"),
        )
        .filter(stage=F("opportunity__current_stage"))
        .select_related("opportunity", "stage")
        .order_by("due_date", "id")[:50]
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
        open_follow_ups()
        .filter(
            created_by=user,
            next_follow_up_on__lte=today + timedelta(days=7),
            opportunity__in=opportunities_visible_to(user).values("pk"),
        )
        .select_related("opportunity")
        .order_by("next_follow_up_on", "pk")[: FOLLOW_UPS_SHOWN + 1]
    )
    more = len(rows) > FOLLOW_UPS_SHOWN
    rows = rows[:FOLLOW_UPS_SHOWN]
    return {
        "overdue_follow_ups": [a for a in rows if a.next_follow_up_on < today],
        "today_follow_ups": [a for a in rows if a.next_follow_up_on == today],
        "coming_follow_ups": [a for a in rows if a.next_follow_up_on > today],
        "more_follow_ups": more,
        "follow_ups_shown": FOLLOW_UPS_SHOWN,
    }


def awaiting_approval(user: User) -> list[ApprovalAssignment]:
    return list(my_pending_assignments(user)[:20])


def pipeline_for(user: User) -> list[dict[str, Any]]:
    """The department's pipeline, for those who see all."""
    return pipeline_summary(user) if sees_all(user) else []
