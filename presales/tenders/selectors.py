"""Reads of tenders, permission-scoped through presales.tenders.access, each in a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Case, DateTimeField, F, Q, QuerySet, When
from django.utils import timezone

from presales.accounts.models import User
from presales.lib.paging import SEARCH_MAX, contains_any
from presales.opportunities.models import Deliverable, DeliverableStatus, FulfilledBy, Opportunity
from presales.tenders import access
from presales.tenders.deadlines import countdown, next_deadline
from presales.tenders.models import (
    ACTIVE_STATUSES,
    BidCriterion,
    BidDecision,
    BidTeamMember,
    OutcomeResult,
    PackageItem,
    PackageItemType,
    ReviewKind,
    ReviewResult,
    Tender,
    TenderOutcome,
    TenderStatus,
    WorkStatus,
)

DEADLINE_WINDOWS = {"3": 3, "7": 7, "30": 30}
MY_BIDS_SHOWN = 10


def with_next_due(qs: QuerySet[Tender], now=None) -> Any:
    """`next_due`: the first of questions / submission / opening still ahead (None when all
    passed), for sorting and filtering in the database. (Typed Any: the type checker knows no
    annotated field, and the callers filter and sort on it.)"""
    now = now or timezone.now()
    return qs.annotate(
        next_due=Case(
            When(questions_due_at__gt=now, then=F("questions_due_at")),
            When(submission_due_at__gt=now, then=F("submission_due_at")),
            When(opening_at__gt=now, then=F("opening_at")),
            default=None,
            output_field=DateTimeField(),
        )
    )


def tender_list(user: User, params) -> QuerySet[Tender]:
    """The list page and the API: the tenders the user sees, filtered by status (default:
    the open ones), by a deadline within N days (or passed), and by text; the next deadline
    first, then the most recent submission deadline."""
    now = timezone.now()
    qs = with_next_due(access.tenders_visible_to(user).with_list_data(), now)
    status = params.get("status", "open")
    if status == "open":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status in TenderStatus.values:
        qs = qs.filter(status=status)
    deadline = params.get("deadline", "")
    if deadline in DEADLINE_WINDOWS:
        qs = qs.filter(next_due__isnull=False, next_due__lte=now + timedelta(days=DEADLINE_WINDOWS[deadline]))
    elif deadline == "passed":
        qs = qs.filter(next_due__isnull=True)
    q = (params.get("q") or "").strip()[:SEARCH_MAX]
    if q:
        qs = qs.filter(contains_any(q, "number", "title", "buyer", "agency", "opportunity__name", "opportunity__code"))
    return qs.order_by(F("next_due").asc(nulls_last=True), "-submission_due_at", "-pk")


def approved_bid_price(opportunity: Opportunity) -> Deliverable | None:
    """The bid price approved in price review (PCST): the quotes app records it as the
    opportunity's approved 《PCST评审通过的投标报价》 deliverable, with the version's total."""
    return (
        Deliverable.objects.filter(
            opportunity=opportunity,
            deliverable_type__fulfilled_by=FulfilledBy.PRICE_REVIEW,
            status=DeliverableStatus.APPROVED,
        )
        .order_by("-approved_at", "-pk")
        .first()
    )


def tender_detail(tender: Tender, user: User) -> dict[str, Any]:
    """Everything the tender page shows, in a fixed number of queries."""
    from presales.tenders.services.decision import recommendation

    now = timezone.now()
    decision = BidDecision.objects.filter(tender=tender).select_related("decided_by").first()
    criteria = list(BidCriterion.objects.filter(is_active=True))
    scores = list(decision.scores.select_related("scored_by")) if decision else []
    by_criterion = {s.criterion_id: s for s in scores}
    advice = recommendation(decision, criteria, scores) if decision else None
    reviews = list(tender.reviews.select_related("reviewer").order_by("kind", "order", "pk"))
    package = list(tender.package.select_related("item_type", "owner", "document").order_by("item_type__order", "pk"))
    today = timezone.localdate()
    for item in package:
        document = item.document
        item.expired = bool(document and document.valid_until and document.valid_until < today)  # type: ignore[attr-defined]
        item.missing = not item.file and document is None  # type: ignore[attr-defined]
    price = approved_bid_price(tender.opportunity) if any(r.checks_bid_price for r in reviews) else None
    upcoming = next_deadline(tender, now)
    can_work = access.can_work_on(user, tender)
    from presales.tenders.services.reviews import submission_problems

    return {
        "tender": tender,
        "opportunity": tender.opportunity,
        "deadlines": [
            {"code": code, "label": label, "when": when, "countdown": countdown(when, now), "passed": when <= now}
            for code, label, when in tender.deadlines()
        ],
        "next_deadline": upcoming,
        "next_countdown": countdown(upcoming[2], now) if upcoming else "",
        "lots": list(tender.lots.all()),
        "files": list(tender.files.select_related("uploaded_by")),
        "decision": decision,
        "criteria": [{"criterion": c, "score": by_criterion.get(c.pk)} for c in criteria],
        "advice": advice,
        "team": list(tender.team.select_related("user")),
        "tasks": list(tender.tasks.select_related("owner")),
        "package": package,
        "package_types": list(PackageItemType.objects.filter(is_active=True)),
        "reviews": {
            "self": [r for r in reviews if r.kind == ReviewKind.SELF],
            "cross": [r for r in reviews if r.kind == ReviewKind.CROSS],
        },
        "bid_price": price,
        "outcome": getattr(tender, "outcome", None)
        if tender.status in (TenderStatus.AWARDED, TenderStatus.LOST)
        else None,
        "problems": submission_problems(tender) if can_work and tender.status == TenderStatus.BIDDING else [],
        "can_work": can_work,
        "can_edit": access.can_edit(user, tender),
        "can_decide": access.can_decide(user, tender),
        "can_team": access.can_manage_team(user, tender),
        "can_outcome": access.can_record_outcome(user, tender),
        "statuses": {"pending": ReviewResult.PENDING, "fail": ReviewResult.FAIL},
        "work_statuses": WorkStatus.choices,
        "review_results": ReviewResult.choices,
    }


def opportunity_section(opportunity: Opportunity, user: User) -> dict[str, Any] | None:
    """The opportunity page's tender card: its tenders (the open one first) with the next
    deadline's countdown; nothing for an opportunity without a tender that cannot have one.
    Two queries."""
    now = timezone.now()
    tenders = list(Tender.objects.filter(opportunity=opportunity).order_by("-created_at", "-pk")[:5])
    can_register = opportunity.current_stage.role in ("tender", "bidding") and access.can_register(user, opportunity)
    if not tenders and not can_register:
        return None
    rows = []
    for tender in tenders:
        upcoming = next_deadline(tender, now) if tender.is_active else None
        rows.append({"tender": tender, "next": upcoming, "countdown": countdown(upcoming[2], now) if upcoming else ""})
    has_open = any(t.is_active for t in tenders)
    return {"tender_rows": rows, "can_register_tender": can_register and not has_open}


LOSSES_SHOWN = 10


def losses_to(competitor, user: User) -> dict[str, Any] | None:
    """The competitor page's card (knowledge): the bids we lost to them among the tenders the
    user sees, with their price and the reasons. Narrowed by text in the database, matched by
    name here as the profile's encounters are (presales.knowledge.competitor_names). Two
    queries at most."""
    from presales.knowledge.competitor_names import name_key, split_names
    from presales.knowledge.selectors_reuse import competitor_keys

    names = [competitor.name, *split_names(competitor.aliases)]
    text = Q()
    for name in names:
        text |= Q(winning_competitor__icontains=name)
    keys = competitor_keys(competitor)
    outcomes = (
        TenderOutcome.objects.filter(result=OutcomeResult.LOSS, tender__in=access.tenders_visible_to(user))
        .filter(text)
        .select_related("tender", "tender__opportunity")
        .order_by("-decided_on", "-pk")
    )
    rows = [o for o in outcomes[:200] if {name_key(n) for n in split_names(o.winning_competitor)} & keys]
    if not rows:
        return None
    return {"losses": rows[:LOSSES_SHOWN], "losses_total": len(rows)}


def my_bids(user: User) -> dict[str, Any] | None:
    """ "My work": the open tenders I work on (sales owner, presales lead, bid team, owner of a
    package item), the next deadline first. Two queries."""
    now = timezone.now()
    mine = (
        Q(opportunity__sales_owner=user)
        | Q(opportunity__presales_lead=user)
        | Q(pk__in=BidTeamMember.objects.filter(user=user).values("tender_id"))
        | Q(pk__in=PackageItem.objects.filter(owner=user).values("tender_id"))
    )
    qs = access.tenders_visible_to(user).filter(status__in=ACTIVE_STATUSES).filter(mine)
    qs = with_next_due(qs, now).select_related("opportunity")
    tenders = list(qs.order_by(F("next_due").asc(nulls_last=True), "pk")[: MY_BIDS_SHOWN + 1])
    if not tenders:
        return None
    rows = []
    for tender in tenders[:MY_BIDS_SHOWN]:
        upcoming = next_deadline(tender, now)
        rows.append(
            {
                "tender": tender,
                "next": upcoming,
                "countdown": countdown(upcoming[2], now) if upcoming else "",
                "soon": bool(upcoming and upcoming[2] - now <= timedelta(days=3)),
            }
        )
    return {"bid_rows": rows, "more_bids": len(tenders) > MY_BIDS_SHOWN}
