"""The gate service `opportunity_advance`: every way a move is allowed or refused.

The default template is the seed's six stages (接触 → 咨询 → 跟踪 → 招标 → 投标 → 实施);
招标/投标 are skipped when the project has no tender. Messages are read in English (the
msgids) so the assertions do not depend on the Chinese catalogue.
"""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.utils import translation

from presales.events.models import Event
from presales.lib.services import GateBlocked, ServiceError
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import (
    DeliverableType,
    Opportunity,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)
from presales.testing import complete_stage, decide_pending, make_opportunity

SHANGHAI = ZoneInfo("Asia/Shanghai")
VISIT_RECORD = "拜访记录（含客户初步需求）"
CONTACT_TASKS = ["与销售人员一起拜访潜在客户", "进行初步沟通（口头交流、PPT或系统演示）"]
CONTACT_OPTIONAL_TASK = "找到关键客户的倾向点（技术架构、案例和售后响应、功能关注点、竞争对手）"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fresh(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.select_related("current_stage").get(pk=opportunity.pk)


def do_required_tasks(opportunity: Opportunity, user) -> None:
    for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=opportunity.current_stage, required=True):
        services.task_set_done(task=task, user=user, done=True)


def visit_record_type(stages) -> DeliverableType:
    return stages["contact"].deliverable_types.get(name=VISIT_RECORD)


def walk_to(opportunity: Opportunity, code: str, *, worker, approver, mover) -> Opportunity:
    """Pass the gates one by one until the opportunity is in the stage `code`."""
    while opportunity.current_stage.code != code:
        complete_stage(opportunity, worker=worker, approver=approver)
        target = services.next_stage(opportunity)
        assert target is not None, f"no stage after {opportunity.current_stage.code}"
        services.opportunity_advance(opportunity=opportunity, user=mover, to_stage=target)
        opportunity = fresh(opportunity)
    return opportunity


# ---------------------------------------------------------------------------
# Allowed moves
# ---------------------------------------------------------------------------
def test_advance_allowed_once_stage_complete(opportunity, rep, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)

    move = services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert move.from_stage == stages["contact"]
    assert move.to_stage == stages["consulting"]
    assert move.skipped == []
    assert fresh(opportunity).current_stage == stages["consulting"]


def test_advance_records_who_when_from_to_and_why(rep, engineer, manager, customer, stages):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        opportunity = make_opportunity(rep, customer, presales_lead=engineer)
        complete_stage(opportunity, worker=engineer, approver=manager)
    moment = datetime(2026, 3, 5, 10, 30, tzinfo=SHANGHAI)
    version_before = fresh(opportunity).version

    with time_machine.travel(moment, tick=False):
        services.opportunity_advance(
            opportunity=opportunity, user=engineer, to_stage=stages["consulting"], reason="客户同意交流方案"
        )

    event = Event.objects.get(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED)
    assert event.actor == engineer
    assert event.at == moment
    assert event.data["from_stage_id"] == stages["contact"].pk
    assert event.data["to_stage_id"] == stages["consulting"].pk
    assert event.data["reason"] == "客户同意交流方案"

    moved = fresh(opportunity)
    assert moved.stage_entered_at == moment
    assert moved.version == version_before + 1

    record = moved.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == engineer
    assert record.current_stage_id == stages["consulting"].pk
    assert record.history_date == moment
    assert "接触 → 咨询" in record.history_change_reason
    # The record before the move still holds the old stage: the history shows from → to.
    previous = record.prev_record
    assert previous.current_stage_id == stages["contact"].pk


def test_manager_may_advance_an_opportunity_he_does_not_own(opportunity, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)

    services.opportunity_advance(opportunity=opportunity, user=manager, to_stage=stages["consulting"])

    assert fresh(opportunity).current_stage == stages["consulting"]


# ---------------------------------------------------------------------------
# Refusals: the exact list of what is missing
# ---------------------------------------------------------------------------
def test_advance_refused_with_everything_missing_on_a_new_opportunity(opportunity, rep, stages):
    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [
        f"Deliverable missing: 《{VISIT_RECORD}》",
        f"Task not done: {CONTACT_TASKS[0]}",
        f"Task not done: {CONTACT_TASKS[1]}",
    ]
    assert fresh(opportunity).current_stage == stages["contact"]
    assert not Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).exists()


