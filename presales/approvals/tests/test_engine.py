"""The approvals engine (services): sequential and parallel steps, one-of and all-of, reject,
resubmission, withdraw, self-approval, outsiders, conditions and a concurrent decision —
driven through a deliverable, the engine's first registered object."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.utils import translation

from presales.approvals.models import (
    Approval,
    ApprovalAssignment,
    ApprovalStatus,
    ApprovalTemplateStep,
    StepStatus,
)
from presales.approvals.selectors import rounds_for
from presales.approvals.services import approval_decide, approval_submit, approval_withdraw
from presales.approvals.tests.conftest import pending_round, status_of, submit
from presales.events.models import Event
from presales.lib.services import ServiceError
from presales.notifications.models import Notification, NotificationKind
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import DeliverableStatus
from presales.testing import make_user

NOTHING_WAITING = "Nothing is waiting for your decision here: your step is decided or not started yet."


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def steps_of(approval) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in approval.steps.order_by("order", "id")]


# ---------------------------------------------------------------------------
# Sequential and parallel steps
# ---------------------------------------------------------------------------
def test_sequential_steps_start_one_after_the_other(
    build_template, visit_type, opportunity, engineer, manager, sales_head
):
    build_template(
        {"name": "技术审核", "order": 1, "users": [manager]},
        {"name": "销售审核", "order": 2, "users": [sales_head]},
    )
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    assert steps_of(approval) == [("技术审核", StepStatus.PENDING), ("销售审核", StepStatus.WAITING)]
    assert kinds_for(manager) == [NotificationKind.APPROVAL_REQUESTED]
    assert kinds_for(sales_head) == []  # not his turn yet
    with pytest.raises(ServiceError) as early:
        approval_decide(approval=approval, user=sales_head, approve=True)
    assert early.value.messages == [NOTHING_WAITING]

    approval_decide(approval=approval, user=manager, approve=True, comment="技术可行")

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert steps_of(approval) == [("技术审核", StepStatus.APPROVED), ("销售审核", StepStatus.PENDING)]
    assert approval.steps.get(order=2).started_at is not None
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED
    assert kinds_for(sales_head) == [NotificationKind.APPROVAL_REQUESTED]
    assert kinds_for(engineer) == [NotificationKind.STEP_DECIDED]

    approval_decide(approval=approval, user=sales_head, approve=True)

    approval.refresh_from_db()
    assert (approval.status, approval.finished_at is not None) == (ApprovalStatus.APPROVED, True)
    assert status_of(deliverable) == DeliverableStatus.APPROVED
    assert kinds_for(engineer) == [NotificationKind.STEP_DECIDED, NotificationKind.APPROVAL_APPROVED]
    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.DELIVERABLE_APPROVED).count() == 1


def test_parallel_steps_are_pending_together_and_both_must_approve(
    build_template, visit_type, opportunity, engineer, manager, sales_head
):
    build_template(
        {"name": "技术审核", "order": 1, "users": [manager]},
        {"name": "商务审核", "order": 1, "users": [sales_head]},
    )
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    assert steps_of(approval) == [("技术审核", StepStatus.PENDING), ("商务审核", StepStatus.PENDING)]
    assert kinds_for(manager) == kinds_for(sales_head) == [NotificationKind.APPROVAL_REQUESTED]

    approval_decide(approval=approval, user=sales_head, approve=True)

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert steps_of(approval) == [("技术审核", StepStatus.PENDING), ("商务审核", StepStatus.APPROVED)]
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED

    approval_decide(approval=approval, user=manager, approve=True)

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert status_of(deliverable) == DeliverableStatus.APPROVED


# ---------------------------------------------------------------------------
# One of them / all of them
# ---------------------------------------------------------------------------
def test_one_of_step_is_done_at_the_first_approval(
    build_template, visit_type, opportunity, engineer, manager, sales_head, commercial
):
    build_template(
        {"name": "主管审批", "order": 1, "users": [manager, sales_head], "mode": "any"},
        {"name": "商务确认", "order": 2, "users": [commercial]},
    )
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    approval_decide(approval=approval, user=manager, approve=True)

    assert steps_of(approval) == [("主管审批", StepStatus.APPROVED), ("商务确认", StepStatus.PENDING)]
    with pytest.raises(ServiceError) as late:
        approval_decide(approval=approval, user=sales_head, approve=True)
    assert late.value.messages == [NOTHING_WAITING]
    assert ApprovalAssignment.objects.get(approver=sales_head).outcome == ""


def test_one_of_single_step_finishes_the_approval(
    build_template, visit_type, opportunity, engineer, manager, sales_head
):
    build_template({"name": "主管审批", "users": [manager, sales_head], "mode": "any"})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    approval_decide(approval=approval, user=sales_head, approve=True)

    assert status_of(deliverable) == DeliverableStatus.APPROVED
    with pytest.raises(ServiceError) as late:
        approval_decide(approval=approval, user=manager, approve=False, comment="晚了")
    assert late.value.messages == ["This approval is already finished (Approved)."]
    assert ApprovalAssignment.objects.get(approver=manager).outcome == ""


def test_all_of_step_needs_every_approver(build_template, visit_type, opportunity, engineer, manager, sales_head):
    build_template({"name": "联合审批", "users": [manager, sales_head], "mode": "all"})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    approval_decide(approval=approval, user=manager, approve=True)

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert steps_of(approval) == [("联合审批", StepStatus.PENDING)]
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED
    with pytest.raises(ServiceError) as twice:
        approval_decide(approval=approval, user=manager, approve=True)
    assert twice.value.messages == [NOTHING_WAITING]

    approval_decide(approval=approval, user=sales_head, approve=True)

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert status_of(deliverable) == DeliverableStatus.APPROVED


# ---------------------------------------------------------------------------
# Reject, resubmit
# ---------------------------------------------------------------------------
@pytest.fixture
def three_steps(build_template, manager, sales_head, commercial):
    return build_template(
        {"name": "技术审核", "order": 1, "users": [manager]},
        {"name": "销售审核", "order": 1, "users": [sales_head]},
        {"name": "商务确认", "order": 2, "users": [commercial]},
    )


def test_reject_needs_a_comment_and_changes_nothing_without_one(
    three_steps, visit_type, opportunity, engineer, manager
):
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    with pytest.raises(ServiceError) as refusal:
        approval_decide(approval=approval, user=manager, approve=False, comment="   ")

    assert refusal.value.messages == ["Say why you reject it: the submitter needs the reasons."]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert not ApprovalAssignment.objects.exclude(outcome="").exists()
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED


def test_reject_ends_the_round_and_returns_the_object_to_draft(
    three_steps, visit_type, opportunity, engineer, manager, sales_head
):
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    approval_decide(approval=approval, user=manager, approve=False, comment="缺少参会人员")

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.REJECTED
    assert steps_of(approval) == [
        ("技术审核", StepStatus.REJECTED),
        ("销售审核", StepStatus.CANCELLED),
        ("商务确认", StepStatus.CANCELLED),
    ]
    assert status_of(deliverable) == DeliverableStatus.DRAFT
    told = Notification.objects.get(recipient=engineer, kind=NotificationKind.APPROVAL_REJECTED)
    assert (told.actor, told.comment) == (manager, "缺少参会人员")
    returned = Event.objects.get(opportunity=opportunity, kind=opportunity_events.DELIVERABLE_RETURNED)
    assert (returned.actor, returned.data["reason"]) == (manager, "缺少参会人员")
    with pytest.raises(ServiceError):
        approval_decide(approval=approval, user=sales_head, approve=True)


def test_resubmission_opens_round_two_and_keeps_round_one(three_steps, visit_type, opportunity, engineer, manager):
    deliverable = submit(opportunity, engineer, visit_type)
    approval_decide(approval=pending_round(deliverable), user=manager, approve=False, comment="缺少参会人员")

    services.deliverable_send_for_approval(deliverable=deliverable, user=engineer, note="已补充参会人员")

    rounds = rounds_for(deliverable)
    assert [(r.round, r.status) for r in rounds] == [(2, ApprovalStatus.PENDING), (1, ApprovalStatus.REJECTED)]
    assert rounds[0].note == "已补充参会人员"
    old_reasons = [a.comment for s in rounds[1].steps.all() for a in s.assignments.all() if a.outcome]
    assert old_reasons == ["缺少参会人员"]
    assert [s.status for s in rounds[0].steps.all()] == [StepStatus.PENDING, StepStatus.PENDING, StepStatus.WAITING]
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED


def test_submit_refused_while_a_round_is_pending(three_steps, visit_type, opportunity, engineer):
    deliverable = submit(opportunity, engineer, visit_type)

    with pytest.raises(ServiceError) as refusal:
        approval_submit(target=deliverable, template=three_steps, user=engineer)

    assert refusal.value.messages == ["This is already awaiting approval."]
    assert Approval.objects.for_target(deliverable).count() == 1


# ---------------------------------------------------------------------------
# Withdraw
# ---------------------------------------------------------------------------
def test_withdraw_before_any_decision(build_template, visit_type, opportunity, engineer, manager, sales_head):
    build_template({"name": "联合审批", "users": [manager, sales_head], "mode": "all"})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    approval_withdraw(approval=approval, user=engineer, reason="发错了版本")

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.WITHDRAWN
    assert "发错了版本" in approval.note
    assert steps_of(approval) == [("联合审批", StepStatus.CANCELLED)]
    assert status_of(deliverable) == DeliverableStatus.DRAFT
    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.DELIVERABLE_WITHDRAWN).exists()
    assert kinds_for(manager) == [NotificationKind.APPROVAL_REQUESTED, NotificationKind.APPROVAL_WITHDRAWN]
    with pytest.raises(ServiceError):
        approval_decide(approval=approval, user=manager, approve=True)


def test_withdraw_refused_after_a_decision(build_template, visit_type, opportunity, engineer, manager, sales_head):
    build_template({"name": "联合审批", "users": [manager, sales_head], "mode": "all"})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)
    approval_decide(approval=approval, user=manager, approve=True)

    with pytest.raises(ServiceError) as refusal:
        approval_withdraw(approval=approval, user=engineer)

    assert refusal.value.messages == ["Someone has already decided on it: it can no longer be withdrawn."]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["rep", "manager", "admin_user"])
def test_only_the_submitter_withdraws(request, persona, build_template, visit_type, opportunity, engineer, manager):
    build_template({"name": "主管审批", "users": [manager]})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    with pytest.raises(PermissionDenied):
        approval_withdraw(approval=approval, user=request.getfixturevalue(persona))

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


# ---------------------------------------------------------------------------
# Who may decide
# ---------------------------------------------------------------------------
def test_submitter_holding_the_role_is_not_asked(visit_type, opportunity, manager, sales_head):
    """The default deliverable review asks presales managers and sales heads; the manager who
    submits is left out, the sales head decides."""
    deliverable = submit(opportunity, manager, visit_type)
    approval = pending_round(deliverable)

    assert [a.approver for a in ApprovalAssignment.objects.filter(step__approval=approval)] == [sales_head]
    with pytest.raises(ServiceError) as refusal:
        approval_decide(approval=approval, user=manager, approve=True)
    assert refusal.value.messages == ["You cannot approve your own submission."]


def test_submit_refused_when_the_submitter_is_the_only_approver(build_template, visit_type, opportunity, manager):
    """Every step would be signed by the submission alone: nobody else would look at it."""
    build_template({"name": "主管审批", "roles": ["presales_manager"]})

    with pytest.raises(ServiceError) as refusal:
        submit(opportunity, manager, visit_type)

    assert refusal.value.messages == [
        "Nobody but you can approve the step “主管审批”: ask an administrator to name its approvers."
    ]
    assert not opportunity.deliverables.exists()  # the upload is not kept half-submitted
    assert not Approval.objects.exists()


def test_the_submitters_own_step_is_signed_by_the_submission(
    build_template, visit_type, opportunity, manager, sales_head
):
    """The manager is the only presales manager: his step is recorded as approved by his
    submission, the round goes on to the sales head, and he still decides nothing himself."""
    build_template(
        {"name": "主管审批", "order": 1, "roles": ["presales_manager"]},
        {"name": "销售审批", "order": 2, "roles": ["sales_head"]},
    )
    deliverable = submit(opportunity, manager, visit_type)
    approval = pending_round(deliverable)

    assert steps_of(approval) == [("主管审批", StepStatus.APPROVED), ("销售审批", StepStatus.PENDING)]
    own = ApprovalAssignment.objects.get(step__approval=approval, step__name="主管审批")
    assert (own.approver, own.outcome, own.by_submission) == (manager, "approve", True)
    assert own.decided_at == approval.submitted_at
    assert own.shown_comment == "The submitter is this step's approver: signed by the submission."
    assert kinds_for(sales_head) == [NotificationKind.APPROVAL_REQUESTED]
    with pytest.raises(ServiceError) as refusal:
        approval_decide(approval=approval, user=manager, approve=True)
    assert refusal.value.messages == ["You cannot approve your own submission."]

    approval_decide(approval=approval, user=sales_head, approve=True)
    assert status_of(deliverable) == DeliverableStatus.APPROVED


def test_a_round_signed_by_submission_can_still_be_withdrawn(
    build_template, visit_type, opportunity, manager, sales_head
):
    build_template(
        {"name": "主管审批", "order": 1, "roles": ["presales_manager"]},
        {"name": "销售审批", "order": 1, "roles": ["sales_head"]},
    )
    deliverable = submit(opportunity, manager, visit_type)
    approval = pending_round(deliverable)
    assert steps_of(approval) == [("主管审批", StepStatus.APPROVED), ("销售审批", StepStatus.PENDING)]

    approval_withdraw(approval=approval, user=manager)

    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.WITHDRAWN
    assert steps_of(approval) == [("主管审批", StepStatus.APPROVED), ("销售审批", StepStatus.CANCELLED)]


def test_inactive_holders_are_not_asked(build_template, visit_type, opportunity, engineer, manager):
    build_template({"name": "主管审批", "roles": ["presales_manager"]})
    retired = make_user("retired", "presales_manager")
    retired.is_active = False
    retired.save()

    approval = pending_round(submit(opportunity, engineer, visit_type))

    assert [a.approver for a in ApprovalAssignment.objects.filter(step__approval=approval)] == [manager]


@pytest.mark.parametrize("persona", ["commercial", "rep", "admin_user"])
def test_someone_outside_the_step_may_not_decide(
    request, persona, build_template, visit_type, opportunity, engineer, manager
):
    build_template({"name": "主管审批", "users": [manager]})
    deliverable = submit(opportunity, engineer, visit_type)
    approval = pending_round(deliverable)

    with pytest.raises(PermissionDenied):
        approval_decide(approval=approval, user=request.getfixturevalue(persona), approve=True)

    assert not ApprovalAssignment.objects.exclude(outcome="").exists()
    assert status_of(deliverable) == DeliverableStatus.SUBMITTED


def test_template_for_another_kind_of_object_is_refused(visit_type, opportunity, engineer, manager):
    from django.contrib.contenttypes.models import ContentType

    from presales.approvals.models import ApprovalTemplate
    from presales.opportunities.models import Opportunity

    draft = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_type, note="x", draft=True
    )
    foreign = ApprovalTemplate.objects.create(
        code="opp_review", name="商机审批", target_type=ContentType.objects.get_for_model(Opportunity)
    )

    with pytest.raises(ServiceError):
        approval_submit(target=draft, template=foreign, user=engineer)
    with pytest.raises(ServiceError) as missing:
        approval_submit(target=draft, template="no_such_template", user=engineer)
    assert "no_such_template" in missing.value.messages[0]
    assert not Approval.objects.exists()


# ---------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------
def test_conditional_step_only_for_later_versions(
    build_template, visit_type, opportunity, engineer, manager, sales_head
):
    build_template(
        {"name": "主管审批", "order": 1, "users": [manager]},
        {"name": "销售复核", "order": 2, "users": [sales_head], "when": ("version", "gt", "1")},
    )

    first = submit(opportunity, engineer, visit_type)
    second = submit(opportunity, engineer, visit_type, note="第二版")

    assert (first.version, second.version) == (1, 2)
    assert steps_of(pending_round(first)) == [("主管审批", StepStatus.PENDING)]
    assert steps_of(pending_round(second)) == [("主管审批", StepStatus.PENDING), ("销售复核", StepStatus.WAITING)]


@pytest.mark.parametrize(
    ("field", "operator", "value", "expected"),
    [
        ("version", "gt", "1", False),
        ("version", "gte", "1", True),
        ("version", "lt", "2", True),
        ("version", "lte", "0", False),
        ("version", "eq", "1", True),
        ("version", "ne", "1", False),
        ("amount", "lt", "15.5", True),  # decimals compare as numbers, not text
        ("amount", "gt", "9", True),
        ("amount", "gt", "not a number", False),
        ("status", "eq", "submitted", True),
        ("status", "ne", "submitted", False),
        ("opportunity__industry", "eq", "education", True),
        ("missing", "eq", "1", False),
        ("", "eq", "whatever", True),  # no condition: always
    ],
)
def test_step_condition(field, operator, value, expected):
    from decimal import Decimal

    target = SimpleNamespace(
        version=1, amount=Decimal("10.5"), status="submitted", opportunity=SimpleNamespace(industry="education")
    )
    step = ApprovalTemplateStep(condition_field=field, condition_operator=operator, condition_value=value)

    assert step.applies_to(target) is expected


# ---------------------------------------------------------------------------
# Two approvers at the same time
# ---------------------------------------------------------------------------
def _refused_as_a_loser(outcome) -> bool:
    """As in the gate's race test: the loser is refused by the service; SQLite's in-memory
    test database answers a second writer "database table is locked" at once instead of
    waiting — that loser changed nothing either, which the test checks on the rows."""
    if isinstance(outcome, ServiceError):
        return True
    in_memory_sqlite = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return in_memory_sqlite and isinstance(outcome, OperationalError) and "locked" in str(outcome)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_decisions_on_a_one_of_step_count_once(
    build_template, visit_type, opportunity, engineer, manager, sales_head, commercial
):
    build_template(
        {"name": "主管审批", "order": 1, "users": [manager, sales_head], "mode": "any"},
        {"name": "商务确认", "order": 2, "users": [commercial]},
    )
    deliverable = submit(opportunity, engineer, visit_type)
    approval_pk = pending_round(deliverable).pk
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def attempt(user) -> None:
        try:
            copy = Approval.objects.get(pk=approval_pk)
            barrier.wait(timeout=30)
            with translation.override("en"):
                approval_decide(approval=copy, user=user, approve=True, comment=f"{user.username} 同意")
            outcomes[user.username] = "decided"
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[user.username] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in (manager, sales_head)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an approver hung"

    assert sorted(o for o in outcomes.values() if o == "decided") == ["decided"], outcomes
    loser = next(o for o in outcomes.values() if o != "decided")
    assert _refused_as_a_loser(loser), outcomes
    if isinstance(loser, ServiceError):
        assert loser.messages == [NOTHING_WAITING]
    decided = list(ApprovalAssignment.objects.exclude(outcome="").values_list("approver__username", "outcome"))
    winner = next(name for name, o in outcomes.items() if o == "decided")
    assert decided == [(winner, "approve")]
    approval = Approval.objects.get(pk=approval_pk)
    assert steps_of(approval) == [("主管审批", StepStatus.APPROVED), ("商务确认", StepStatus.PENDING)]
    # the step moved on exactly once: the next approver was asked once
    assert Notification.objects.filter(recipient=commercial, kind=NotificationKind.APPROVAL_REQUESTED).count() == 1
