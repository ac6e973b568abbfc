"""Follow-ups (issue 10): an activity names the next step and the next follow-up date, picks
the customer's contacts, defaults its date to today; "my work" lists my open follow-ups; the
daily command reminds me of those due today, once."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from presales.customers.services import contact_save
from presales.lib.services import ServiceError
from presales.notifications.models import Notification, NotificationKind, OutgoingMail
from presales.opportunities import services
from presales.opportunities.forms import ActivityForm
from presales.opportunities.models import Activity, OpportunityStatus
from presales.opportunities.selectors import my_follow_ups
from presales.opportunities.services.activities import follow_up_remind_due
from presales.opportunities.tests.test_views import ENGLISH, section
from presales.testing import make_customer, make_opportunity


@pytest.fixture(autouse=True)
def english(settings):
    """Messages compared in English: logged in, pages follow the organisation's language."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def contacts(rep, customer):
    """Two contacts of the opportunity's customer."""
    return [
        contact_save(customer=customer, user=rep, data={"name": "李主任", "title": "信息中心主任"}),
        contact_save(customer=customer, user=rep, data={"name": "孙科长", "title": ""}),
    ]


@pytest.fixture
def stranger(rep):
    """A contact of another customer."""
    other = make_customer(rep, "宁波市公安局")
    return contact_save(customer=other, user=rep, data={"name": "外单位联系人", "title": "处长"})


def post_activity(client, opportunity, **fields):
    data = {"kind": "visit", "occurred_on": "2026-04-07", "subject": "拜访信息中心", **fields}
    return client.post(reverse("opportunities:activity_create", args=[opportunity.pk]), data, **ENGLISH)


def log(opportunity, user, *, on: date, follow_up: date | None, next_step: str = "发送方案", **extra):
    return services.activity_log(
        opportunity=opportunity,
        user=user,
        data={
            "kind": "call",
            "occurred_on": on,
            "subject": "电话沟通",
            "next_step": next_step,
            "next_follow_up_on": follow_up,
            **extra,
        },
    )


# ---------------------------------------------------------------------------
# The form: defaults, contacts, validation
# ---------------------------------------------------------------------------
def test_the_date_defaults_to_today_in_the_site_time_zone(settings, opportunity):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    # 17:30 UTC on 1 December is already 2 December in Shanghai.
    utc_evening = datetime(2026, 12, 1, 17, 30, tzinfo=timezone.UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: utc_evening)
        form = ActivityForm(opportunity=opportunity)
        html = str(form["occurred_on"])

    assert 'value="2026-12-02"' in html
    assert form["next_follow_up_on"].value() is None


def test_the_contact_picker_offers_the_customers_contacts_by_name_and_title(opportunity, contacts, stranger):
    form = ActivityForm(opportunity=opportunity)

    labels = [label for _value, label in form.fields["contacts"].choices]
    assert labels == ["孙科长", "李主任（信息中心主任）"]
    assert "外单位联系人" not in str(form["contacts"])


def test_the_opportunity_page_offers_the_pickers_and_no_typed_contact_only(client, rep, opportunity, contacts):
    client.force_login(rep)
    html = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()

    assert f'name="contacts" value="{contacts[0].pk}"' in html
    assert 'name="next_step"' in html and 'name="next_follow_up_on"' in html
    assert f'name="occurred_on" value="{timezone.localdate().isoformat()}"' in html


def test_an_activity_with_contacts_next_step_and_follow_up_is_saved_and_shown(client, rep, opportunity, contacts):
    client.force_login(rep)

    response = post_activity(
        client,
        opportunity,
        contacts=[contacts[0].pk],
        people="张工",
        next_step="下周提交初步方案",
        next_follow_up_on="2026-04-14",
    )

    assert response.status_code == 302
    activity = Activity.objects.get(opportunity=opportunity)
    assert list(activity.contacts.all()) == [contacts[0]]
    assert (activity.next_step, activity.next_follow_up_on) == ("下周提交初步方案", date(2026, 4, 14))
    page = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()
    timeline = section(page, "timeline")
    assert "李主任（信息中心主任）" in timeline
    assert "下周提交初步方案" in timeline and "2026-04-14" in timeline


