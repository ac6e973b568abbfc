"""Reminders before each deadline of a tender (manage.py send_tender_reminders, from cron).

Three days and one day before the questions deadline, the bid submission, the opening and the
expected return of a paid bid bond, the sales owner, the presales lead and the bid team are
told (in-app and by e-mail: presales.notifications.notify). A ReminderLog row per tender ×
deadline × its date × lead time makes a run idempotent: a second run sends nothing, a cron
that missed the three-day run sends the one-day reminder only, and a deadline moved to
another date is reminded of again."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone

from presales.notifications.models import NotificationKind
from presales.notifications.services import notify
from presales.tenders.deadlines import countdown, end_of_day
from presales.tenders.models import ACTIVE_STATUSES, WORKING_STATUSES, Deadline, ReminderLog, Tender, TenderStatus

LEAD_DAYS = (3, 1)


def _due(tender: Tender) -> list[tuple[str, str, datetime]]:
    found = []
    if tender.status in WORKING_STATUSES:
        for code, when in (
            (Deadline.QUESTIONS, tender.questions_due_at),
            (Deadline.SUBMISSION, tender.submission_due_at),
        ):
            if when:
                found.append((code.value, str(code.label), when))
    # the opening at the submission deadline (the usual case) is one reminder, not two
    if tender.status in ACTIVE_STATUSES and tender.opening_at and tender.opening_at != tender.submission_due_at:
        found.append((Deadline.OPENING.value, str(Deadline.OPENING.label), tender.opening_at))
    if tender.bond_paid_on and tender.bond_return_due_on and not tender.bond_returned_on:
        found.append(
            (Deadline.BOND_RETURN.value, str(Deadline.BOND_RETURN.label), end_of_day(tender.bond_return_due_on))
        )
    return found


def send_reminders(*, now: datetime | None = None) -> int:
    """Send the reminders due now; returns how many tender deadlines were reminded of."""
    now = now or timezone.now()
    horizon = now + timedelta(days=max(LEAD_DAYS))
    window = (
        Q(questions_due_at__gt=now, questions_due_at__lte=horizon)
        | Q(submission_due_at__gt=now, submission_due_at__lte=horizon)
        | Q(opening_at__gt=now, opening_at__lte=horizon)
        | Q(
            bond_paid_on__isnull=False,
            bond_returned_on__isnull=True,
            bond_return_due_on__gte=timezone.localdate(now),
            bond_return_due_on__lte=timezone.localdate(horizon),
        )
    )
    tenders = list(
        Tender.objects.exclude(status=TenderStatus.CANCELLED)
        .filter(window)
        .select_related("opportunity__sales_owner", "opportunity__presales_lead")
        .prefetch_related("team__user")
    )
    sent_before = set(
        ReminderLog.objects.filter(tender__in=tenders).values_list("tender_id", "deadline", "due_at", "lead_days")
    )
    reminded = 0
    for tender in tenders:
        for code, label, when in _due(tender):
            left = when - now
            leads = [days for days in LEAD_DAYS if timedelta(0) < left <= timedelta(days=days)]
            if not leads:
                continue
            lead = min(leads)
            if (tender.pk, code, when, lead) in sent_before:
                continue
            if _send(tender, code, label, when, lead, now):
                reminded += 1
    return reminded


def _send(tender: Tender, code: str, label: str, when: datetime, lead: int, now: datetime) -> bool:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(tender=tender, deadline=code, due_at=when, lead_days=lead)
            opportunity = tender.opportunity
            people = [opportunity.sales_owner, opportunity.presales_lead, *(m.user for m in tender.team.all())]
            at = formats.date_format(timezone.localtime(when), "Y-m-d H:i")
            notify(
                recipients=[p for p in people if p is not None and p.is_active],
                kind=NotificationKind.TENDER_DEADLINE,
                actor=None,
                subject=f"{tender.number} {tender.title} · {label} {at}（{countdown(when, now)}）",
                url=reverse("tenders:detail", args=[tender.pk]),
            )
    except IntegrityError:  # another run sent it meanwhile
        return False
    return True
