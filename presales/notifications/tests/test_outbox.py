"""The outgoing mail queue: every e-mail is a row written with its notification; a failed send
is recorded, retried with back-off, given up after the last attempt and kept for the admin."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from smtplib import SMTPServerDisconnected
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse

from presales.notifications.models import MailStatus, Notification, NotificationKind, OutgoingMail
from presales.notifications.outbox import send_due
from presales.notifications.services import mail_retry, notify
from presales.notifications.tasks import send_queued_mail

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI)


class FlakyBackend(LocmemBackend):
    """The locmem outbox, with a switch: addresses in `down` (or "*" for all) fail as a dead
    mail server would. `tries` counts every message handed to it."""

    down: set[str] = set()
    tries: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            FlakyBackend.tries.append(message.to[0])
            if "*" in self.down or set(message.to) & self.down:
                raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    settings.PRESALES_MAIL_RETRY_MINUTES = [1, 5, 30, 120, 720]
    settings.PRESALES_MAIL_MAX_ATTEMPTS = 6
    FlakyBackend.down = {"*"}
    FlakyBackend.tries = []
    django_mail.outbox = []
    yield FlakyBackend
    FlakyBackend.down = set()


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def addressed(manager, sales_head):
    manager.email = "manager@example.com"
    manager.save()
    sales_head.email = "head@example.com"
    sales_head.save()
    return manager, sales_head


def tell(recipients, actor, subject="《方案》 v1", capture=None):
    with capture(execute=True):
        return notify(recipients=recipients, kind=NotificationKind.APPROVAL_REQUESTED, actor=actor, subject=subject)


def test_the_mail_is_written_in_the_notifying_transaction(addressed, engineer, nobody):
    manager, _ = addressed
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[manager, nobody], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="x")
        # one row for the addressed recipient, none for the one without an address
        assert list(OutgoingMail.objects.values_list("recipient", "status")) == [
            ("manager@example.com", MailStatus.QUEUED)
        ]
        raise RuntimeError("the business change fails")

    assert not Notification.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_server_up_sends_right_after_the_commit(
    addressed, engineer, mailoutbox, clock, django_capture_on_commit_callbacks
):
    manager, head = addressed
    [first, _] = tell([manager, head], engineer, capture=django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == ["head@example.com", "manager@example.com"]
    row = OutgoingMail.objects.get(recipient="manager@example.com")
    assert (row.status, row.attempts, row.sent_at, row.next_attempt_at) == (MailStatus.SENT, 1, START, None)
    assert row.notification == first
    assert row.subject == mailoutbox[0].subject or row.subject == mailoutbox[1].subject
    first.refresh_from_db()
    assert first.emailed_at == START


def test_a_failed_send_is_recorded_retried_later_and_succeeds(
    flaky, addressed, engineer, clock, django_capture_on_commit_callbacks
):
    manager, _ = addressed
    [told] = tell([manager], engineer, capture=django_capture_on_commit_callbacks)

    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts, row.next_attempt_at) == (MailStatus.FAILED, 1, START + timedelta(minutes=1))
    assert "SMTPServerDisconnected" in row.last_error and "unexpectedly closed" in row.last_error
    told.refresh_from_db()
    assert told.emailed_at is None

    call_command("send_mail_queue")  # not due yet: nothing is tried
    assert flaky.tries == ["manager@example.com"]

    flaky.down = set()  # the server is back
    clock.shift(timedelta(minutes=1))
    call_command("send_mail_queue")

    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at, row.next_attempt_at) == (
        MailStatus.SENT,
        2,
        START + timedelta(minutes=1),
        None,
    )
    assert [m.to for m in django_mail.outbox] == [["manager@example.com"]]
    told.refresh_from_db()
    assert told.emailed_at == START + timedelta(minutes=1)
    call_command("send_mail_queue")  # sent once, never again
    assert len(django_mail.outbox) == 1


def test_retries_back_off_then_give_up_and_the_row_is_kept(
    flaky, addressed, engineer, clock, django_capture_on_commit_callbacks
):
    manager, _ = addressed
    tell([manager], engineer, capture=django_capture_on_commit_callbacks)
    row = OutgoingMail.objects.get()

    waits = []
    for _attempt in range(5):
        row.refresh_from_db()
        assert row.status == MailStatus.FAILED
        waits.append(row.next_attempt_at - row.last_attempt_at)
        clock.move_to(row.next_attempt_at)
        call_command("send_mail_queue")

    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (MailStatus.GIVEN_UP, 6, None)
    assert "SMTPServerDisconnected" in row.last_error
    assert len(flaky.tries) == 6

    clock.shift(timedelta(days=30))
    flaky.down = set()
    call_command("send_mail_queue")  # given up: not tried again by itself
    assert len(flaky.tries) == 6
    assert OutgoingMail.objects.filter(status=MailStatus.GIVEN_UP).count() == 1


def test_max_attempts_is_a_setting(flaky, settings, addressed, engineer, clock, django_capture_on_commit_callbacks):
    settings.PRESALES_MAIL_MAX_ATTEMPTS = 2
    manager, _ = addressed
    tell([manager], engineer, capture=django_capture_on_commit_callbacks)

    clock.shift(timedelta(minutes=1))
    call_command("send_mail_queue")

    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts) == (MailStatus.GIVEN_UP, 2)


def test_one_failure_does_not_stop_the_others(flaky, addressed, engineer, clock, django_capture_on_commit_callbacks):
    manager, head = addressed
    flaky.down = {"manager@example.com"}
    # the manager's row comes first, so a stop on failure would leave the head's unsent
    tell([manager, head], engineer, capture=django_capture_on_commit_callbacks)

    assert dict(OutgoingMail.objects.values_list("recipient", "status")) == {
        "manager@example.com": MailStatus.FAILED,
        "head@example.com": MailStatus.SENT,
    }
    assert [m.to for m in django_mail.outbox] == [["head@example.com"]]


def test_no_mail_server_at_all(settings, addressed, engineer, clock, django_capture_on_commit_callbacks):
    """The real SMTP back-end against a closed local port: what production sees with no server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    manager, head = addressed

    tell([manager, head], engineer, capture=django_capture_on_commit_callbacks)

    rows = OutgoingMail.objects.all()
    assert [(r.status, r.attempts) for r in rows] == [(MailStatus.FAILED, 1)] * 2
    assert all("ConnectionRefusedError" in r.last_error for r in rows)


