"""Notifications: who is told (in the app and by e-mail), the text, reading them, the count
in the navigation, and the list/open pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from presales.approvals.services import approval_decide
from presales.approvals.tests.conftest import pending_round, submit
from presales.notifications.models import Notification, NotificationKind
from presales.notifications.services import mark_read, notify


@pytest.fixture
def review(build_template, manager, sales_head):
    manager.email = "manager@example.com"
    manager.save()
    return build_template({"name": "主管审批", "users": [manager, sales_head]})


def unread_badge(html: str) -> str | None:
    link = re.search(r'<a [^>]*data-testid="nav-notifications"[^>]*>(.*?)</a>', html, re.S)
    assert link, "navigation link missing"
    badge = re.search(r'<span class="badge[^"]*">(\d+)</span>', link.group(1))
    return badge.group(1) if badge else None


def test_approvers_are_notified_and_emailed_on_submit(
    review, visit_type, opportunity, engineer, manager, sales_head, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deliverable = submit(opportunity, engineer, visit_type)

    approval = pending_round(deliverable)
    rows = Notification.objects.filter(kind=NotificationKind.APPROVAL_REQUESTED).order_by("recipient__username")
    assert [(n.recipient, n.actor, n.subject) for n in rows] == [
        (manager, engineer, approval.title),
        (sales_head, engineer, approval.title),
    ]
    assert rows[0].url == reverse("opportunities:detail", args=[opportunity.pk]) + f"#deliverable-{deliverable.pk}"
    # only the manager has an address: one e-mail, to him, with the text and the link
    assert [m.to for m in mailoutbox] == [["manager@example.com"]]
    mail = mailoutbox[0]
    assert approval.title in mail.subject
    assert rows[0].url in mail.body
    assert Notification.objects.get(recipient=manager).emailed_at is not None


def test_nothing_is_emailed_before_the_transaction_commits(
    review, visit_type, opportunity, engineer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(opportunity, engineer, visit_type)

    assert len(callbacks) == 1
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0


def test_rejection_tells_the_submitter_with_the_reason(
    review, visit_type, opportunity, engineer, manager, mailoutbox, django_capture_on_commit_callbacks
):
    engineer.email = "engineer@example.com"
    engineer.save()
    deliverable = submit(opportunity, engineer, visit_type)

    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(approval=pending_round(deliverable), user=manager, approve=False, comment="缺少参会人员")

    told = Notification.objects.get(recipient=engineer)
    assert (told.kind, told.actor, told.comment) == (NotificationKind.APPROVAL_REJECTED, manager, "缺少参会人员")
    assert told.text == f"{manager.display_name} rejected {told.subject}"
    assert [m.to for m in mailoutbox] == [["engineer@example.com"]]
    assert "缺少参会人员" in mailoutbox[0].body


def test_text_is_rendered_from_the_kind_actor_and_subject(engineer, manager):
    [row] = notify(
        recipients=[manager], kind=NotificationKind.APPROVAL_REQUESTED, actor=engineer, subject="《方案》 v1", url="/x/"
    )

    assert row.text == f"{engineer.display_name} asks you to approve 《方案》 v1"
    assert str(row) == row.text
    with translation.override("en"):
        assert Notification.objects.get().text == row.text


def test_notify_skips_the_actor_and_duplicates(engineer, manager, sales_head):
    rows = notify(
        recipients=[manager, engineer, manager, None, sales_head],
        kind=NotificationKind.APPROVAL_APPROVED,
        actor=engineer,
        subject="《方案》 v1",
    )

    assert [r.recipient for r in rows] == [manager, sales_head]
    assert Notification.objects.count() == 2


def test_mark_read_marks_only_my_notifications(engineer, manager, sales_head):
    mine = notify(recipients=[manager, manager], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="a")
    mine += notify(recipients=[manager], kind=NotificationKind.APPROVAL_REJECTED, actor=engineer, subject="b")
    notify(recipients=[sales_head], kind=NotificationKind.APPROVAL_APPROVED, actor=engineer, subject="c")

    assert mark_read(user=manager, notification_ids=[mine[0].pk]) == 1
    assert Notification.objects.filter(recipient=manager).unread().count() == 1
    assert mark_read(user=sales_head, notification_ids=[mine[1].pk]) == 0  # not his
    assert mark_read(user=manager) == 1
    assert Notification.objects.filter(recipient=manager).unread().count() == 0
    assert Notification.objects.filter(recipient=sales_head).unread().count() == 1


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
@pytest.fixture
def inbox_of_manager(engineer, manager, sales_head):
    for subject in ("《甲》 v1", "《乙》 v1"):
        notify(
            recipients=[manager],
            kind=NotificationKind.APPROVAL_REQUESTED,
            actor=engineer,
            subject=subject,
            url="/opportunities/",
        )
    notify(recipients=[sales_head], kind=NotificationKind.APPROVAL_REQUESTED, actor=engineer, subject="《丙》 v1")
    return list(Notification.objects.filter(recipient=manager).order_by("id"))


def test_unread_count_in_the_navigation(client, manager, inbox_of_manager):
    client.force_login(manager)

    assert unread_badge(client.get(reverse("home")).content.decode()) == "2"
    mark_read(user=manager)
    assert unread_badge(client.get(reverse("home")).content.decode()) is None


def test_list_shows_only_my_notifications(client, manager, inbox_of_manager):
    client.force_login(manager)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert {n.pk for n in response.context["page"]} == {n.pk for n in inbox_of_manager}
    html = response.content.decode()
    assert "《甲》 v1" in html and "《乙》 v1" in html
    assert "《丙》 v1" not in html


def test_open_marks_read_and_goes_to_the_link(client, manager, inbox_of_manager):
    first, second = inbox_of_manager
    client.force_login(manager)

    response = client.get(reverse("notifications:open", args=[first.pk]))

    assert (response.status_code, response["Location"]) == (302, "/opportunities/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_open_of_an_off_site_link_stays_here(client, engineer, manager):
    [row] = notify(
        recipients=[manager],
        kind=NotificationKind.APPROVAL_APPROVED,
        actor=engineer,
        subject="x",
        url="https://evil.example.com/",
    )
    client.force_login(manager)

    response = client.get(reverse("notifications:open", args=[row.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_404(client, sales_head, inbox_of_manager):
    client.force_login(sales_head)

    response = client.get(reverse("notifications:open", args=[inbox_of_manager[0].pk]))

    assert response.status_code == 404
    inbox_of_manager[0].refresh_from_db()
    assert inbox_of_manager[0].read_at is None


def test_mark_all_read(client, manager, sales_head, inbox_of_manager):
    client.force_login(manager)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))

    assert (response.status_code, response["Location"]) == (302, reverse("notifications:list"))
    assert not Notification.objects.filter(recipient=manager).unread().exists()
    assert Notification.objects.filter(recipient=sales_head).unread().count() == 1
