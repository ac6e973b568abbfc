"""The request life-cycle through the services: the happy path and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from presales.lib.services import ServiceError
from presales.notifications.models import Notification, NotificationKind
from presales.service_requests import events as request_events
from presales.service_requests import services
from presales.service_requests.models import RequestStatus, ServiceRequest
from presales.service_requests.tests.conftest import file_request
from presales.testing import make_customer

pytestmark = pytest.mark.django_db
S = RequestStatus


def test_file_from_opportunity_takes_its_customer_and_notifies_managers(rep, opportunity, manager, other_rep):
    other_customer = make_customer(other_rep, "别人的客户")
    sr = file_request(rep, opportunity=opportunity, customer=other_customer)
    year = timezone.localdate().year
    assert sr.code == f"SR-{year}-0001"
    assert sr.customer_id == opportunity.customer_id
    assert sr.status == S.SUBMITTED
    assert sr.due_date == sr.wanted_by
    assert sr.events.get().kind == request_events.SUBMITTED
    note = Notification.objects.get(recipient=manager)
    assert note.kind == NotificationKind.REQUEST_SUBMITTED
    assert sr.code in note.subject
    second = file_request(rep, customer=opportunity.customer)
    assert second.code == f"SR-{year}-0002"
    assert second.opportunity is None


def test_happy_path_records_times_response_and_lead_time(sr, rep, manager, engineer):
    sr = services.request_assign(request=sr, user=manager, engineer=engineer, estimated_hours=6, survey_needed=True)
    assert (sr.status, sr.assignee, sr.assigned_by, sr.estimated_hours) == (S.ASSIGNED, engineer, manager, 6)
    assert Notification.objects.filter(recipient=engineer, kind=NotificationKind.REQUEST_ASSIGNED).exists()
    # Pretend the request was filed two hours ago.
    ServiceRequest.objects.filter(pk=sr.pk).update(submitted_at=timezone.now() - timedelta(hours=2))
    sr.refresh_from_db()
    sr = services.request_accept(request=sr, user=engineer)
    assert sr.status == S.ACCEPTED and sr.accepted_at
    assert timedelta(hours=1, minutes=59) < sr.response_time < timedelta(hours=2, minutes=1)
    assert sr.response_time_display in ("1 h 59 min", "2 h 0 min")
    sr = services.request_start(request=sr, user=engineer)
    assert sr.status == S.IN_PROGRESS and sr.started_at
    services.survey_save(
        request=sr,
        user=engineer,
        data={
            "surveyed_on": timezone.localdate(),
            "place": "机房",
            "people_met": "信息科王科长",
            "needs_found": "扩容",
        },
    )
    sr = services.request_deliver(request=sr, user=engineer, note="方案初稿已交付")
    assert sr.status == S.DELIVERED and sr.delivery_note == "方案初稿已交付"
    assert sr.lead_time >= sr.response_time
    assert Notification.objects.filter(recipient=rep, kind=NotificationKind.REQUEST_DELIVERED).exists()
    sr = services.request_close(request=sr, user=rep, comment="满意")
    assert sr.status == S.CLOSED and sr.closed_at
    kinds = [
        kind.removeprefix("service_requests.") for kind in sr.events.order_by("at", "id").values_list("kind", flat=True)
    ]
    assert kinds == ["submitted", "assigned", "accepted", "started", "survey_saved", "delivered", "closed"]
    assert sr.history.count() >= 5


def test_decline_returns_to_queue_with_reason_and_notifies(assigned, engineer, manager, rep):
    with pytest.raises(ServiceError, match="Say why"):
        services.request_decline(request=assigned, user=engineer, reason="  ")
    sr = services.request_decline(request=assigned, user=engineer, reason="本周在外地出差")
    assert sr.status == S.SUBMITTED and sr.assignee is None and sr.assigned_at is None
    event = sr.events.get(kind=request_events.DECLINED)
    assert (event.data["reason"], event.data["from_status"], event.data["to_status"]) == (
        "本周在外地出差",
        S.ASSIGNED,
        S.SUBMITTED,
    )
    declined = Notification.objects.filter(kind=NotificationKind.REQUEST_DECLINED)
    assert set(declined.values_list("recipient__username", flat=True)) == {"manager", "rep"}


def test_only_the_assignee_accepts(assigned, other_engineer, manager, rep):
    for user in (other_engineer, manager, rep):
        with pytest.raises(PermissionDenied, match="Only the assigned engineer can accept this request."):
            services.request_accept(request=assigned, user=user)
    with pytest.raises(PermissionDenied, match="Only the assigned engineer can decline"):
        services.request_decline(request=assigned, user=other_engineer, reason="x")


def test_wrong_roles_refused(sr, rep, engineer, other_engineer, nobody, commercial):
    with pytest.raises(PermissionDenied, match="Only a presales manager can assign"):
        services.request_assign(request=sr, user=engineer, engineer=engineer)
    with pytest.raises(PermissionDenied, match="Only a presales manager can reject"):
        services.request_reject(request=sr, user=rep, reason="x")
    with pytest.raises(PermissionDenied, match="Only the requester or a manager can cancel"):
        services.request_cancel(request=sr, user=engineer, reason="x")
    with pytest.raises(PermissionDenied, match="Only the requester or a manager can edit"):
        services.request_update(request=sr, user=other_engineer, data={"title": "x"})
    with pytest.raises(PermissionDenied, match="Only sales reps"):
        file_request(engineer, customer=sr.customer)
    with pytest.raises(PermissionDenied):
        file_request(nobody, customer=sr.customer)
    with pytest.raises(PermissionDenied, match="Only sales reps"):
        file_request(commercial, customer=sr.customer)


def test_rep_cannot_file_on_an_opportunity_he_cannot_see(opportunity, other_rep, manager):
    with pytest.raises(PermissionDenied, match="cannot see this opportunity"):
        file_request(other_rep, opportunity=opportunity)
    with pytest.raises(PermissionDenied, match="cannot see this customer"):
        file_request(other_rep, customer=opportunity.customer)


def test_assign_only_to_engineers(sr, manager, rep):
    with pytest.raises(ServiceError, match="only be assigned to presales engineers"):
        services.request_assign(request=sr, user=manager, engineer=rep)
    with pytest.raises(ServiceError, match="more than zero"):
        services.request_assign(request=sr, user=manager, engineer=manager, estimated_hours=0)


def test_status_refusals(assigned, engineer, rep, manager):
    with pytest.raises(ServiceError, match="cannot be started; accept it first"):
        services.request_start(request=assigned, user=engineer)
    with pytest.raises(ServiceError, match="cannot be delivered"):
        services.request_deliver(request=assigned, user=engineer, note="x")
    with pytest.raises(ServiceError, match="must be delivered first"):
        services.request_close(request=assigned, user=rep)
    sr = services.request_accept(request=assigned, user=engineer)
    with pytest.raises(ServiceError, match="cannot be accepted"):
        services.request_accept(request=sr, user=engineer)
    with pytest.raises(ServiceError, match="can no longer be edited"):
        services.request_update(request=sr, user=rep, data={"title": "新标题"})
    with pytest.raises(ServiceError, match="can no longer be rejected"):
        services.request_reject(request=sr, user=manager, reason="x")
    with pytest.raises(ServiceError, match="cannot be assigned any more"):
        services.request_assign(request=sr, user=manager, engineer=engineer)
    with pytest.raises(ServiceError, match="Describe what is delivered"):
        services.request_deliver(request=sr, user=engineer, note="")


def test_closed_request_cannot_be_changed(assigned, engineer, rep, manager):
    sr = services.request_accept(request=assigned, user=engineer)
    sr = services.request_deliver(request=sr, user=engineer, note="完成")
    sr = services.request_close(request=sr, user=manager)
    message = "A request that is closed cannot be changed."
    with pytest.raises(ServiceError, match=message):
        services.request_update(request=sr, user=rep, data={"title": "改"})
    with pytest.raises(ServiceError, match=message):
        services.request_cancel(request=sr, user=rep, reason="x")
    with pytest.raises(ServiceError, match=message):
        services.request_close(request=sr, user=rep)
    with pytest.raises(ServiceError, match=message):
        services.attachment_add(request=sr, user=rep, files=[])
    sr.refresh_from_db()
    assert sr.status == S.CLOSED and sr.title == "安防方案设计"


def test_reject_and_cancel_need_reasons_and_are_final(sr, rep, manager, engineer):
    with pytest.raises(ServiceError, match="Say why the request is rejected"):
        services.request_reject(request=sr, user=manager, reason="")
    rejected = services.request_reject(request=sr, user=manager, reason="不属于售前范围")
    assert rejected.status == S.REJECTED and rejected.reason == "不属于售前范围"
    assert Notification.objects.filter(recipient=rep, kind=NotificationKind.REQUEST_REJECTED).exists()
    with pytest.raises(ServiceError, match="A request that is rejected cannot be changed."):
        services.request_assign(request=rejected, user=manager, engineer=engineer)

    other = file_request(rep, customer=sr.customer)
    with pytest.raises(ServiceError, match="Say why the request is cancelled"):
        services.request_cancel(request=other, user=rep, reason=" ")
    cancelled = services.request_cancel(request=other, user=rep, reason="客户项目暂停")
    assert cancelled.status == S.CANCELLED and cancelled.closed_at
    assert cancelled.events.first().data["reason"] == "客户项目暂停"  # the latest
    with pytest.raises(ServiceError, match="A request that is cancelled cannot be changed."):
        services.request_update(request=cancelled, user=rep, data={"title": "x"})


def test_cancel_after_delivery_refused(assigned, engineer, rep):
    sr = services.request_accept(request=assigned, user=engineer)
    sr = services.request_deliver(request=sr, user=engineer, note="ok")
    with pytest.raises(ServiceError, match="can no longer be cancelled"):
        services.request_cancel(request=sr, user=rep, reason="x")


def test_edit_while_submitted_with_stale_check(sr, rep):
    updated = services.request_update(request=sr, user=rep, data={"title": "新标题"}, seen_version=sr.version)
    assert updated.title == "新标题" and updated.version == sr.version + 1
    assert updated.events.get(kind=request_events.EDITED).data["fields"] == ["title"]
    from presales.lib.services import StaleEdit

    with pytest.raises(StaleEdit):
        services.request_update(request=sr, user=rep, data={"title": "再改"}, seen_version=sr.version)


def test_survey_and_requirements_follow_the_manager_decision(assigned, engineer, rep, manager):
    sr = services.request_accept(request=assigned, user=engineer)
    with pytest.raises(ServiceError, match="not yet decided"):
        services.survey_save(request=sr, user=engineer, data={})
    with pytest.raises(ServiceError, match="not yet decided"):
        services.requirements_save(request=sr, user=rep, data={})
    services.request_set_survey_needed(request=sr, user=manager, survey_needed=False)
    with pytest.raises(ServiceError, match="the sales rep fills the requirements form instead"):
        services.survey_save(request=sr, user=engineer, data={})
    with pytest.raises(PermissionDenied, match="Only the requester or a manager fills the requirements form"):
        services.requirements_save(request=sr, user=engineer, data={})
    form = services.requirements_save(
        request=sr,
        user=rep,
        data={"business_background": "医院信息化程度低", "needs": "建设目标"},
        extra={"beds": "800"},
    )
    assert form.extra == {"beds": "800"} and form.filled_by == rep
    services.request_set_survey_needed(request=sr, user=manager, survey_needed=True)
    with pytest.raises(ServiceError, match="A site survey is needed"):
        services.requirements_save(request=sr, user=rep, data={})
    with pytest.raises(PermissionDenied, match="Only a presales manager decides"):
        services.request_set_survey_needed(request=sr, user=engineer, survey_needed=False)


def test_delivery_needs_the_survey_when_one_was_asked(assigned, engineer, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=True)
    sr = services.request_accept(request=assigned, user=engineer)
    with pytest.raises(ServiceError, match="site survey record is missing"):
        services.request_deliver(request=sr, user=engineer, note="x")


def test_cannot_file_on_closed_opportunity(rep, opportunity, manager):
    from presales.opportunities.models import Opportunity, OpportunityStatus

    Opportunity.objects.filter(pk=opportunity.pk).update(
        status=OpportunityStatus.LOST, close_reason="价格", closed_at=timezone.now()
    )
    opportunity.refresh_from_db()
    with pytest.raises(ServiceError, match="The opportunity is closed"):
        file_request(rep, opportunity=opportunity)


def test_notification_is_emailed_on_commit(rep, opportunity, manager, mailoutbox, django_capture_on_commit_callbacks):
    manager.email = "manager@example.com"
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        sr = file_request(rep, opportunity=opportunity)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["manager@example.com"]
    assert sr.code in mailoutbox[0].subject or sr.code in mailoutbox[0].body


def test_moving_the_wanted_by_date_moves_the_due_date_unless_the_manager_set_one(sr, rep, manager, engineer):
    later = sr.wanted_by + timedelta(days=10)
    moved = services.request_update(request=sr, user=rep, data={"wanted_by": later}, seen_version=sr.version)
    assert (moved.wanted_by, moved.due_date, moved.effective_due) == (later, later, later)

    own_due = later + timedelta(days=3)
    assigned = services.request_assign(request=moved, user=manager, engineer=engineer, due_date=own_due)
    again = later + timedelta(days=1)
    kept = services.request_update(request=assigned, user=rep, data={"wanted_by": again}, seen_version=assigned.version)
    assert (kept.wanted_by, kept.due_date) == (again, own_due)  # the manager's due date stays
