"""Pages read a fixed number of queries however many rows they show (no N+1).

Each test measures a page with 10 rows, adds 190 more and measures again: the counts must
be equal, and below a ceiling. The bulk rows are written with bulk_create — this measures
reads, not the services — and are spread so that a sales rep sees about three in four of
them (his own, and other_rep's where he is on the team), a manager all of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStep, ApprovalTemplate
from presales.contracts import events as contract_events
from presales.customers.models import Customer
from presales.events.models import Event
from presales.opportunities import events as opportunity_events
from presales.opportunities import services
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    Opportunity,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)
from presales.quotes import events as quote_events
from presales.testing import make_user

# Ceilings: today 14 (board: with its sales-owner choices), 13 (list), 11 (customers), 15–18
# (home: rep–manager), 35 (detail);
# every page reads the two navigation counts (approvals waiting, unread notifications), the
# home page the approvals waiting for me and my recent activity (1, the event stream), the
# detail page the deliverables' approval rounds (3) and the service-request and solution
# sections (3), the home page my follow-ups (1), the detail page the activities' contacts (1)
# and the library card (4: the reader's folder rights or the folders he publishes to, the
# linked documents, the documents to attach, the approved deliverables to publish).
# A little room for a template tweak, far below one query per row.
# home: + the answers and the library documents due for review (1 each).
MAX_QUERIES = {"board": 15, "list": 14, "home": 21, "customers": 14, "detail": 41}  # detail: + the tender card


def add_rounds(deliverables, *, approvers) -> None:
    """Approval rounds (template "deliverable_review") for bulk-made deliverables, as the
    engine would leave them: submitted → a pending round waiting for `approvers`; approved →
    an approved round; every other draft → a rejected round with its reason, and every
    fourth deliverable also has an earlier rejected round (so "latest round" is a choice)."""
    template = ApprovalTemplate.objects.get(code="deliverable_review")
    now = timezone.now()
    approvals, plans = [], []
    for i, d in enumerate(deliverables):
        if d.status == DeliverableStatus.SUBMITTED:
            last = ("pending", "pending", "")
        elif d.status == DeliverableStatus.APPROVED:
            last = ("approved", "approved", "approve")
        elif i % 2:
            last = ("rejected", "rejected", "reject")
        else:
            continue  # a draft never submitted
        history = [("rejected", "rejected", "reject")] if i % 4 == 3 else []
        for round_no, (status, step_status, outcome) in enumerate([*history, last], start=1):
            approvals.append(
                Approval(
                    template=template,
                    target_type_id=template.target_type_id,
                    target_id=d.pk,
                    round=round_no,
                    title=f"《{d.title}》 v{d.version}",
                    opportunity_id=d.opportunity_id,
                    status=status,
                    submitted_by_id=d.created_by_id,
                    submitted_at=now,
                    finished_at=None if status == "pending" else now,
                )
            )
            plans.append((step_status, outcome))
    approvals = Approval.objects.bulk_create(approvals)
    steps = ApprovalStep.objects.bulk_create(
        [
            ApprovalStep(approval=a, order=1, name="主管审批", mode="any", status=step_status, started_at=now)
            for a, (step_status, _outcome) in zip(approvals, plans, strict=True)
        ]
    )
    ApprovalAssignment.objects.bulk_create(
        [
            ApprovalAssignment(
                step=step,
                approver=approver,
                outcome=outcome if k == 0 else "",
                comment="请补充" if outcome == "reject" and k == 0 else "",
                decided_at=now if outcome and k == 0 else None,
            )
            for step, (_status, outcome) in zip(steps, plans, strict=True)
            for k, approver in enumerate(approvers)
        ]
    )


class Rows:
    """Adds customers and opportunities in bulk, numbered on from the last call; each one's
    deliverable waits for the approvers' decision."""

    def __init__(self, *, rep, other_rep, engineer, approvers):
        self.rep, self.other_rep, self.engineer, self.approvers = rep, other_rep, engineer, approvers
        self.template = StageTemplate.objects.get(is_default=True)
        self.stages = list(Stage.objects.filter(template=self.template).order_by("order"))
        self.next = 0

    def add(self, n: int) -> None:
        numbers = range(self.next, self.next + n)
        self.next += n
        today = timezone.localdate()
        customers = Customer.objects.bulk_create(
            [
                Customer(
                    name=f"批量客户{i:04d}",
                    name_key=f"批量客户{i:04d}",
                    short_name=f"客户{i:04d}" if i % 3 else "",
                    industry="education" if i % 2 else "government",
                    region="浙江省杭州市",
                    owner=self.owner(i),
                    updated_by=self.owner(i),
                )
                for i in numbers
            ]
        )
        opportunities = Opportunity.objects.bulk_create(
            [
                Opportunity(
                    code=f"PS-2099-{i:04d}",
                    name=f"批量商机{i:04d}",
                    customer=customer,
                    sales_owner=self.owner(i),
                    presales_lead=self.engineer if i % 2 else None,
                    industry=customer.industry,
                    expected_amount=Decimal(100000 + i * 1000),
                    expected_sign_date=today + timedelta(days=i % 40 - 10),
                    has_tender=bool(i % 3),
                    status=OpportunityStatus.LOST if i % 10 == 9 else OpportunityStatus.ACTIVE,
                    close_reason="价格" if i % 10 == 9 else "",
                    template=self.template,
                    current_stage=self.stages[i % len(self.stages)],
                    created_by=self.owner(i),
                )
                for i, customer in zip(numbers, customers, strict=True)
            ]
        )
        OpportunityMember.objects.bulk_create(
            [
                OpportunityMember(opportunity=o, user=self.rep, role="sales")
                for i, o in zip(numbers, opportunities, strict=True)
                if i % 4 == 2
            ]
        )
        tasks, deliverables = [], []
        for i, o in zip(numbers, opportunities, strict=True):
            stage = o.current_stage
            for stage_task in stage.tasks.all()[:2]:
                tasks.append(
                    OpportunityTask(
                        opportunity=o,
                        stage=stage,
                        stage_task=stage_task,
                        title=stage_task.title,
                        assignee=o.presales_lead or o.sales_owner,
                        due_date=today + timedelta(days=i % 20 - 5),
                    )
                )
            dtype = stage.deliverable_types.first()
            deliverables.append(
                Deliverable(
                    opportunity=o,
                    deliverable_type=dtype,
                    title=dtype.name,
                    note="批量",
                    status=DeliverableStatus.SUBMITTED,
                    submitted_at=timezone.now(),
                    created_by=o.sales_owner,
                )
            )
        OpportunityTask.objects.bulk_create(tasks)
        add_rounds(Deliverable.objects.bulk_create(deliverables), approvers=self.approvers)

    def owner(self, i: int):
        """Half rep's own; the other half other_rep's (rep is on the team of every other one)."""
        return self.rep if i % 4 in (0, 1) else self.other_rep