def test_a_follow_up_before_the_activity_is_refused_and_the_input_kept(client, rep, opportunity, contacts):
    client.force_login(rep)

    response = post_activity(
        client,
        opportunity,
        subject="拜访李主任",
        contacts=[contacts[1].pk],
        next_step="补充报价",
        next_follow_up_on="2026-04-06",
    )

    assert response.status_code == 200
    assert not Activity.objects.exists()
    form = response.context["form"]
    assert form.errors["next_follow_up_on"] == [
        "The next follow-up date cannot be before the activity date (2026-04-07)."
    ]
    html = response.content.decode()
    assert 'value="拜访李主任"' in html and 'value="补充报价"' in html and 'value="2026-04-06"' in html
    checked = re.findall(r'<input type="checkbox" name="contacts" value="(\d+)"[^>]* checked', html)
    assert checked == [str(contacts[1].pk)]


def test_a_follow_up_on_the_activity_day_is_accepted_and_a_year_is_the_bound(client, rep, opportunity):
    client.force_login(rep)

    too_far = post_activity(client, opportunity, next_follow_up_on="2027-04-09")
    same_day = post_activity(client, opportunity, next_follow_up_on="2026-04-07")

    assert too_far.status_code == 200
    assert too_far.context["form"].errors["next_follow_up_on"] == [
        "The next follow-up date must be within a year of the activity date."
    ]
    assert same_day.status_code == 302
    assert Activity.objects.get().next_follow_up_on == date(2026, 4, 7)


def test_a_next_step_longer_than_its_limit_is_refused(client, rep, opportunity):
    client.force_login(rep)

    response = post_activity(client, opportunity, next_step="步" * 201)

    assert response.status_code == 200
    assert "next_step" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_contact_of_another_customer_is_refused_and_nothing_saved(client, rep, opportunity, contacts, stranger):
    client.force_login(rep)

    response = post_activity(client, opportunity, contacts=[contacts[0].pk, stranger.pk])

    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "99999999999999999999999", "-1"])
def test_a_crafted_contact_id_is_a_form_error_not_a_500(client, rep, opportunity, bad):
    client.force_login(rep)

    response = post_activity(client, opportunity, contacts=[bad])

    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors


def test_the_service_refuses_a_contact_of_another_customer_and_a_date_before(rep, opportunity, stranger):
    with pytest.raises(ServiceError):
        log(opportunity, rep, on=date(2026, 4, 7), follow_up=None, contacts=[stranger])
    with pytest.raises(ServiceError, match="2026-04-07"):
        log(opportunity, rep, on=date(2026, 4, 7), follow_up=date(2026, 4, 1))
    assert not Activity.objects.exists()


def test_old_rows_typed_people_stay_readable(client, rep, opportunity):
    Activity.objects.create(
        opportunity=opportunity,
        kind="visit",
        occurred_on=date(2026, 3, 1),
        subject="旧记录",
        people="客户：李主任；我方：张工",
        created_by=rep,
    )
    client.force_login(rep)

    page = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()

    assert "客户：李主任；我方：张工" in section(page, "timeline")


