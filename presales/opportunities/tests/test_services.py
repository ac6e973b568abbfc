"""The opportunity services other than the gate: create, update, close/reopen, team, tasks,
deliverables, approvals and the activity timeline — each with a denied-access test."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from presales.approvals.models import Approval, ApprovalAssignment
from presales.approvals.services import approval_decide
from presales.events.models import Event
from presales.lib.services import ServiceError, StaleEdit
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.access import opportunities_visible_to
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Opportunity,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)
from presales.testing import complete_stage, decide_pending, make_opportunity, walk_to

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fresh(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.get(pk=opportunity.pk)


def events(opportunity: Opportunity, kind: str):
    return Event.objects.filter(opportunity=opportunity, kind=kind)


@pytest.fixture
def visit_record(stages, manager):
    """接触's required output; reviewed by a presales manager (so a submission has an approver)."""
    return stages["contact"].deliverable_types.get(required=True)


# ---------------------------------------------------------------------------
# opportunity_create
# ---------------------------------------------------------------------------
def test_create_numbers_codes_per_year(rep, engineer, customer):
    with time_machine.travel(datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        first = make_opportunity(rep, customer, name="一期", presales_lead=engineer)
        second = make_opportunity(rep, customer, name="二期")
    with time_machine.travel(datetime(2027, 1, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        next_year = make_opportunity(rep, customer, name="三期")

    assert (first.code, second.code, next_year.code) == ("PS-2026-0001", "PS-2026-0002", "PS-2027-0001")


def test_create_uses_the_local_year(rep, customer):
    """1 Jan 00:30 in Shanghai is 2027 although UTC is still 31 Dec 2026."""
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        opportunity = make_opportunity(rep, customer)

    assert opportunity.code == "PS-2027-0001"


def test_create_opens_the_first_stage_with_its_checklist(rep, engineer, other_engineer, customer, stages):
    opportunity = make_opportunity(rep, customer, presales_lead=engineer, team=[other_engineer])

    opportunity = fresh(opportunity)
    assert opportunity.current_stage == stages["contact"]
    assert opportunity.status == OpportunityStatus.ACTIVE
    assert opportunity.sales_owner == rep
    assert opportunity.created_by == rep
    assert opportunity.version == 1
    assert list(opportunity.team.all()) == [other_engineer]
    tasks = OpportunityTask.objects.filter(opportunity=opportunity)
    assert sorted(t.title for t in tasks) == sorted(t.title for t in stages["contact"].tasks.all())
    assert {t.assignee for t in tasks} == {engineer}
    created = events(opportunity, opportunity_events.CREATED).get()
    assert (created.actor, created.data["to_stage_id"]) == (rep, stages["contact"].pk)
    record = opportunity.history.get()
    assert (record.history_type, record.history_user) == ("+", rep)


def test_manager_creates_for_another_rep(manager, rep, customer):
    opportunity = services.opportunity_create(
        user=manager,
        data={"name": "园区安防", "customer": customer, "sales_owner": rep, "industry": "public_security"},
    )

    assert opportunity.sales_owner == rep
    assert opportunity.created_by == manager
    assert opportunity in opportunities_visible_to(rep)


def test_create_refused_without_a_default_template(rep, customer):
    StageTemplate.objects.filter(is_default=True).update(is_default=False)

    with pytest.raises(ServiceError):
        make_opportunity(rep, customer)

    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("persona", ["engineer", "finance", "commercial", "service_mgmt", "nobody"])
def test_create_denied_without_the_right(request, persona, customer):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.opportunity_create(
            user=user, data={"name": "越权商机", "customer": customer, "industry": "public_security"}
        )

    assert not Opportunity.objects.exists()


# ---------------------------------------------------------------------------
# opportunity_update
# ---------------------------------------------------------------------------
def test_update_saves_changes_and_bumps_the_version(opportunity, rep):
    updated = services.opportunity_update(
        opportunity=opportunity,
        user=rep,
        data={"expected_amount": Decimal("1500000"), "competitors": "华为、中兴"},
        seen_version=1,
    )

    assert updated.version == 2
    stored = fresh(opportunity)
    assert stored.expected_amount == Decimal("1500000")
    assert stored.competitors == "华为、中兴"
    record = stored.history.order_by("-history_id").first()
    assert record.history_user == rep
    assert record.expected_amount == Decimal("1500000")


def test_update_without_changes_keeps_the_version(opportunity, rep):
    services.opportunity_update(opportunity=opportunity, user=rep, data={"name": opportunity.name}, seen_version=1)

    assert fresh(opportunity).version == 1
    assert fresh(opportunity).history.count() == 1


def test_update_from_an_old_version_is_refused_naming_who_changed_it(opportunity, rep, manager):
    services.opportunity_update(opportunity=opportunity, user=manager, data={"name": "主管改的名字"}, seen_version=1)

    with pytest.raises(StaleEdit) as refusal:
        services.opportunity_update(opportunity=opportunity, user=rep, data={"name": "销售改的名字"}, seen_version=1)

    assert refusal.value.changed_by == manager.display_name == "陈主管"
    assert "陈主管" in refusal.value.messages[0]
    assert fresh(opportunity).name == "主管改的名字"


def test_rep_cannot_hand_the_opportunity_to_another_rep(opportunity, rep, other_rep):
    services.opportunity_update(
        opportunity=opportunity, user=rep, data={"sales_owner": other_rep, "name": "改名"}, seen_version=1
    )

    stored = fresh(opportunity)
    assert stored.sales_owner == rep
    assert stored.name == "改名"


def test_manager_hands_the_opportunity_to_another_rep(opportunity, manager, other_rep):
    services.opportunity_update(opportunity=opportunity, user=manager, data={"sales_owner": other_rep}, seen_version=1)

    assert fresh(opportunity).sales_owner == other_rep


@pytest.mark.parametrize("persona", ["engineer", "other_rep", "commercial", "finance"])
def test_update_denied_without_the_right(request, persona, opportunity):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.opportunity_update(opportunity=opportunity, user=user, data={"name": "越权修改"}, seen_version=1)

    assert fresh(opportunity).name != "越权修改"


# ---------------------------------------------------------------------------
# opportunity_close / opportunity_reopen
# ---------------------------------------------------------------------------
def test_close_as_won_with_a_reason(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)
    complete_stage(opportunity, worker=engineer, approver=manager)
    moment = datetime(2026, 6, 1, 15, 0, tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        services.opportunity_close(opportunity=opportunity, user=rep, status="won", reason="项目验收合格")

    stored = fresh(opportunity)
    assert stored.status == OpportunityStatus.WON
    assert stored.close_reason == "项目验收合格"
    assert stored.closed_at == moment
    event = events(opportunity, opportunity_events.CLOSED).get()
    assert (event.actor, event.data["reason"], event.data["from_stage_id"]) == (
        rep,
        "项目验收合格",
        stages["implementation"].pk,
    )
    assert event.data["status"] == "won"


def test_won_refused_before_the_last_stage(opportunity, rep):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(opportunity=opportunity, user=rep, status="won", reason="用户认可方案，已签约")

    assert refusal.value.messages == [
        "An opportunity is won at the end of “实施” (project accepted): advance it there first."
    ]
    assert fresh(opportunity).status == OpportunityStatus.ACTIVE


def test_won_refused_until_the_acceptance_report_is_approved(opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "implementation", worker=engineer, approver=manager)

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(opportunity=opportunity, user=rep, status="won", reason="项目验收合格")

    assert "Deliverable missing: 《项目验收报告》" in refusal.value.messages
    assert fresh(opportunity).status == OpportunityStatus.ACTIVE


@pytest.mark.parametrize("status", ["won", "lost", "abandoned"])
def test_close_needs_a_reason(opportunity, rep, status):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(
            opportunity=opportunity, user=rep, status=status, reason="  ", winning_competitor="华为"
        )

    assert refusal.value.messages[0] == "A reason is required to close an opportunity."
    assert fresh(opportunity).status == OpportunityStatus.ACTIVE


def test_close_as_lost_needs_the_winning_competitor(opportunity, rep):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(opportunity=opportunity, user=rep, status="lost", reason="价格偏高")

    assert refusal.value.messages == ["Say which competitor won (or “unknown”)."]
    assert fresh(opportunity).status == OpportunityStatus.ACTIVE

    services.opportunity_close(
        opportunity=opportunity, user=rep, status="lost", reason="价格偏高", winning_competitor=" 华为 "
    )
    stored = fresh(opportunity)
    assert (stored.status, stored.winning_competitor) == (OpportunityStatus.LOST, "华为")


def test_close_lists_every_problem_at_once(opportunity, rep):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(opportunity=opportunity, user=rep, status="lost", reason="")

    assert len(refusal.value.messages) == 2


def test_close_refused_with_an_unknown_outcome_or_twice(opportunity, rep):
    with pytest.raises(ServiceError):
        services.opportunity_close(opportunity=opportunity, user=rep, status="active", reason="没有这种结果")

    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消项目")
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_close(opportunity=fresh(opportunity), user=rep, status="won", reason="再关一次")
    assert refusal.value.messages == ["The opportunity is already closed."]
    assert fresh(opportunity).status == OpportunityStatus.ABANDONED


@pytest.mark.parametrize("persona", ["engineer", "other_rep", "commercial", "finance", "service_mgmt"])
def test_close_denied_without_the_right(request, persona, opportunity):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.opportunity_close(opportunity=opportunity, user=user, status="abandoned", reason="越权")

    assert fresh(opportunity).status == OpportunityStatus.ACTIVE


def test_reopen_needs_a_reason_and_clears_the_outcome(opportunity, rep):
    services.opportunity_close(
        opportunity=opportunity, user=rep, status="lost", reason="价格偏高", winning_competitor="华为"
    )

    with pytest.raises(ServiceError):
        services.opportunity_reopen(opportunity=opportunity, user=rep, reason=" ")
    assert fresh(opportunity).status == OpportunityStatus.LOST

    services.opportunity_reopen(opportunity=opportunity, user=rep, reason="招标重新组织")
    stored = fresh(opportunity)
    assert stored.status == OpportunityStatus.ACTIVE
    assert (stored.close_reason, stored.winning_competitor, stored.closed_at) == ("", "", None)
    assert events(opportunity, opportunity_events.REOPENED).get().data["reason"] == "招标重新组织"


def test_reopen_refused_when_active(opportunity, rep):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_reopen(opportunity=opportunity, user=rep, reason="本来就是活跃的")

    assert refusal.value.messages == ["The opportunity is already active."]


@pytest.mark.parametrize("persona", ["engineer", "other_rep", "finance"])
def test_reopen_denied_without_the_right(request, persona, opportunity, rep):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消")
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.opportunity_reopen(opportunity=opportunity, user=user, reason="越权")

    assert fresh(opportunity).status == OpportunityStatus.ABANDONED


def test_manager_reopens_a_closed_opportunity(opportunity, rep, manager):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消")

    services.opportunity_reopen(opportunity=opportunity, user=manager, reason="客户恢复项目")

    assert fresh(opportunity).status == OpportunityStatus.ACTIVE


# ---------------------------------------------------------------------------
# Team
# ---------------------------------------------------------------------------
def test_team_member_added_sees_the_opportunity_and_removed_no_longer(opportunity, rep, other_engineer):
    assert opportunity not in opportunities_visible_to(other_engineer)

    membership = services.opportunity_member_add(
        opportunity=opportunity, user=rep, member=other_engineer, role="expert"
    )

    assert (membership.user, membership.role) == (other_engineer, "expert")
    assert opportunity in opportunities_visible_to(other_engineer)
    added = events(opportunity, opportunity_events.MEMBER_ADDED).get()
    assert added.actor == rep
    assert added.data["member"] == "赵工"

    services.opportunity_member_remove(opportunity=opportunity, user=rep, member=other_engineer)

    assert not OpportunityMember.objects.filter(opportunity=opportunity).exists()
    assert opportunity not in opportunities_visible_to(other_engineer)
    assert events(opportunity, opportunity_events.MEMBER_REMOVED).get().data["member"] == "赵工"


def test_team_member_added_twice_or_removed_twice_is_refused(opportunity, engineer, other_engineer):
    services.opportunity_member_add(opportunity=opportunity, user=engineer, member=other_engineer, role="presales")
    with pytest.raises(ServiceError):
        services.opportunity_member_add(opportunity=opportunity, user=engineer, member=other_engineer, role="presales")
    assert OpportunityMember.objects.filter(opportunity=opportunity).count() == 1

    services.opportunity_member_remove(opportunity=opportunity, user=engineer, member=other_engineer)
    with pytest.raises(ServiceError):
        services.opportunity_member_remove(opportunity=opportunity, user=engineer, member=other_engineer)


@pytest.mark.parametrize("persona", ["other_rep", "finance", "commercial", "other_engineer"])
def test_team_change_denied_without_the_right(request, persona, opportunity, rep, other_engineer, finance):
    user = request.getfixturevalue(persona)
    if persona == "other_engineer":  # a team member is not a team manager
        services.opportunity_member_add(opportunity=opportunity, user=rep, member=other_engineer, role="presales")

    with pytest.raises(PermissionDenied):
        services.opportunity_member_add(opportunity=opportunity, user=user, member=finance, role="commercial")
    with pytest.raises(PermissionDenied):
        services.opportunity_member_remove(opportunity=opportunity, user=user, member=other_engineer)

    assert not OpportunityMember.objects.filter(opportunity=opportunity, user=finance).exists()


# ---------------------------------------------------------------------------
# Checklist tasks
# ---------------------------------------------------------------------------
def test_task_done_records_who_and_when(opportunity, engineer):
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()
    moment = datetime(2026, 4, 8, 16, 45, tzinfo=SHANGHAI)

    with time_machine.travel(moment, tick=False):
        services.task_set_done(task=task, user=engineer, done=True)

    task.refresh_from_db()
    assert (task.done_by, task.done_at, task.is_done) == (engineer, moment, True)
    event = events(opportunity, opportunity_events.TASK_DONE).get()
    assert (event.actor, event.data["title"]) == (engineer, task.title)


def test_task_reopened_forgets_who_did_it(opportunity, engineer, rep):
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()
    services.task_set_done(task=task, user=engineer, done=True)

    services.task_set_done(task=task, user=rep, done=False)

    task.refresh_from_db()
    assert (task.done_by, task.done_at) == (None, None)
    assert events(opportunity, opportunity_events.TASK_REOPENED).get().actor == rep


def test_task_ticked_twice_is_recorded_once(opportunity, engineer, rep):
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()
    services.task_set_done(task=task, user=engineer, done=True)

    services.task_set_done(task=task, user=rep, done=True)

    task.refresh_from_db()
    assert task.done_by == engineer
    assert events(opportunity, opportunity_events.TASK_DONE).count() == 1


@pytest.mark.parametrize("persona", ["commercial", "manager", "rep"])
def test_task_ticked_by_those_who_contribute(request, persona, opportunity):
    user = request.getfixturevalue(persona)
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()

    services.task_set_done(task=task, user=user, done=True)

    task.refresh_from_db()
    assert task.done_by == user


@pytest.mark.parametrize("persona", ["finance", "service_mgmt", "other_rep", "other_engineer"])
def test_task_denied_without_the_right(request, persona, opportunity):
    user = request.getfixturevalue(persona)
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()

    with pytest.raises(PermissionDenied):
        services.task_set_done(task=task, user=user, done=True)

    task.refresh_from_db()
    assert task.done_at is None


def test_task_denied_on_a_closed_opportunity(opportunity, rep):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消")
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()

    with pytest.raises(PermissionDenied):
        services.task_set_done(task=task, user=rep, done=True)


# ---------------------------------------------------------------------------
# Deliverables
# ---------------------------------------------------------------------------
def test_deliverable_versions_increment_per_type(opportunity, engineer, rep, visit_record, stages):
    first = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="第一次拜访"
    )
    second = services.deliverable_submit(
        opportunity=opportunity, user=rep, deliverable_type=visit_record, link="https://pan.example.com/visit-2"
    )
    other_type = services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["consulting"].deliverable_types.get(name="项目报价清单"),
        note="报价初稿",
    )

    assert (first.version, second.version, other_type.version) == (1, 2, 1)
    assert first.title == visit_record.name
    assert second.status == DeliverableStatus.SUBMITTED
    assert second.submitted_at is not None
    assert second.created_by == rep
    submitted = events(opportunity, opportunity_events.DELIVERABLE_SUBMITTED).order_by("id")
    assert [(e.data["title"], e.data["version"]) for e in submitted] == [
        (visit_record.name, 1),
        (visit_record.name, 2),
        ("项目报价清单", 1),
    ]


def test_deliverable_draft_then_sent_for_approval(opportunity, engineer, visit_record):
    draft = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="还在整理", draft=True
    )
    assert (draft.status, draft.submitted_at) == (DeliverableStatus.DRAFT, None)
    assert not events(opportunity, opportunity_events.DELIVERABLE_SUBMITTED).exists()

    sent = services.deliverable_send_for_approval(deliverable=draft, user=engineer)

    assert sent.status == DeliverableStatus.SUBMITTED
    assert sent.submitted_at is not None
    assert events(opportunity, opportunity_events.DELIVERABLE_SUBMITTED).count() == 1
    assert Approval.objects.for_target(sent).pending().get().submitted_by == engineer
    with pytest.raises(ServiceError):
        services.deliverable_send_for_approval(deliverable=sent, user=engineer)


def test_deliverable_needs_content(opportunity, engineer, visit_record):
    with pytest.raises(ServiceError) as refusal:
        services.deliverable_submit(opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="  ")

    assert refusal.value.messages == ["Attach a file, give a link or write the record."]
    assert not Deliverable.objects.exists()


def test_deliverable_of_another_template_is_refused(opportunity, engineer):
    other = StageTemplate.objects.create(name="其他流程")
    stage = Stage.objects.create(template=other, order=1, code="only", name="唯一阶段")
    foreign_type = stage.deliverable_types.create(name="外来文档")

    with pytest.raises(ServiceError):
        services.deliverable_submit(opportunity=opportunity, user=engineer, deliverable_type=foreign_type, note="x")

    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("persona", ["finance", "service_mgmt", "other_rep", "other_engineer", "nobody"])
def test_deliverable_upload_denied_without_the_right(request, persona, opportunity, visit_record):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.deliverable_submit(opportunity=opportunity, user=user, deliverable_type=visit_record, note="越权")

    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("name", ["解决方案", "项目验收报告"])
def test_deliverable_that_comes_from_elsewhere_cannot_be_uploaded(opportunity, engineer, stages, name):
    """《解决方案》 comes from a signed-off solution version, 《项目验收报告》 from an approved
    acceptance report: they are recorded from there, never uploaded on the opportunity."""
    dtype = DeliverableType.objects.get(stage__template__is_default=True, name=name)

    with pytest.raises(ServiceError) as refusal:
        services.deliverable_submit(opportunity=opportunity, user=engineer, deliverable_type=dtype, note="直接上传")

    assert refusal.value.messages == [
        f"《{name}》 is not uploaded here: it comes from {dtype.get_fulfilled_by_display()}."
    ]
    assert not Deliverable.objects.exists()
    assert not Approval.objects.exists()


def test_deliverable_recorded_from_elsewhere_is_approved_at_once(opportunity, engineer):
    recorded = services.deliverable_record_approved(
        opportunity=opportunity, user=engineer, fulfilled_by="solution", title="监控平台方案 V2", source_url="/x/"
    )

    assert (recorded.deliverable_type.name, recorded.status) == ("解决方案", DeliverableStatus.APPROVED)
    assert (recorded.source_url, recorded.version) == ("/x/", 1)
    assert not Approval.objects.exists()
    assert events(opportunity, opportunity_events.DELIVERABLE_APPROVED).get().data == {
        "code": opportunity.code,
        "title": "监控平台方案 V2",
        "version": 1,
        "deliverable_type_id": recorded.deliverable_type_id,
    }


def test_commercial_and_team_members_may_upload(opportunity, rep, commercial, other_engineer, visit_record):
    services.opportunity_member_add(opportunity=opportunity, user=rep, member=other_engineer, role="presales")

    by_commercial = services.deliverable_submit(
        opportunity=opportunity, user=commercial, deliverable_type=visit_record, note="商务补充"
    )
    by_member = services.deliverable_submit(
        opportunity=opportunity, user=other_engineer, deliverable_type=visit_record, note="专家补充"
    )

    assert (by_commercial.created_by, by_member.created_by) == (commercial, other_engineer)


# ---------------------------------------------------------------------------
# Approvals (through the approvals engine: template "deliverable_review")
# ---------------------------------------------------------------------------
def assignment_of(deliverable, approver) -> ApprovalAssignment:
    return ApprovalAssignment.objects.get(step__approval__target_id=deliverable.pk, approver=approver)


def test_submitted_deliverable_waits_for_a_presales_manager_or_sales_head(
    opportunity, engineer, manager, sales_head, visit_record
):
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="拜访纪要"
    )

    approval = Approval.objects.for_target(deliverable).get()
    assert (approval.template.code, approval.status, approval.round) == ("deliverable_review", "pending", 1)
    assert approval.opportunity == opportunity
    step = approval.steps.get()
    assert (step.name, step.mode, step.status) == ("主管审批", "any", "pending")
    assert {a.approver for a in step.assignments.all()} == {manager, sales_head}