def test_advance_refused_without_the_required_deliverable(opportunity, rep, engineer, stages):
    do_required_tasks(opportunity, engineer)

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Deliverable missing: 《{VISIT_RECORD}》"]
    assert fresh(opportunity).current_stage == stages["contact"]


def test_advance_refused_while_deliverable_awaits_approval(opportunity, rep, engineer, manager, stages):
    do_required_tasks(opportunity, engineer)
    services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record_type(stages), note="拜访纪要"
    )

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Deliverable awaiting approval: 《{VISIT_RECORD}》"]


def test_advance_refused_while_deliverable_is_a_draft(opportunity, rep, engineer, stages):
    do_required_tasks(opportunity, engineer)
    services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record_type(stages), note="草稿", draft=True
    )

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Deliverable still a draft: 《{VISIT_RECORD}》"]


def test_advance_refused_after_deliverable_was_returned(opportunity, rep, engineer, manager, stages):
    do_required_tasks(opportunity, engineer)
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=visit_record_type(stages), note="拜访纪要"
    )
    decide_pending(deliverable, manager, approve=False, comment="缺少参会人员")

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Deliverable still a draft: 《{VISIT_RECORD}》"]


def test_advance_refused_with_a_required_task_not_done(opportunity, rep, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    task = OpportunityTask.objects.get(opportunity=opportunity, title=CONTACT_TASKS[1])
    services.task_set_done(task=task, user=engineer, done=False)

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Task not done: {CONTACT_TASKS[1]}"]


def test_gate_missing_lists_the_same_as_the_refusal(opportunity, engineer, stages):
    do_required_tasks(opportunity, engineer)

    assert services.gate_missing(fresh(opportunity)) == [f"Deliverable missing: 《{VISIT_RECORD}》"]


def test_optional_task_does_not_block(opportunity, rep, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    optional = OpportunityTask.objects.get(opportunity=opportunity, title=CONTACT_OPTIONAL_TASK)
    assert optional.required is False
    assert optional.done_at is None

    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert fresh(opportunity).current_stage == stages["consulting"]


def test_optional_deliverable_does_not_block(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)
    optional = stages["consulting"].deliverable_types.get(name="演示PPT")
    assert optional.required is False

    complete_stage(opportunity, worker=engineer, approver=manager)  # required outputs only

    assert not opportunity.deliverables.filter(deliverable_type=optional).exists()
    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["tracking"])
    assert fresh(opportunity).current_stage == stages["tracking"]


def test_deliverable_of_another_stage_does_not_satisfy_the_gate(opportunity, rep, engineer, manager, stages):
    """An approved 《项目报价清单》 (咨询's output) does not stand in for 接触's visit record."""
    do_required_tasks(opportunity, engineer)
    quote = services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["consulting"].deliverable_types.get(name="项目报价清单"),
        note="提前准备的报价",
    )
    decide_pending(quote, manager)
    assert fresh(opportunity).deliverables.get().status == "approved"

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert refusal.value.missing == [f"Deliverable missing: 《{VISIT_RECORD}》"]


def test_advance_refused_when_jumping_a_stage(opportunity, rep, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["tracking"])

    assert not isinstance(refusal.value, GateBlocked)
    assert refusal.value.messages == ["Stages cannot be jumped: “咨询” must be passed first."]
    assert fresh(opportunity).current_stage == stages["contact"]


def test_advance_refused_to_the_current_stage(opportunity, rep, stages):
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["contact"], reason="x")

    assert refusal.value.messages == ["The opportunity is already in “接触”."]


def test_advance_refused_to_a_stage_of_another_template(opportunity, rep, engineer, manager):
    complete_stage(opportunity, worker=engineer, approver=manager)
    other = StageTemplate.objects.create(name="简化流程")
    foreign = Stage.objects.create(template=other, order=2, code="consulting", name="咨询")

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=foreign)

    assert refusal.value.messages == ["“咨询” is not a stage of this opportunity's template."]
    assert fresh(opportunity).current_stage.template.is_default


