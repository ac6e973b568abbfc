"""Stage tasks go to the person who does them: the role is template data (the seed's wording),
each task is assigned to whoever holds that role on the opportunity, a department's tasks wait
in its queue when nobody of the team holds them, and a task is reassigned by hand."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from presales.events.models import Event
from presales.lib.services import ServiceError
from presales.opportunities import events as opportunity_events
from presales.opportunities import selectors, services
from presales.opportunities.default_template import DEFAULT_STAGES, role_from_wording
from presales.opportunities.models import (
    Opportunity,
    OpportunityMember,
    OpportunityTask,
    StageTask,
    TaskRole,
    TeamRole,
)
from presales.opportunities.services._common import TaskHolders
from presales.testing import make_customer, make_opportunity, make_user, walk_to

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    with translation.override("en"):
        yield


def task(opportunity: Opportunity, starts_with: str) -> OpportunityTask:
    return OpportunityTask.objects.get(opportunity=opportunity, title__startswith=starts_with)


def mine(user) -> list[str]:
    shown = selectors.my_tasks(user)
    return [t.title for key in ("overdue_tasks", "due_soon_tasks", "other_tasks") for t in shown[key]]


# ---------------------------------------------------------------------------
# The template says who does each task
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("销售人员将解决方案与项目报价清单提交给客户", TaskRole.SALES_OWNER),
        ("由销售人员与客户进行交流沟通，确认售前技术工程师前往项目地的时间、地点等", TaskRole.SALES_OWNER),
        ("商务人员将定稿合同提交服管部审核，并按审核意见修改确认", TaskRole.COMMERCIAL),
        ("售前技术工程师在施工现场为施工队提供技术支持和指导", TaskRole.PRESALES_LEAD),
        ("技术主管组织相关技术人员开展项目组织会议", TaskRole.PRESALES_MANAGER),
        ("服管部审核合同", TaskRole.SERVICE_MANAGEMENT),
        ("财务确认回款", TaskRole.FINANCE),
    ],
)
def test_role_from_the_seeds_wording(title, role):
    assert role_from_wording(title) == role


def test_every_seeded_task_worded_with_a_role_gets_that_role(db):
    """The default template (loaded by migration) carries the roles of default_template.py,
    and where a title names who does it, the role is the one the wording says."""
    stored = dict(StageTask.objects.filter(stage__template__is_default=True).values_list("title", "role"))
    seeded = {task[0]: task[3] for spec in DEFAULT_STAGES for task in spec["tasks"]}
    assert stored == seeded
    worded = {title: role for title, role in seeded.items() if role_from_wording(title, default="") != ""}
    assert len(worded) == 8  # the tasks the seed words with 销售…, 商务…, 售前…, 由销售…
    assert all(role_from_wording(title) == role for title, role in worded.items())
    assert stored["销售人员将解决方案与项目报价清单提交给客户"] == TaskRole.SALES_OWNER
    assert stored["商务人员将定稿合同提交服管部审核，并按审核意见修改确认"] == TaskRole.COMMERCIAL


def test_the_admin_shows_the_role_of_a_stage_task(client, admin_user, stages):
    client.force_login(admin_user)
    response = client.get(reverse("admin:opportunities_stage_change", args=[stages["consulting"].pk]), **ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="tasks-0-role"' in html
    assert "Sales owner" in html and "Commercial" in html


# ---------------------------------------------------------------------------
# Assignment when a stage opens
# ---------------------------------------------------------------------------
def test_consulting_tasks_go_to_the_sales_owner_and_to_the_presales_lead(opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)

    assert task(opportunity, "销售人员将解决方案").assignee == rep
    assert task(opportunity, "销售人员将解决方案").role == TaskRole.SALES_OWNER
    assert task(opportunity, "售前技术工程师根据前期").assignee == engineer
    assert task(opportunity, "售前技术工程师根据前期").role == TaskRole.PRESALES_LEAD


def test_commercial_task_goes_to_the_teams_named_commercial_person(rep, engineer, commercial, customer):
    other_commercial = make_user("commercial2", "commercial", full_name="钱商务")
    opportunity = make_opportunity(rep, customer, presales_lead=engineer)
    OpportunityMember.objects.create(opportunity=opportunity, user=other_commercial, role=TeamRole.COMMERCIAL)

    assert TaskHolders(opportunity)(TaskRole.COMMERCIAL) == other_commercial


def test_commercial_task_without_a_named_person_waits_in_the_commercial_queue(
    opportunity, rep, engineer, manager, commercial
):
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)

    queued = task(opportunity, "购买/下载并登记招标文件")
    assert queued.role == TaskRole.COMMERCIAL
    assert queued.assignee is None
    # the commercial user sees the queue in "my work"; the rep and the engineer do not
    assert queued.title in mine(commercial)
    assert queued.title not in mine(rep)
    assert queued.title not in mine(engineer)


def test_without_a_presales_lead_the_task_falls_back_to_the_owner(rep, customer):
    opportunity = make_opportunity(rep, customer)

    first = OpportunityTask.objects.filter(opportunity=opportunity).order_by("id").first()
    assert first.role == TaskRole.PRESALES_LEAD  # the role stays visible
    assert first.assignee == rep


def test_department_roles_one_holder_several_or_none(rep, engineer, customer, manager, finance):
    opportunity = make_opportunity(rep, customer, presales_lead=engineer)
    holders = TaskHolders(opportunity)

    assert holders(TaskRole.PRESALES_MANAGER) == manager  # the one presales manager
    assert holders(TaskRole.FINANCE) == finance
    assert holders(TaskRole.SERVICE_MANAGEMENT) == rep  # nobody of 服管部: the owner
    assert holders(TaskRole.COMMERCIAL) == rep  # no commercial user at all: the owner

    make_user("manager2", "presales_manager", full_name="孙主管")
    assert TaskHolders(opportunity)(TaskRole.PRESALES_MANAGER) is None  # several: their queue


def test_the_bid_team_task_goes_to_the_presales_manager(opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "bidding", worker=engineer, approver=manager)

    assert task(opportunity, "组建投标小组").assignee == manager
    assert "组建投标小组，分工编制标书" in mine(manager)


# ---------------------------------------------------------------------------
# My work: each person his own
# ---------------------------------------------------------------------------
def test_my_work_of_the_rep_shows_his_tasks_and_not_the_engineers(client, opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    client.force_login(rep)

    html = client.get(reverse("home"), **ENGLISH).content.decode()

    assert "销售人员将解决方案与项目报价清单提交给客户" in html
    assert "售前技术工程师根据前期销售人员反馈的信息" not in html
    assert "Sales owner" in html  # the role on the row

    client.force_login(engineer)
    html = client.get(reverse("home"), **ENGLISH).content.decode()
    assert "售前技术工程师根据前期销售人员反馈的信息" in html
    assert "销售人员将解决方案与项目报价清单提交给客户" not in html


def test_my_work_shows_the_commercial_queue_to_commercial(client, opportunity, engineer, manager, commercial):
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)
    client.force_login(commercial)

    html = client.get(reverse("home"), **ENGLISH).content.decode()

    assert "购买/下载并登记招标文件" in html
    assert "Commercial queue" in html


def test_my_work_reads_the_same_number_of_queries_with_more_tasks(client, rep, engineer, manager, commercial):
    """The commercial queue and the own tasks are one query, whatever their number."""
    customer = make_customer(rep, "宁波市公安局")

    def add(n: int) -> None:
        for i in range(n):
            opportunity = make_opportunity(rep, customer, name=f"批量{i}{OpportunityTask.objects.count()}")
            tender = opportunity.template.stages.get(code="tender")
            stage_task = tender.tasks.get(role=TaskRole.COMMERCIAL)
            Opportunity.objects.filter(pk=opportunity.pk).update(current_stage=tender)
            OpportunityTask.objects.create(
                opportunity=opportunity,
                stage=tender,
                stage_task=stage_task,
                title=stage_task.title,
                role=TaskRole.COMMERCIAL,
            )

    client.force_login(commercial)
    add(2)
    client.get(reverse("home"), **ENGLISH)
    with CaptureQueriesContext(connection) as few:
        first = client.get(reverse("home"), **ENGLISH)
    add(8)
    with CaptureQueriesContext(connection) as more:
        second = client.get(reverse("home"), **ENGLISH)

    assert len(second.context["other_tasks"]) == 10 > len(first.context["other_tasks"]) == 2
    assert len(few.captured_queries) == len(more.captured_queries)


# ---------------------------------------------------------------------------
# Reassigning by hand
# ---------------------------------------------------------------------------
def test_owner_reassigns_a_task_with_an_event(opportunity, rep, engineer, other_engineer, manager):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    OpportunityMember.objects.create(opportunity=opportunity, user=other_engineer, role=TeamRole.PRESALES)
    solution_task = task(opportunity, "售前技术工程师根据前期")

    services.task_reassign(task=solution_task, user=rep, assignee=other_engineer)

    solution_task.refresh_from_db()
    assert solution_task.assignee == other_engineer
    assert solution_task.role == TaskRole.PRESALES_LEAD
    event = Event.objects.get(opportunity=opportunity, kind=opportunity_events.TASK_REASSIGNED)
    assert event.data["assignee"] == other_engineer.display_name
    assert event.data["previous"] == engineer.display_name
    assert solution_task.title in mine(other_engineer)
    assert solution_task.title not in mine(engineer)


def test_reassign_refused_to_someone_who_cannot_see_the_opportunity(opportunity, rep, other_engineer):
    first = OpportunityTask.objects.filter(opportunity=opportunity).first()
    with pytest.raises(ServiceError, match="cannot see this opportunity"):
        services.task_reassign(task=first, user=rep, assignee=other_engineer)


@pytest.mark.parametrize("persona", ["other_rep", "other_engineer", "finance"])
def test_reassign_denied_without_the_right(request, persona, opportunity, rep):
    first = OpportunityTask.objects.filter(opportunity=opportunity).first()
    with pytest.raises(PermissionDenied):
        services.task_reassign(task=first, user=request.getfixturevalue(persona), assignee=rep)


def test_commercial_takes_a_task_from_its_queue(client, opportunity, engineer, manager, commercial):
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)
    queued = task(opportunity, "购买/下载并登记招标文件")
    client.force_login(commercial)

    page = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert f'data-testid="reassign-select-{queued.pk}"' in page
    response = client.post(
        reverse("opportunities:task_reassign", args=[opportunity.pk, queued.pk]), {"assignee": commercial.pk}
    )

    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.assignee == commercial


def test_reassign_view_denies_and_rejects_crafted_input(client, opportunity, rep, other_rep, engineer):
    first = OpportunityTask.objects.filter(opportunity=opportunity).first()
    url = reverse("opportunities:task_reassign", args=[opportunity.pk, first.pk])
    client.force_login(engineer)  # the presales lead may reassign …
    assert client.post(url, {"assignee": "x' or 1=1"}).status_code == 404
    assert client.post(url, {"assignee": "99999999999999999999"}).status_code == 404
    client.force_login(other_rep)  # … someone who does not see the opportunity gets 404
    assert client.post(url, {"assignee": rep.pk}).status_code == 404
    first.refresh_from_db()
    assert first.assignee == engineer


# ---------------------------------------------------------------------------
# The data migration: existing templates and open tasks follow the new rule
# ---------------------------------------------------------------------------
def test_data_migration_sets_roles_and_reassigns_open_tasks(opportunity, rep, engineer, manager):
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    # as before the migration: no roles, every task with the presales lead
    StageTask.objects.update(role=TaskRole.PRESALES_LEAD)
    OpportunityTask.objects.filter(opportunity=opportunity).update(role=TaskRole.PRESALES_LEAD, assignee=engineer)
    done = OpportunityTask.objects.filter(opportunity=opportunity, done_at__isnull=False).first()

    migration = importlib.import_module("presales.opportunities.migrations.0011_task_roles_from_the_seed")
    migration.forward(apps, None)

    assert StageTask.objects.get(title="销售人员将解决方案与项目报价清单提交给客户").role == TaskRole.SALES_OWNER
    moved = task(opportunity, "销售人员将解决方案")
    assert (moved.role, moved.assignee) == (TaskRole.SALES_OWNER, rep)
    assert task(opportunity, "售前技术工程师根据前期").assignee == engineer
    done.refresh_from_db()
    assert done.assignee == engineer  # done tasks keep who did them


def test_the_assignee_ticks_his_task_even_without_contributing(opportunity, rep, finance, other_rep):
    """A task given to finance is finance's to tick, though finance changes nothing else."""
    first = OpportunityTask.objects.filter(opportunity=opportunity).first()
    services.task_reassign(task=first, user=rep, assignee=finance)

    services.task_set_done(task=first, user=finance, done=True)

    first.refresh_from_db()
    assert first.done_by == finance
    second = OpportunityTask.objects.filter(opportunity=opportunity).exclude(pk=first.pk).first()
    with pytest.raises(PermissionDenied):
        services.task_set_done(task=second, user=finance, done=True)


def test_a_new_presales_lead_takes_over_the_open_tasks_of_his_role(rep, engineer, other_engineer, manager, customer):
    opportunity = make_opportunity(rep, customer)  # no lead yet: the owner holds the lead's tasks
    open_task, done_task, by_hand = OpportunityTask.objects.filter(opportunity=opportunity).order_by("id")[:3]
    services.task_set_done(task=done_task, user=rep, done=True)
    OpportunityMember.objects.create(opportunity=opportunity, user=other_engineer, role=TeamRole.PRESALES)
    services.task_reassign(task=by_hand, user=rep, assignee=other_engineer)

    services.opportunity_update(
        opportunity=opportunity, user=rep, data={"presales_lead": engineer}, seen_version=opportunity.version
    )

    open_task.refresh_from_db()
    done_task.refresh_from_db()
    by_hand.refresh_from_db()
    assert open_task.assignee == engineer
    assert done_task.assignee == rep  # done: left as it was
    assert by_hand.assignee == other_engineer  # given by hand: left where it is