@pytest.mark.parametrize("persona", ["manager", "sales_head"])
def test_deliverable_approved_by_an_approver(request, persona, opportunity, engineer, visit_record):
    approver = request.getfixturevalue(persona)
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="拜访纪要"
    )
    moment = datetime(2026, 4, 9, 11, 0, tzinfo=SHANGHAI)

    with time_machine.travel(moment, tick=False):
        decide_pending(deliverable, approver, comment="同意")

    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.approved_at) == (DeliverableStatus.APPROVED, moment)
    decision = assignment_of(deliverable, approver)
    assert (decision.outcome, decision.comment, decision.decided_at) == ("approve", "同意", moment)
    assert Approval.objects.for_target(deliverable).get().status == "approved"
    event = events(opportunity, opportunity_events.DELIVERABLE_APPROVED).get()
    assert event.actor == approver


def test_deliverable_returned_needs_a_comment(opportunity, engineer, manager, visit_record):
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="拜访纪要"
    )

    with pytest.raises(ServiceError) as refusal:
        decide_pending(deliverable, manager, approve=False, comment=" ")
    assert refusal.value.messages == ["Say why you reject it: the submitter needs the reasons."]
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    assert assignment_of(deliverable, manager).outcome == ""

    decide_pending(deliverable, manager, approve=False, comment="缺少客户需求")

    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.DRAFT
    decision = assignment_of(deliverable, manager)
    assert (decision.outcome, decision.comment) == ("reject", "缺少客户需求")
    returned = events(opportunity, opportunity_events.DELIVERABLE_RETURNED).get()
    assert (returned.actor, returned.data["reason"]) == (manager, "缺少客户需求")