# ---------------------------------------------------------------------------
# Moving back
# ---------------------------------------------------------------------------
def test_moving_back_needs_a_reason(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)

    for reason in ("", "   "):
        with pytest.raises(ServiceError) as refusal:
            services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["contact"], reason=reason)
        assert refusal.value.messages == ["Moving back to an earlier stage needs a reason."]

    assert fresh(opportunity).current_stage == stages["consulting"]


def test_moving_back_with_a_reason_records_it(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "tracking", worker=engineer, approver=manager, mover=rep)

    move = services.opportunity_advance(
        opportunity=opportunity, user=engineer, to_stage=stages["contact"], reason="客户更换了负责人，需重新接触"
    )

    assert move.to_stage == stages["contact"]
    moved = fresh(opportunity)
    assert moved.current_stage == stages["contact"]
    event = Event.objects.get(opportunity=opportunity, kind=opportunity_events.STAGE_MOVED_BACK)
    assert event.actor == engineer
    assert event.data["from_stage_id"] == stages["tracking"].pk
    assert event.data["to_stage_id"] == stages["contact"].pk
    assert event.data["reason"] == "客户更换了负责人，需重新接触"
    record = moved.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == engineer
    assert "客户更换了负责人" in record.history_change_reason


def test_moving_back_is_not_gated(opportunity, rep, engineer, manager, stages):
    """Nothing of the current stage needs to be done to go back."""
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)
    assert services.gate_missing(opportunity)  # 咨询 itself is far from complete

    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["contact"], reason="需求变化")

    assert fresh(opportunity).current_stage == stages["contact"]


def test_stage_tasks_are_instantiated_once_when_moving_back_and_forth(opportunity, rep, engineer, manager, stages):
    contact_tasks = OpportunityTask.objects.filter(opportunity=opportunity, stage=stages["contact"])
    consulting_tasks = OpportunityTask.objects.filter(opportunity=opportunity, stage=stages["consulting"])
    assert contact_tasks.count() == stages["contact"].tasks.count() == 3
    assert consulting_tasks.count() == 0

    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)
    assert consulting_tasks.count() == stages["consulting"].tasks.count() == 4
    first = consulting_tasks.order_by("id").first()
    services.task_set_done(task=first, user=engineer, done=True)

    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["contact"], reason="需求变化")
    opportunity = fresh(opportunity)
    # 接触's exit criteria are still met (done tasks and approved record are kept).
    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["consulting"])

    assert contact_tasks.count() == 3
    assert consulting_tasks.count() == 4
    first.refresh_from_db()
    assert first.done_by == engineer  # the work done before moving back is kept


# ---------------------------------------------------------------------------
# Skipped stages (招标/投标 when there is no tender)
# ---------------------------------------------------------------------------
def test_no_tender_opportunity_skips_tender_stages(rep, engineer, manager, customer, stages):
    opportunity = make_opportunity(rep, customer, presales_lead=engineer, has_tender=False)
    opportunity = walk_to(opportunity, "tracking", worker=engineer, approver=manager, mover=rep)
    complete_stage(opportunity, worker=engineer, approver=manager)
    assert services.next_stage(opportunity) == stages["implementation"]

    move = services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["implementation"])

    assert move.skipped == [stages["tender"], stages["bidding"]]
    assert fresh(opportunity).current_stage == stages["implementation"]
    skipped = Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_SKIPPED).order_by("id")
    assert [(e.data["from_stage_id"], e.data["to_stage_id"], e.actor) for e in skipped] == [
        (stages["tracking"].pk, stages["tender"].pk, rep),
        (stages["tracking"].pk, stages["bidding"].pk, rep),
    ]
    advanced = Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).latest("id")
    assert (advanced.data["from_stage_id"], advanced.data["to_stage_id"]) == (
        stages["tracking"].pk,
        stages["implementation"].pk,
    )
    # The skipped stages' checklists are never put on the opportunity.
    assert not OpportunityTask.objects.filter(
        opportunity=opportunity, stage__in=[stages["tender"], stages["bidding"]]
    ).exists()


