"""Deadline reminders (manage.py send_tender_reminders): before each deadline, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from presales.notifications.models import Notification
from presales.tenders import services
from presales.tenders.models import ReminderLog
from presales.tenders.services.reminders import send_reminders
from presales.tenders.tests.conftest import register

pytestmark = pytest.mark.django_db


def test_reminders_go_to_the_team_once(in_tender, rep, engineer, other_engineer, manager):
    now = timezone.now()
    tender = register(
        in_tender,
        rep,
        questions_due_at=now + timedelta(days=2, hours=5),
        submission_due_at=now + timedelta(days=10),
        opening_at=now + timedelta(days=10),
    )
    services.team_add(tender=tender, user=rep, member=other_engineer, role="商务标")

    assert send_reminders(now=now) == 1  # questions in 2 days: the 3-day reminder
    recipients = set(Notification.objects.filter(kind="tender_deadline").values_list("recipient__username", flat=True))
    assert recipients == {"rep", "engineer", "other_engineer"}
    assert send_reminders(now=now) == 0  # idempotent
    assert send_reminders(now=now + timedelta(days=1, hours=6)) == 1  # then the 1-day one
    assert send_reminders(now=now + timedelta(days=1, hours=7)) == 0
    assert ReminderLog.objects.count() == 2
    assert send_reminders(now=now + timedelta(days=7, hours=1)) == 1  # submission (and the opening with it)
    # a moved deadline is reminded of again
    services.tender_update(
        tender=tender,
        user=rep,
        data={"submission_due_at": now + timedelta(days=8), "opening_at": now + timedelta(days=8)},
    )
    assert send_reminders(now=now + timedelta(days=7, hours=2)) == 1


def test_the_bond_return_is_reminded_after_the_outcome(in_tender, rep):
    today = timezone.localdate()
    tender = register(in_tender, rep)
    services.tender_update(
        tender=tender,
        user=rep,
        data={"bond_paid_on": today - timedelta(days=20), "bond_return_due_on": today + timedelta(days=1)},
    )
    assert send_reminders() >= 1
    assert ReminderLog.objects.filter(deadline="bond_return").exists()


def test_the_command_runs(in_tender, rep, capsys):
    register(in_tender, rep, questions_due_at=timezone.now() + timedelta(hours=20))
    call_command("send_tender_reminders")
    assert "tender deadline reminders sent: 1" in capsys.readouterr().out