def test_only_a_submitted_deliverable_can_be_decided(opportunity, engineer, manager, visit_record):
    draft = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="草稿", draft=True
    )
    assert not Approval.objects.for_target(draft).exists()  # a draft is not waiting for anyone

    submitted = services.deliverable_send_for_approval(deliverable=draft, user=engineer)
    decide_pending(submitted, manager)
    approval = Approval.objects.for_target(submitted).get()
    with pytest.raises(ServiceError):
        approval_decide(approval=approval, user=manager, approve=False, comment="反悔")

    submitted.refresh_from_db()
    assert submitted.status == DeliverableStatus.APPROVED
    assert assignment_of(submitted, manager).outcome == "approve"


def test_submit_refused_when_nobody_can_approve(opportunity, engineer, stages):
    """No presales manager or sales head exists: the submission is refused and nothing is kept."""
    dtype = stages["contact"].deliverable_types.get(required=True)

    with pytest.raises(ServiceError) as refusal:
        services.deliverable_submit(opportunity=opportunity, user=engineer, deliverable_type=dtype, note="拜访纪要")

    assert refusal.value.messages == [
        "Nobody but you can approve the step “主管审批”: ask an administrator to name its approvers."
    ]
    assert not Deliverable.objects.exists()
    assert not Approval.objects.exists()