def test_the_task_succeeds_when_the_server_is_down(flaky, addressed, engineer, clock):
    manager, _ = addressed
    notify(recipients=[manager], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="x")
    row = OutgoingMail.objects.get()

    result = send_queued_mail.enqueue([row.pk])

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"sent": 0, "failed": 1, "given_up": 0}


def test_a_sender_that_dies_mid_send_leaves_the_row_due_later(flaky, addressed, engineer, clock):
    """The claim moves the next attempt before sending, so a crash loses nothing and a second
    sender does not send the same attempt."""
    manager, _ = addressed
    notify(recipients=[manager], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="x")
    row = OutgoingMail.objects.get()
    flaky.down = set()

    def die(*args, **kwargs):
        raise KeyboardInterrupt  # the worker is killed between the claim and the send

    original = FlakyBackend.send_messages
    FlakyBackend.send_messages = die
    try:
        with pytest.raises(KeyboardInterrupt):
            send_due()
    finally:
        FlakyBackend.send_messages = original

    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (MailStatus.QUEUED, 1, START + timedelta(minutes=1))
    assert send_due().tried == 0  # a second sender right now: this attempt is taken
    clock.shift(timedelta(minutes=1))
    assert send_due().sent == 1
    assert [m.to for m in django_mail.outbox] == [["manager@example.com"]]


def test_a_line_break_in_the_subject_does_not_fail_the_send(
    addressed, engineer, mailoutbox, django_capture_on_commit_callbacks
):
    manager, _ = addressed
    tell([manager], engineer, subject="《方案》\r\nBcc: x@evil.example.com", capture=django_capture_on_commit_callbacks)

    assert OutgoingMail.objects.get().status == MailStatus.SENT
    assert "\n" not in mailoutbox[0].subject
    assert mailoutbox[0].bcc == []