@pytest.fixture
def rows(rep, other_rep, engineer, manager, sales_head):
    return Rows(rep=rep, other_rep=other_rep, engineer=engineer, approvers=[manager, sales_head])


def measure(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def shown(page: str, response) -> int:
    """How many rows the page showed, so the test knows the extra rows were really read."""
    context = response.context
    if page == "board":
        return sum(len(column.cards) for column in context["columns"])
    if page == "home":
        return len(context["my_opportunities"]) + len(context["other_tasks"]) + len(context["awaiting_approval"])
    return len(context["page"].object_list)


PAGES = {
    "board": "opportunities:board",
    "list": "opportunities:list",
    "home": "home",
    "customers": "customers:list",
}


@pytest.mark.parametrize("persona", ["manager", "rep"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_reads_the_same_number_of_queries_with_10_and_200_rows(
    request, client, django_assert_max_num_queries, rows, persona, page
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse(PAGES[page])
    rows.add(10)
    client.get(url)  # warm-up: per-process caches (content types, …) are not what is measured

    with_10, response_10 = measure(client, url)
    rows.add(190)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        with_200, response_200 = measure(client, url)

    assert shown(page, response_200) > shown(page, response_10) > 0
    assert with_10 == with_200


def test_filtered_list_and_search_read_a_fixed_number_of_queries(client, manager, rows, stages):
    client.force_login(manager)
    url = reverse("opportunities:list")
    query = {
        "stage": stages["tracking"].pk,
        "status": "active",
        "amount_min": "100000",
        "customer": "批量",
        "q": "商机",
    }
    rows.add(10)
    client.get(url, query)

    with CaptureQueriesContext(connection) as ten:
        first = client.get(url, query)
    rows.add(190)
    with CaptureQueriesContext(connection) as two_hundred:
        second = client.get(url, query)

    assert second.context["total"] > first.context["total"] > 0
    assert len(ten.captured_queries) == len(two_hundred.captured_queries)


def test_exports_read_a_fixed_number_of_queries(client, manager, rows):
    client.force_login(manager)
    counts = {}
    for size, extra in (("10", 10), ("200", 190)):
        rows.add(extra)
        for name in ("opportunities:export", "customers:export"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name))
            assert response.status_code == 200
            counts[(name, size)] = len(queries.captured_queries)

    assert counts[("opportunities:export", "10")] == counts[("opportunities:export", "200")]
    assert counts[("customers:export", "10")] == counts[("customers:export", "200")]


# The home page, pinned: the navigation counts (2), session and user (2), the user's roles,
# his opportunities — read once for the "my opportunities" and "overdue" cards —, his tasks,
# the approvals waiting for him (with their rounds), his service requests; a manager also
# the pipeline (template, totals, stages).
# One more than before the event stream: the "my recent activity" section reads it in one query;
# one more for "my follow-ups" (one query, whatever their number).
# "my bids" (tenders): one query; my answers and my library documents due for review: one each.
HOME_QUERIES = {"rep": 18, "manager": 21}


@pytest.mark.parametrize("persona", list(HOME_QUERIES))
def test_home_reads_my_opportunities_once(request, client, django_assert_num_queries, rows, persona):
    client.force_login(request.getfixturevalue(persona))
    rows.add(10)
    client.get(reverse("home"))  # warm-up

    with django_assert_num_queries(HOME_QUERIES[persona]) as queries:
        response = client.get(reverse("home"))

    assert bool(response.context["my_opportunities"]) == (persona == "rep")  # the manager owns none of them
    mine = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "opportunities_opportunity"')
        and 'ORDER BY "opportunities_opportunity"."expected_sign_date"' in q["sql"]
    ]
    assert len(mine) == 1
    assert "DISTINCT" not in mine[0]["sql"]  # each branch of "mine" by its index, no join to make rows unique


# ---------------------------------------------------------------------------
# The opportunity page with a long history
# ---------------------------------------------------------------------------
class Busy:
    """Piles deliverables, activities, events, team members and changes on one opportunity."""

    def __init__(self, opportunity, *, people, stages, approvers):
        self.opportunity = opportunity
        self.people = people
        self.approvers = approvers
        self.stages = list(stages.values())
        self.types = [dt for stage in self.stages for dt in stage.deliverable_types.all()]
        self.next = 0

    def add(self, n: int, *, editor, leads) -> None:
        numbers = range(self.next, self.next + n)
        self.next += n
        o = self.opportunity
        deliverables = Deliverable.objects.bulk_create(
            [
                Deliverable(
                    opportunity=o,
                    deliverable_type=self.types[i % len(self.types)],
                    title=f"文档{i:04d}",
                    note="批量",
                    version=i // len(self.types) + 1,
                    status=[DeliverableStatus.DRAFT, DeliverableStatus.SUBMITTED, DeliverableStatus.APPROVED][i % 3],
                    created_by=self.person(i),
                )
                for i in numbers
            ]
        )
        add_rounds(deliverables, approvers=self.approvers)
        Activity.objects.bulk_create(
            [
                Activity(
                    opportunity=o,
                    kind=["visit", "call", "meeting", "demo", "note"][i % 5],
                    occurred_on=date(2026, 1, 1) + timedelta(days=i),
                    subject=f"活动{i:04d}",
                    people="客户、张工",
                    duration_minutes=30 + i % 60,
                    outcome="进展顺利",
                    created_by=self.person(i),
                )
                for i in numbers
            ]
        )
        # The opportunity's own events and those of the apps built on it (one stream), with
        # the cost events of a contract that a sales rep does not see.
        kinds = [
            opportunity_events.STAGE_ADVANCED,
            opportunity_events.DELIVERABLE_APPROVED,
            opportunity_events.TASK_DONE,
            quote_events.CONFIGURATION_ADDED,
            contract_events.COST_ADDED,
        ]
        Event.objects.bulk_create(
            [
                Event(
                    opportunity=o,
                    customer_id=o.customer_id,
                    kind=kinds[i % len(kinds)],
                    actor=self.person(i),
                    data={
                        "code": o.code,
                        "number": f"HT-2026-{i:04d}",
                        "from_stage_id": self.stages[i % 6].pk,
                        "from_stage": self.stages[i % 6].name,
                        "to_stage_id": self.stages[(i + 1) % 6].pk,
                        "to_stage": self.stages[(i + 1) % 6].name,
                        "title": f"事件{i:04d}",
                        "version": 1,
                        "line": f"事件{i:04d}",
                        "configuration": f"CFG-{i:04d}",
                        "category": "equipment",
                        "amount": "1000.00",
                        "reason": "批量" if i % 2 else "",
                    },
                )
                for i in numbers
            ]
        )
        members = [p for p in self.people[self.next - n : self.next] if p.pk != o.sales_owner_id]
        OpportunityMember.objects.bulk_create(
            [OpportunityMember(opportunity=o, user=p, role="presales") for p in members], ignore_conflicts=True
        )
        # A few real edits, so the change history has rows with old → new values.
        for i in range(min(n, 30)):
            current = Opportunity.objects.get(pk=o.pk)
            services.opportunity_update(
                opportunity=current,
                user=editor,
                data={"expected_amount": Decimal(1000000 + self.next * 100 + i), "presales_lead": leads[i % 2]},
                seen_version=current.version,
            )

    def person(self, i: int):
        return self.people[i % len(self.people)]


@pytest.mark.parametrize("persona", ["manager", "rep"])
def test_detail_page_reads_the_same_number_of_queries_with_10_and_200_items(
    request, client, django_assert_max_num_queries, persona, opportunity, rep, engineer, other_engineer, manager, stages
):
    people = [make_user(f"staff{i:03d}", "presales_engineer", full_name=f"员工{i:03d}") for i in range(200)]
    busy = Busy(opportunity, people=people, stages=stages, approvers=[manager, other_engineer])
    client.force_login(request.getfixturevalue(persona))
    url = reverse("opportunities:detail", args=[opportunity.pk])
    busy.add(10, editor=rep, leads=[engineer, other_engineer])
    client.get(url)  # warm-up

    with_10, response_10 = measure(client, url)
    busy.add(190, editor=rep, leads=[engineer, other_engineer])
    with django_assert_max_num_queries(MAX_QUERIES["detail"]):
        with_200, response_200 = measure(client, url)

    assert len(response_200.context["deliverables"]) == 200 > len(response_10.context["deliverables"])
    rounds = [d.approval for d in response_200.context["deliverables"] if d.approval]
    assert {a.status for a in rounds} == {"pending", "approved", "rejected"}
    assert max(a.round for a in rounds) == 2
    # The approver sees a decision form on each deliverable waiting for him, nobody else does.
    waiting = [a for a in rounds if a.my_step]
    if persona == "manager":
        assert len(waiting) == len([a for a in rounds if a.is_pending]) > 0
    else:
        assert waiting == []
    assert len(response_200.context["timeline"]) > len(response_10.context["timeline"])
    shown = {item.kind for kind, _day, _at, item in response_200.context["timeline"] if kind == "event"}
    assert quote_events.CONFIGURATION_ADDED in shown  # the one stream: every app's events of the opportunity
    assert (contract_events.COST_ADDED in shown) == (persona == "manager")  # cost only for who sees it
    assert len(response_200.context["members"]) > len(response_10.context["members"])
    assert len(response_200.context["history"]) > len(response_10.context["history"])
    assert with_10 == with_200
