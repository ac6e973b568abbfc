"""Back-dating, the only place the demo writes past the services: what the build wrote now is
moved to the moment the demo says it happened (presales.demo.clock), and the calendar dates
typed into forms follow.

The services stamp everything with the real time, so a fresh demo would look as if the
whole department's year happened in the last minute. Only queryset updates (`update`,
`bulk_update`): no save(), so no auto_now, no new history rows, no events.

The two steps that read event rows (when each stage was entered, when each contract was
signed) are functions of their own: `task_due_dates_from_stage_events` and
`contract_dates_from_signed_events`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

from presales.contracts import events as contract_events
from presales.contracts.models import ActualCost, Contract
from presales.demo.clock import Clock
from presales.demo.context import DemoContext
from presales.events.models import Event
from presales.handover.models import AcceptanceReport, Handover, SupportVisit
from presales.opportunities import events as opportunity_events
from presales.opportunities.models import OpportunityTask
from presales.service_requests.models import ServiceRequest, SiteSurvey
from presales.solutions.models import QASession, Review

BACKDATED_APPS = (
    "accounts",
    "customers",
    "opportunities",
    "approvals",
    "notifications",
    "service_requests",
    "solutions",
    "handover",
    "catalog",
    "quotes",
    "contracts",
    "events",
)


def backdate(ctx: DemoContext, opportunity_ids: list[int]) -> int:
    """Every timestamp the build wrote moved through the clock, then the dates that follow
    from them (due dates of checklist tasks, meeting, survey, visit and contract dates).
    Returns the rows rewritten."""
    rewritten = rewrite_timestamps(ctx.clock)
    rewritten += task_due_dates_from_stage_events(opportunity_ids)
    workflow_dates(ctx)
    contract_dates_from_signed_events(ctx)
    unsigned_contract_dates()
    return rewritten


def rewrite_timestamps(clock: Clock) -> int:
    """Every date-time column written during the build (event times, created/updated/
    approved/done/closed times, stage entry times, the history rows of django-simple-history)
    mapped through the clock to the demo's own calendar: no project 0 days in its stage, no
    event today. Rows written before the build are left alone. Returns the rows rewritten."""
    since = clock.started
    rewritten = 0
    for label in BACKDATED_APPS:
        for model in apps.get_app_config(label).get_models():
            names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
            if not names:
                continue
            written = models.Q()
            for name in names:
                written |= models.Q(**{f"{name}__gte": since})
            manager = model._base_manager
            for pk, *values in manager.filter(written).values_list("pk", *names):
                changes = {
                    name: clock.virtual(value)
                    for name, value in zip(names, values, strict=True)
                    if value is not None and value >= since
                }
                manager.filter(pk=pk).update(**changes)
                rewritten += 1
    return rewritten


def task_due_dates_from_stage_events(opportunity_ids: list[int]) -> int:
    """The due date of each checklist task recomputed from the (back-dated) moment its stage
    was entered, read from the opportunities' stage-move events. Returns the tasks rewritten."""
    entered: dict[tuple[int, int], datetime] = {}
    for event in Event.objects.filter(
        opportunity_id__in=opportunity_ids, kind__in=opportunity_events.STAGE_ENTRIES
    ).order_by("at", "id"):
        entered.setdefault((event.opportunity_id, event.data["to_stage_id"]), event.at)
    tasks = list(
        OpportunityTask.objects.filter(
            opportunity_id__in=opportunity_ids, stage_task__due_days__isnull=False
        ).select_related("stage_task")
    )
    for task in tasks:
        entry = entered.get((task.opportunity_id, task.stage_id))
        if entry is not None:
            task.due_date = timezone.localtime(entry).date() + timedelta(days=task.stage_task.due_days)
    OpportunityTask.objects.bulk_update(tasks, ["due_date"], batch_size=500)
    return len(tasks)


def workflow_dates(ctx: DemoContext) -> None:
    """After the back-dating: the calendar dates typed into forms follow the back-dated
    moments (a review is held the day it is recorded, a survey the day work started…)."""
    local = timezone.localdate

    def on(moment: datetime | None) -> date | None:
        return local(moment) if moment else None

    for pk, days in ctx.made.history_requests:
        sr = ServiceRequest.objects.get(pk=pk)
        wanted = on(sr.submitted_at) + timedelta(days=days)
        ServiceRequest.objects.filter(pk=pk).update(wanted_by=wanted, due_date=wanted)
    for survey in SiteSurvey.objects.select_related("request"):
        day = on(survey.request.started_at or survey.request.accepted_at)
        if day:
            SiteSurvey.objects.filter(pk=survey.pk).update(surveyed_on=day)
    for review in Review.objects.all():
        Review.objects.filter(pk=review.pk).update(held_on=on(review.recorded_at))
    for session in QASession.objects.all():
        QASession.objects.filter(pk=session.pk).update(held_on=on(session.created_at))
    for handover in Handover.objects.select_related("acceptance"):
        start = on(handover.created_at)
        report = getattr(handover, "acceptance", None)
        finish = on(report.created_at) if report else None
        end = finish - timedelta(days=1) if finish else max(ctx.today + timedelta(days=20), start)
        Handover.objects.filter(pk=handover.pk).update(
            handed_over_at=start,
            planned_start=start + timedelta(days=3),
            planned_end=max(end, start + timedelta(days=5)),
        )
        if report:
            AcceptanceReport.objects.filter(pk=report.pk).update(accepted_on=finish)
        last = min(finish or ctx.today, ctx.today)
        visits = list(SupportVisit.objects.filter(handover=handover).order_by("id"))
        for n, visit in enumerate(visits):
            day = start + (last - start) * (n + 1) / (len(visits) + 1)
            SupportVisit.objects.filter(pk=visit.pk).update(visited_on=day)


def contract_dates_from_signed_events(ctx: DemoContext) -> None:
    """A contract is signed the day its signing was recorded (its "signed" event), the
    delivery date follows it, costs fall between signing and the day they were entered.
    The contract, the date the signed event records and the contract's history rows from
    the signing on all say the same day."""
    local = timezone.localdate
    for event in Event.objects.filter(kind=contract_events.SIGNED):
        day = min(local(event.at), ctx.today)
        dates = {"signed_on": day, "delivery_date": day + timedelta(days=45)}
        Contract.objects.filter(pk=event.subject_id).update(**dates)
        Contract.history.filter(id=event.subject_id, signed_on__isnull=False).update(**dates)
        Event.objects.filter(pk=event.pk).update(data={**event.data, "signed_on": str(day)})
        for cost in ActualCost.objects.filter(contract_id=event.subject_id):
            entered = min(local(cost.entered_at), ctx.today)
            ActualCost.objects.filter(pk=cost.pk).update(incurred_on=max(day, entered - timedelta(days=3)))


def unsigned_contract_dates() -> None:
    """A contract not signed yet is due for delivery two months after it was drawn up."""
    local = timezone.localdate
    for contract in Contract.objects.filter(signed_on__isnull=True):
        Contract.objects.filter(pk=contract.pk).update(delivery_date=local(contract.created_at) + timedelta(days=60))