def test_a_notification_marked_emailed_elsewhere_is_not_sent(addressed, engineer, mailoutbox):
    """The demo data marks its notifications e-mailed before the commit: nobody gets mail."""
    manager, _ = addressed
    with transaction.atomic():
        notify(recipients=[manager], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="x")
        Notification.objects.update(emailed_at=START)

    assert send_due().cancelled == 1
    assert mailoutbox == []
    assert OutgoingMail.objects.get().status == MailStatus.CANCELLED


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------
@pytest.fixture
def given_up(flaky, settings, addressed, engineer, clock, django_capture_on_commit_callbacks):
    settings.PRESALES_MAIL_MAX_ATTEMPTS = 1
    manager, head = addressed
    flaky.down = {"manager@example.com"}
    tell([manager, head], engineer, capture=django_capture_on_commit_callbacks)
    return OutgoingMail.objects.get(recipient="manager@example.com")


def test_admin_lists_the_mail_with_its_status_and_error(client, admin_user, given_up):
    client.force_login(admin_user)
    url = reverse("admin:notifications_outgoingmail_changelist")

    everything = client.get(url)
    failed_only = client.get(url, {"status__exact": MailStatus.GIVEN_UP})

    assert everything.status_code == 200
    assert {row.pk for row in everything.context["cl"].result_list} == set(
        OutgoingMail.objects.values_list("pk", flat=True)
    )
    assert [row.pk for row in failed_only.context["cl"].result_list] == [given_up.pk]
    html = failed_only.content.decode()
    assert "manager@example.com" in html and "head@example.com" not in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    detail = client.get(reverse("admin:notifications_outgoingmail_change", args=[given_up.pk]))
    assert detail.status_code == 200
    assert given_up.body in detail.content.decode()


@override_settings(LANGUAGE_CODE="en")  # logged in: the organisation's language
def retry_now(client, ids, capture):
    with capture(execute=True):
        response = client.post(
            reverse("admin:notifications_outgoingmail_changelist"),
            {"action": "retry_now", "_selected_action": ids},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert (response.status_code, response["Location"]) == (302, reverse("admin:notifications_outgoingmail_changelist"))
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_admin_retry_now_sends_it(client, admin_user, given_up, flaky, django_capture_on_commit_callbacks):
    flaky.down = set()
    client.force_login(admin_user)
    sent = OutgoingMail.objects.get(recipient="head@example.com")

    texts = retry_now(client, [given_up.pk, sent.pk], django_capture_on_commit_callbacks)

    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts) == (MailStatus.SENT, 1)
    assert texts == [
        "1 e-mail is being sent again; its status in the list shows the outcome.",
        "1 e-mail was already sent and is left alone.",
    ]
    assert sorted(m.to[0] for m in django_mail.outbox) == ["head@example.com", "manager@example.com"]
    page = client.get(reverse("admin:notifications_outgoingmail_changelist"), {"status__exact": MailStatus.SENT})
    assert {row.pk for row in page.context["cl"].result_list} == {given_up.pk, sent.pk}


def test_admin_retry_now_while_still_down_starts_the_attempts_over(
    client, admin_user, given_up, settings, django_capture_on_commit_callbacks
):
    settings.PRESALES_MAIL_MAX_ATTEMPTS = 3
    client.force_login(admin_user)

    retry_now(client, [given_up.pk], django_capture_on_commit_callbacks)

    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts) == (MailStatus.FAILED, 1)
    assert given_up.next_attempt_at == START + timedelta(minutes=1)


def test_retry_is_refused_to_anyone_but_an_admin(rep, manager, given_up):
    for person in (rep, manager):
        with pytest.raises(PermissionDenied):
            mail_retry(user=person, mail_ids=[given_up.pk])
    given_up.refresh_from_db()
    assert given_up.status == MailStatus.GIVEN_UP