# ---------------------------------------------------------------------------
# "My work": my open follow-ups
# ---------------------------------------------------------------------------
def test_my_work_lists_my_due_follow_ups_only(client, rep, engineer, other_rep, opportunity, customer):
    today = timezone.localdate()
    overdue = log(opportunity, rep, on=today - timedelta(days=10), follow_up=today - timedelta(days=3))
    other = make_opportunity(rep, customer, name="第二个项目")
    due_today = log(other, rep, on=today, follow_up=today, next_step="电话确认需求")
    third = make_opportunity(rep, customer, name="第三个项目")
    in_a_week = log(third, rep, on=today, follow_up=today + timedelta(days=7), next_step="演示")
    fourth = make_opportunity(rep, customer, name="第四个项目")
    log(fourth, rep, on=today, follow_up=today + timedelta(days=8), next_step="太远")
    fifth = make_opportunity(rep, customer, name="第五个项目", presales_lead=engineer)
    engineers = log(fifth, engineer, on=today, follow_up=today, next_step="工程师的跟进")

    mine = my_follow_ups(rep)
    assert mine["overdue_follow_ups"] == [overdue]
    assert mine["today_follow_ups"] == [due_today]
    assert mine["coming_follow_ups"] == [in_a_week]
    assert my_follow_ups(engineer)["today_follow_ups"] == [engineers]
    theirs = my_follow_ups(other_rep)
    assert theirs["overdue_follow_ups"] == theirs["today_follow_ups"] == theirs["coming_follow_ups"] == []

    client.force_login(rep)
    html = section(client.get(reverse("home"), **ENGLISH).content.decode(), "my-follow-ups")
    assert "电话确认需求" in html and "发送方案" in html and "演示" in html
    assert "太远" not in html and "工程师的跟进" not in html
    assert reverse("opportunities:detail", args=[other.pk]) + f"#activity-{due_today.pk}" in html


def test_a_later_activity_on_the_opportunity_closes_the_follow_up(rep, engineer, opportunity):
    today = timezone.localdate()
    log(opportunity, rep, on=today - timedelta(days=5), follow_up=today, next_step="回访")
    assert my_follow_ups(rep)["today_follow_ups"]

    # The presales lead made the call: the rep's follow-up is done, the new one is the lead's.
    log(opportunity, engineer, on=today, follow_up=None, next_step="")

    assert my_follow_ups(rep)["today_follow_ups"] == []
    assert follow_up_remind_due(today=today) == 0


def test_a_closed_opportunity_has_no_follow_up(rep, manager, opportunity):
    today = timezone.localdate()
    log(opportunity, rep, on=today, follow_up=today)
    services.opportunity_close(
        opportunity=opportunity, user=rep, status=OpportunityStatus.LOST, reason="预算取消", winning_competitor="未知"
    )

    assert my_follow_ups(rep)["today_follow_ups"] == []
    assert follow_up_remind_due(today=today) == 0