@pytest.mark.parametrize("persona", ["rep", "commercial", "finance", "other_rep", "admin_user"])
def test_deliverable_decision_denied_without_the_right(request, persona, opportunity, engineer, visit_record):
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record, note="拜访纪要"
    )
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        decide_pending(deliverable, user)

    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    assert not ApprovalAssignment.objects.exclude(outcome="").exists()


def test_submitter_cannot_approve_his_own_deliverable(opportunity, manager, sales_head, visit_record):
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=manager, deliverable_type=visit_record, note="主管自己写的纪要"
    )
    assert [a.approver for a in ApprovalAssignment.objects.all()] == [sales_head]

    with pytest.raises(ServiceError) as refusal:
        decide_pending(deliverable, manager)
    assert refusal.value.messages == ["You cannot approve your own submission."]

    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    assert not ApprovalAssignment.objects.exclude(outcome="").exists()


# ---------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------
def test_activity_logged_on_the_timeline(opportunity, engineer):
    activity = services.activity_log(
        opportunity=opportunity,
        user=engineer,
        data={
            "kind": "visit",
            "occurred_on": date(2026, 4, 7),
            "subject": "拜访信息中心",
            "people": "张工、王销售；客户：李主任",
            "duration_minutes": 90,
            "outcome": "客户关注监控平台的扩展性",
        },
    )

    stored = Activity.objects.get(pk=activity.pk)
    assert stored.opportunity == opportunity
    assert stored.created_by == engineer
    assert (stored.kind, stored.occurred_on, stored.duration_minutes) == ("visit", date(2026, 4, 7), 90)
    assert stored.outcome == "客户关注监控平台的扩展性"
    assert stored.history.get().history_user == engineer


@pytest.mark.parametrize("persona", ["other_rep", "finance", "service_mgmt", "other_engineer", "nobody"])
def test_activity_denied_without_the_right(request, persona, opportunity):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.activity_log(
            opportunity=opportunity,
            user=user,
            data={"kind": "note", "occurred_on": date(2026, 4, 7), "subject": "越权记录"},
        )

    assert not Activity.objects.exists()


def test_activity_denied_on_a_closed_opportunity(opportunity, rep):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消")

    with pytest.raises(PermissionDenied):
        services.activity_log(
            opportunity=opportunity,
            user=rep,
            data={"kind": "note", "occurred_on": date(2026, 4, 7), "subject": "关单后记录"},
        )


def test_no_tender_refused_while_in_a_tender_stage(opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_update(
            opportunity=opportunity, user=rep, data={"has_tender": False}, seen_version=opportunity.version
        )

    assert "tender stage" in refusal.value.messages[0]
    assert fresh(opportunity).has_tender is True