def test_tender_opportunity_cannot_skip_tender_stages(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "tracking", worker=engineer, approver=manager, mover=rep)
    complete_stage(opportunity, worker=engineer, approver=manager)
    assert services.next_stage(opportunity) == stages["tender"]

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["implementation"])

    assert refusal.value.messages == ["Stages cannot be jumped: “招标、投标” must be passed first."]
    assert fresh(opportunity).current_stage == stages["tracking"]
    assert not Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_SKIPPED).exists()


def test_moving_into_a_skipped_stage_is_refused(rep, engineer, manager, customer, stages):
    opportunity = make_opportunity(rep, customer, presales_lead=engineer, has_tender=False)
    opportunity = walk_to(opportunity, "tracking", worker=engineer, approver=manager, mover=rep)
    complete_stage(opportunity, worker=engineer, approver=manager)

    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["tender"])

    assert refusal.value.messages == ["“招标” is skipped for projects without a tender."]
    assert fresh(opportunity).current_stage == stages["tracking"]


def test_skipping_still_needs_the_current_stage_complete(rep, engineer, manager, customer, stages):
    opportunity = make_opportunity(rep, customer, presales_lead=engineer, has_tender=False)
    opportunity = walk_to(opportunity, "tracking", worker=engineer, approver=manager, mover=rep)

    with pytest.raises(GateBlocked) as refusal:
        services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["implementation"])

    assert "Deliverable missing: 《立项批复》" in refusal.value.missing
    assert "Task not done: 确认项目立项批复" in refusal.value.missing
    assert not Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_SKIPPED).exists()


# ---------------------------------------------------------------------------
# Who may move, and when
# ---------------------------------------------------------------------------
def test_closed_opportunity_cannot_move(opportunity, rep, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    services.opportunity_close(opportunity=opportunity, user=rep, status=OpportunityStatus.ABANDONED, reason="客户取消")

    for user in (rep, manager):
        with pytest.raises(PermissionDenied):
            services.opportunity_advance(opportunity=fresh(opportunity), user=user, to_stage=stages["consulting"])

    assert fresh(opportunity).current_stage == stages["contact"]


@pytest.mark.parametrize("persona", ["other_rep", "other_engineer", "finance", "commercial", "service_mgmt", "nobody"])
def test_advance_denied_without_the_right(request, persona, opportunity, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.opportunity_advance(opportunity=opportunity, user=user, to_stage=stages["consulting"])

    assert fresh(opportunity).current_stage == stages["contact"]
    assert not Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).exists()


def test_team_member_may_contribute_but_not_advance(opportunity, rep, other_engineer, engineer, manager, stages):
    services.opportunity_member_add(opportunity=opportunity, user=rep, member=other_engineer, role="presales")
    complete_stage(opportunity, worker=other_engineer, approver=manager)

    with pytest.raises(PermissionDenied):
        services.opportunity_advance(opportunity=opportunity, user=other_engineer, to_stage=stages["consulting"])


# ---------------------------------------------------------------------------
# Concurrent moves
# ---------------------------------------------------------------------------
def test_advance_from_a_stale_copy_is_refused(opportunity, rep, engineer, manager, stages):
    """Two people opened the same opportunity; the first moves it, the second's move fails."""
    complete_stage(opportunity, worker=engineer, approver=manager)
    first_copy = fresh(opportunity)
    second_copy = fresh(opportunity)

    services.opportunity_advance(opportunity=first_copy, user=rep, to_stage=stages["consulting"])
    with pytest.raises(ServiceError) as refusal:
        services.opportunity_advance(opportunity=second_copy, user=engineer, to_stage=stages["consulting"])

    assert refusal.value.messages == [
        "This opportunity was moved to “咨询” by someone else meanwhile. Reload and try again."
    ]
    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).count() == 1
    assert OpportunityTask.objects.filter(opportunity=opportunity, stage=stages["consulting"]).count() == 4


def test_stale_copy_cannot_move_back_either(opportunity, rep, engineer, manager, stages):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)
    stale = fresh(opportunity)
    services.opportunity_advance(opportunity=opportunity, user=rep, to_stage=stages["contact"], reason="退回重谈")

    with pytest.raises(ServiceError):
        services.opportunity_advance(opportunity=stale, user=engineer, to_stage=stages["contact"], reason="退回")

    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_MOVED_BACK).count() == 1