def _pile_follow_ups(rep, customer, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        o = make_opportunity(rep, customer, name=f"批量跟进{i:03d}")
        Activity.objects.create(
            opportunity=o,
            kind="call",
            occurred_on=today - timedelta(days=i % 9),
            subject=f"电话{i}",
            next_step=f"下一步{i}",
            next_follow_up_on=today + timedelta(days=i % 9 - 2),
            created_by=rep,
        )


def test_my_work_reads_the_same_number_of_queries_with_few_and_many_follow_ups(client, rep, customer):
    client.force_login(rep)
    _pile_follow_ups(rep, customer, 3)
    client.get(reverse("home"))  # warm-up

    with CaptureQueriesContext(connection) as few:
        first = client.get(reverse("home"))
    _pile_follow_ups(rep, customer, 30)
    with CaptureQueriesContext(connection) as many:
        second = client.get(reverse("home"))

    def count(response):
        c = response.context
        return len(c["overdue_follow_ups"]) + len(c["today_follow_ups"]) + len(c["coming_follow_ups"])

    assert count(second) > count(first) > 0
    assert len(few.captured_queries) == len(many.captured_queries)


# ---------------------------------------------------------------------------
# Reminders on the day
# ---------------------------------------------------------------------------
def test_the_reminder_goes_once_to_the_author_in_the_app_and_by_mail(
    rep, engineer, opportunity, customer, mailoutbox, django_capture_on_commit_callbacks
):
    rep.email = "rep@example.com"
    rep.save(update_fields=["email"])
    engineer.email = "engineer@example.com"
    engineer.save(update_fields=["email"])
    today = timezone.localdate()
    due = log(opportunity, rep, on=today - timedelta(days=2), follow_up=today, next_step="确认招标时间")
    later = make_opportunity(rep, customer, name="以后的项目", presales_lead=engineer)
    log(later, engineer, on=today, follow_up=today + timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_follow_up_reminders", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_reminders", stdout=StringIO())

    assert "1" in out.getvalue()
    notes = list(Notification.objects.filter(kind=NotificationKind.FOLLOW_UP_DUE))
    assert [n.recipient for n in notes] == [rep]
    assert notes[0].comment == "确认招标时间"
    assert notes[0].url == reverse("opportunities:detail", args=[opportunity.pk]) + f"#activity-{due.pk}"
    assert OutgoingMail.objects.filter(notification__kind=NotificationKind.FOLLOW_UP_DUE).count() == 1
    assert [m.to for m in mailoutbox] == [["rep@example.com"]]
    assert "确认招标时间" in mailoutbox[0].body
    assert opportunity.name in mailoutbox[0].subject
    due.refresh_from_db()
    assert due.follow_up_reminded_at is not None


def test_tomorrows_follow_up_is_reminded_tomorrow_not_today(rep, opportunity):
    today = timezone.localdate()
    log(opportunity, rep, on=today, follow_up=today + timedelta(days=1))

    assert follow_up_remind_due(today=today) == 0
    assert follow_up_remind_due(today=today + timedelta(days=1)) == 1
    assert follow_up_remind_due(today=today + timedelta(days=1)) == 0
    assert Notification.objects.filter(recipient=rep, kind=NotificationKind.FOLLOW_UP_DUE).count() == 1


def test_a_missed_run_is_caught_up_for_a_few_days_not_for_old_follow_ups(rep, opportunity, customer):
    today = timezone.localdate()
    log(opportunity, rep, on=today - timedelta(days=5), follow_up=today - timedelta(days=3), next_step="三天前")
    old = make_opportunity(rep, customer, name="很久以前")
    log(old, rep, on=today - timedelta(days=30), follow_up=today - timedelta(days=4), next_step="四天前")

    assert follow_up_remind_due(today=today) == 1
    assert [n.comment for n in Notification.objects.filter(kind=NotificationKind.FOLLOW_UP_DUE)] == ["三天前"]
    assert len(my_follow_ups(rep)["overdue_follow_ups"]) == 2  # both still listed as overdue


def test_no_reminder_for_someone_who_no_longer_sees_the_opportunity(rep, other_engineer, opportunity, manager):
    today = timezone.localdate()
    services.opportunity_member_add(opportunity=opportunity, user=rep, member=other_engineer, role="presales")
    log(opportunity, other_engineer, on=today, follow_up=today)
    services.opportunity_member_remove(opportunity=opportunity, user=rep, member=other_engineer)

    assert follow_up_remind_due(today=today) == 0
    assert not Notification.objects.filter(recipient=other_engineer).exists()


def test_the_timeline_shows_the_latest_activities_and_says_older_ones_are_left_out(
    client, rep, opportunity, monkeypatch
):
    from presales.opportunities import selectors

    monkeypatch.setattr(selectors, "ACTIVITIES_SHOWN", 2)
    today = timezone.localdate()
    for subject in ("最早的一次拜访", "第二次沟通", "第三次沟通"):
        log(opportunity, rep, on=today, follow_up=None, subject=subject)
    client.force_login(rep)

    timeline = section(client.get(reverse("opportunities:detail", args=[opportunity.pk])).text, "timeline")

    assert "第二次沟通" in timeline and "第三次沟通" in timeline
    assert "最早的一次拜访" not in timeline
    assert 'data-testid="older-activities"' in timeline


def test_the_timeline_says_nothing_is_left_out_when_all_activities_are_shown(client, rep, opportunity):
    log(opportunity, rep, on=timezone.localdate(), follow_up=None, subject="唯一一次拜访")
    client.force_login(rep)

    timeline = section(client.get(reverse("opportunities:detail", args=[opportunity.pk])).text, "timeline")

    assert "唯一一次拜访" in timeline
    assert 'data-testid="older-activities"' not in timeline