def _race(opportunity_pk: int, attempts: dict[str, tuple]) -> dict[str, object]:
    """Each mover loads its own copy, all wait at a barrier, then each tries its move.

    `attempts` maps a name to (user, to_stage, reason); the result maps it to "moved" or
    the exception raised.
    """
    barrier = threading.Barrier(len(attempts))
    outcomes: dict[str, object] = {}

    def attempt(name: str, user, to_stage: Stage, reason: str) -> None:
        try:
            copy = Opportunity.objects.select_related("current_stage").get(pk=opportunity_pk)
            barrier.wait(timeout=30)
            with translation.override("en"):
                services.opportunity_advance(opportunity=copy, user=user, to_stage=to_stage, reason=reason)
            outcomes[name] = "moved"
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name, *args)) for name, args in attempts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a mover hung"
    return outcomes


def _refused_as_a_loser(outcome) -> bool:
    """The losing mover is refused by the service (it waited for the lock, then saw the new
    stage). SQLite's in-memory test database (shared cache) answers a second writer with
    "database table is locked" at once instead of waiting, as a file database does; that
    loser changed nothing either, which the callers check on the rows."""
    if isinstance(outcome, ServiceError):
        return True
    in_memory_sqlite = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return in_memory_sqlite and isinstance(outcome, OperationalError) and "locked" in str(outcome)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_cannot_both_succeed(rep, engineer, manager, customer, stages):
    """Two threads, two connections, one opportunity: exactly one move wins.

    On PostgreSQL the second mover waits on SELECT … FOR UPDATE and then sees the new stage;
    on a SQLite file the writers are serialised by BEGIN IMMEDIATE with the same outcome.
    """
    opportunity = make_opportunity(rep, customer, presales_lead=engineer)
    complete_stage(opportunity, worker=engineer, approver=manager)
    stale = fresh(opportunity)

    outcomes = _race(
        opportunity.pk,
        {"rep": (rep, stages["consulting"], ""), "engineer": (engineer, stages["consulting"], "")},
    )

    assert sorted(o for o in outcomes.values() if o == "moved") == ["moved"], outcomes
    loser = next(o for o in outcomes.values() if o != "moved")
    assert _refused_as_a_loser(loser), outcomes
    if connection.vendor == "postgresql":
        assert isinstance(loser, ServiceError)
        assert loser.messages == [
            "This opportunity was moved to “咨询” by someone else meanwhile. Reload and try again."
        ]
    assert fresh(opportunity).current_stage == stages["consulting"]
    assert Event.objects.filter(opportunity=opportunity, kind=opportunity_events.STAGE_ADVANCED).count() == 1
    assert OpportunityTask.objects.filter(opportunity=opportunity, stage=stages["consulting"]).count() == 4
    # Whatever the database, a copy read before the race can no longer move.
    with pytest.raises(ServiceError):
        services.opportunity_advance(opportunity=stale, user=manager, to_stage=stages["consulting"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_move_and_move_back_cannot_both_succeed(rep, engineer, manager, customer, stages):
    """One mover goes forward, the other back: whichever is second works on a stale stage."""
    opportunity = make_opportunity(rep, customer, presales_lead=engineer)
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager, mover=rep)
    complete_stage(opportunity, worker=engineer, approver=manager)

    outcomes = _race(
        opportunity.pk,
        {
            "forward": (rep, stages["tracking"], ""),
            "back": (engineer, stages["contact"], "客户需求变化"),
        },
    )

    winners = [name for name, outcome in outcomes.items() if outcome == "moved"]
    assert len(winners) == 1, outcomes
    loser = outcomes["back" if winners == ["forward"] else "forward"]
    assert _refused_as_a_loser(loser), outcomes
    expected = stages["tracking"] if winners == ["forward"] else stages["contact"]
    assert fresh(opportunity).current_stage == expected
    moves = Event.objects.filter(
        opportunity=opportunity,
        kind__in=[opportunity_events.STAGE_ADVANCED, opportunity_events.STAGE_MOVED_BACK],
        data__from_stage_id=stages["consulting"].pk,
    )
    assert moves.count() == 1
