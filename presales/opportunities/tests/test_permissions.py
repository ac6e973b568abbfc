"""The role × object × action matrix (docs/permissions.md) walked over HTTP.

The scene: `rep` owns 杭州市公安局 and its opportunity, led by `engineer`, with
`team_member` on the team; `other_rep` owns 宁波市教育局 and its opportunity. Each persona
reads every page, list, search and export that could show the row, and tries every write.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from presales.approvals.models import Approval, ApprovalAssignment
from presales.opportunities import services
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    Opportunity,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
)
from presales.opportunities.tests.helpers import form_payload, xlsx_column
from presales.testing import complete_stage, make_customer, make_opportunity, make_user

PERSONAS = [
    "rep",
    "other_rep",
    "engineer",
    "other_engineer",
    "team_member",
    "manager",
    "sales_head",
    "commercial",
    "finance",
    "service_mgmt",
    "general_manager",
    "admin_user",
    "nobody",
]
# The general manager sees all but is not a manager (presales.accounts.roles.MANAGERS): he
# changes no opportunity or customer, and decides only the price reviews below 15 % margin.
SEES_ALL = {"manager", "sales_head", "commercial", "finance", "service_mgmt", "general_manager", "admin_user"}
# Who sees rep's opportunity (and so its customer): owner, lead, team, and the see-all roles.
VISIBLE = {"rep", "engineer", "team_member"} | SEES_ALL
MINE = {"rep", "engineer", "team_member"}  # "my work" lists only my own opportunities
MANAGERS = {"manager", "sales_head", "admin_user"}
CAN_EDIT = {"rep"} | MANAGERS
CAN_ADVANCE = {"rep", "engineer"} | MANAGERS
CAN_CLOSE = {"rep"} | MANAGERS
CAN_CONTRIBUTE = {"rep", "engineer", "team_member", "commercial"} | MANAGERS
# Deliverables are approved through the engine's "deliverable_review" template: presales
# manager or sales head (the administrator is not an approver by role).
CAN_APPROVE = {"manager", "sales_head"}
CAN_MANAGE_TEAM = {"rep", "engineer"} | MANAGERS


def denied_status(persona: str) -> int:
    """Someone who cannot see the row gets 404 (its existence is not revealed); someone who
    sees it but may not do the action gets 403."""
    return 403 if persona in VISIBLE else 404


@pytest.fixture
def team_member(opportunity, rep):
    member = make_user("team_member", "presales_engineer", full_name="孙工")
    services.opportunity_member_add(opportunity=opportunity, user=rep, member=member, role="expert")
    return member


@pytest.fixture
def theirs(other_rep):
    """other_rep's own customer and opportunity."""
    return make_opportunity(other_rep, make_customer(other_rep, "宁波市教育局", industry="education"), name="智慧校园")


@pytest.fixture
def as_persona(request, client, team_member, theirs, manager, sales_head):
    """Log the client in as the persona named by the test's `persona` parameter. The presales
    manager and the sales head always exist: they review submitted deliverables."""
    user = request.getfixturevalue(request.node.callspec.params["persona"])
    client.force_login(user)
    return user


def codes(opportunities) -> set[str]:
    return {o.code for o in opportunities}


# ---------------------------------------------------------------------------
# Reading: detail, lists, board, search, export, home, customers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONAS)
def test_opportunity_detail_page(persona, as_persona, client, opportunity):
    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]))

    assert response.status_code == (200 if persona in VISIBLE else 404)
    if response.status_code == 200:
        assert opportunity.code in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_direct_url_to_another_reps_opportunity(persona, as_persona, client, theirs):
    response = client.get(reverse("opportunities:detail", args=[theirs.pk]))

    assert response.status_code == (200 if persona in SEES_ALL | {"other_rep"} else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_opportunity_list(persona, as_persona, client, opportunity, theirs):
    response = client.get(reverse("opportunities:list"))

    assert response.status_code == 200
    listed = codes(response.context["page"].object_list)
    assert (opportunity.code in listed) == (persona in VISIBLE)
    assert (theirs.code in listed) == (persona in SEES_ALL | {"other_rep"})
    assert response.context["total"] == len(listed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_opportunity_search(persona, as_persona, client, opportunity):
    """Searching by the exact code or name does not reveal a row the list would hide."""
    for query in (opportunity.code, opportunity.name):
        response = client.get(reverse("opportunities:list"), {"q": query})
        listed = codes(response.context["page"].object_list)
        assert listed == ({opportunity.code} if persona in VISIBLE else set())


@pytest.mark.parametrize("persona", PERSONAS)
def test_board(persona, as_persona, client, opportunity, theirs):
    response = client.get(reverse("opportunities:board"))

    assert response.status_code == 200
    cards = codes(card.opportunity for column in response.context["columns"] for card in column.cards)
    assert (opportunity.code in cards) == (persona in VISIBLE)
    assert (theirs.code in cards) == (persona in SEES_ALL | {"other_rep"})
    page = response.content.decode()
    assert (f'data-testid="card-{opportunity.code}"' in page) == (persona in VISIBLE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_opportunity_export(persona, as_persona, client, opportunity, theirs):
    exported = set(xlsx_column(client.get(reverse("opportunities:export"))))

    expected = set()
    if persona in VISIBLE:
        expected.add(opportunity.code)
    if persona in SEES_ALL | {"other_rep"}:
        expected.add(theirs.code)
    assert exported == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_opportunity_export_with_a_filter_stays_scoped(persona, as_persona, client, opportunity, theirs):
    exported = set(xlsx_column(client.get(reverse("opportunities:export"), {"q": opportunity.code})))

    assert exported == ({opportunity.code} if persona in VISIBLE else set())


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_my_work(persona, as_persona, client, opportunity):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    mine = codes(response.context["my_opportunities"])
    assert (opportunity.code in mine) == (persona in MINE)
    tasks = response.context["overdue_tasks"] + response.context["due_soon_tasks"] + response.context["other_tasks"]
    # Tasks are assigned to the presales lead; nobody else sees them as theirs.
    assert bool([t for t in tasks if t.opportunity_id == opportunity.pk]) == (persona == "engineer")


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_awaiting_approval(persona, as_persona, client, opportunity, engineer, stages):
    services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["contact"].deliverable_types.get(required=True),
        note="拜访纪要",
    )

    response = client.get(reverse("home"))

    awaiting = response.context["awaiting_approval"]
    assert bool([a for a in awaiting if a.step.approval.opportunity_id == opportunity.pk]) == (persona in CAN_APPROVE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_customer_list_and_search(persona, as_persona, client, customer, theirs):
    response = client.get(reverse("customers:list"))

    assert response.status_code == 200
    names = {c.name for c in response.context["page"].object_list}
    assert (customer.name in names) == (persona in VISIBLE)
    assert (theirs.customer.name in names) == (persona in SEES_ALL | {"other_rep"})

    searched = client.get(reverse("customers:list"), {"q": customer.name})
    assert {c.name for c in searched.context["page"].object_list} == ({customer.name} if persona in VISIBLE else set())


@pytest.mark.parametrize("persona", PERSONAS)
def test_customer_detail(persona, as_persona, client, customer, opportunity):
    response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert response.status_code == (200 if persona in VISIBLE else 404)
    if response.status_code == 200:
        assert codes(response.context["opportunities"]) == {opportunity.code}


@pytest.mark.parametrize("persona", PERSONAS)
def test_customer_export(persona, as_persona, client, customer, theirs):
    exported = set(xlsx_column(client.get(reverse("customers:export"))))

    expected = set()
    if persona in VISIBLE:
        expected.add(customer.name)
    if persona in SEES_ALL | {"other_rep"}:
        expected.add(theirs.customer.name)
    assert exported == expected


def test_customer_counts_only_the_opportunities_one_may_see(client, rep, other_rep, manager, customer, opportunity):
    """other_rep also works 杭州市公安局: rep sees the customer (he owns it) but counts and
    lists only his own opportunity there; other_rep sees it through his opportunity only."""
    extra = make_opportunity(other_rep, customer, name="另一个部门的项目")

    client.force_login(rep)
    row = client.get(reverse("customers:list")).context["page"].object_list[0]
    assert (row.name, row.opportunity_count) == (customer.name, 1)
    detail = client.get(reverse("customers:detail", args=[customer.pk]))
    assert codes(detail.context["opportunities"]) == {opportunity.code}

    client.force_login(other_rep)
    row = client.get(reverse("customers:list")).context["page"].object_list[0]
    assert (row.name, row.opportunity_count) == (customer.name, 1)
    detail = client.get(reverse("customers:detail", args=[customer.pk]))
    assert codes(detail.context["opportunities"]) == {extra.code}

    client.force_login(manager)
    row = client.get(reverse("customers:list"), {"q": customer.name}).context["page"].object_list[0]
    assert row.opportunity_count == 2


def test_user_without_a_role_sees_nothing(client, nobody, opportunity, theirs):
    client.force_login(nobody)

    assert client.get(reverse("opportunities:list")).context["total"] == 0
    assert all(not column.cards for column in client.get(reverse("opportunities:board")).context["columns"])
    assert xlsx_column(client.get(reverse("opportunities:export"))) == []
    assert client.get(reverse("customers:list")).context["total"] == 0
    assert xlsx_column(client.get(reverse("customers:export"))) == []
    home = client.get(reverse("home")).context
    assert home["my_opportunities"] == [] and home["other_tasks"] == [] and home["awaiting_approval"] == []
    for url in (
        reverse("opportunities:detail", args=[opportunity.pk]),
        reverse("opportunities:detail", args=[theirs.pk]),
        reverse("customers:detail", args=[opportunity.customer_id]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("opportunities:create")).status_code == 403


@pytest.mark.parametrize("url_name", ["list", "board", "export", "create", "detail", "edit", "deliverable_create"])
def test_anonymous_is_sent_to_log_in(client, opportunity, url_name):
    args = [opportunity.pk] if url_name in ("detail", "edit", "deliverable_create") else []

    response = client.get(reverse(f"opportunities:{url_name}", args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ---------------------------------------------------------------------------
# Writing: every POST endpoint, allowed or refused per persona
# ---------------------------------------------------------------------------
def assert_refused(response, persona: str) -> None:
    assert response.status_code == denied_status(persona), response.status_code


def assert_done(response, opportunity) -> None:
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:detail", args=[opportunity.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit(persona, as_persona, client, opportunity):
    url = reverse("opportunities:edit", args=[opportunity.pk])
    payload = form_payload(opportunity, name="改过的名字")

    form_page = client.get(url)
    response = client.post(url, payload)

    stored = Opportunity.objects.get(pk=opportunity.pk)
    if persona in CAN_EDIT:
        assert form_page.status_code == 200
        assert_done(response, opportunity)
        assert stored.name == "改过的名字"
    else:
        assert_refused(form_page, persona)
        assert_refused(response, persona)
        assert stored.name == opportunity.name


@pytest.mark.parametrize("persona", PERSONAS)
def test_advance(persona, as_persona, client, opportunity, engineer, manager, stages):
    complete_stage(opportunity, worker=engineer, approver=manager)

    response = client.post(
        reverse("opportunities:advance", args=[opportunity.pk]), {"to_stage": stages["consulting"].pk, "confirm": "1"}
    )

    stored = Opportunity.objects.get(pk=opportunity.pk)
    if persona in CAN_ADVANCE:
        assert_done(response, opportunity)
        assert stored.current_stage == stages["consulting"]
    else:
        assert_refused(response, persona)
        assert stored.current_stage == stages["contact"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_close(persona, as_persona, client, opportunity):
    response = client.post(
        reverse("opportunities:close", args=[opportunity.pk]), {"status": "abandoned", "reason": "客户取消项目"}
    )

    stored = Opportunity.objects.get(pk=opportunity.pk)
    if persona in CAN_CLOSE:
        assert_done(response, opportunity)
        assert stored.status == OpportunityStatus.ABANDONED
    else:
        assert_refused(response, persona)
        assert stored.status == OpportunityStatus.ACTIVE


@pytest.mark.parametrize("persona", PERSONAS)
def test_reopen(persona, as_persona, client, opportunity, rep):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消项目")

    response = client.post(reverse("opportunities:reopen", args=[opportunity.pk]), {"reason": "客户恢复项目"})

    stored = Opportunity.objects.get(pk=opportunity.pk)
    if persona in CAN_CLOSE:
        assert_done(response, opportunity)
        assert stored.status == OpportunityStatus.ACTIVE
    else:
        assert_refused(response, persona)
        assert stored.status == OpportunityStatus.ABANDONED


@pytest.mark.parametrize("persona", PERSONAS)
def test_deliverable_create(persona, as_persona, client, opportunity, stages):
    url = reverse("opportunities:deliverable_create", args=[opportunity.pk])
    dtype = stages["contact"].deliverable_types.get(required=True)

    form_page = client.get(url)
    response = client.post(url, {"deliverable_type": dtype.pk, "note": "拜访时间、参加人员、客户需求"})

    if persona in CAN_CONTRIBUTE:
        assert form_page.status_code == 200
        assert_done(response, opportunity)
        assert Deliverable.objects.get(opportunity=opportunity).created_by == as_persona
    else:
        assert_refused(form_page, persona)
        assert_refused(response, persona)
        assert not Deliverable.objects.exists()


@pytest.fixture
def submitted(opportunity, engineer, stages):
    return services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["contact"].deliverable_types.get(required=True),
        note="拜访纪要",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_deliverable_decide(persona, as_persona, client, opportunity, submitted):
    """Deciding goes through the approvals engine (approvals:decide): only an assigned approver
    decides; whoever cannot see the opportunity does not learn the approval exists."""
    approval = Approval.objects.for_target(submitted).get()

    response = client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve"})

    submitted.refresh_from_db()
    decisions = ApprovalAssignment.objects.filter(step__approval=approval).exclude(outcome="")
    if persona in CAN_APPROVE:
        assert response.status_code == 302
        assert (
            response["Location"]
            == reverse("opportunities:detail", args=[opportunity.pk]) + f"#deliverable-{submitted.pk}"
        )
        assert submitted.status == DeliverableStatus.APPROVED
        assert [(d.approver, d.outcome) for d in decisions] == [(as_persona, "approve")]
    else:
        if persona == "engineer":  # the submitter: refused with a message, not a 403
            assert response.status_code == 302
        else:
            assert_refused(response, persona)
        assert submitted.status == DeliverableStatus.SUBMITTED
        assert not decisions.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_deliverable_download(persona, as_persona, client, opportunity, engineer, stages):
    """Files are read only through the view, after the same visibility check as the page."""
    deliverable = services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["contact"].deliverable_types.get(required=True),
        file=SimpleUploadedFile("拜访记录.pdf", b"%PDF-1.4 visit", content_type="application/pdf"),
    )

    response = client.get(reverse("opportunities:deliverable_download", args=[opportunity.pk, deliverable.pk]))

    if persona in VISIBLE:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 visit"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_deliverable_send_for_approval(persona, as_persona, client, opportunity, engineer, stages):
    draft = services.deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=stages["contact"].deliverable_types.get(required=True),
        note="草稿",
        draft=True,
    )

    response = client.post(reverse("opportunities:deliverable_send", args=[opportunity.pk, draft.pk]))

    draft.refresh_from_db()
    if persona in CAN_CONTRIBUTE:
        assert_done(response, opportunity)
        assert draft.status == DeliverableStatus.SUBMITTED
    else:
        assert_refused(response, persona)
        assert draft.status == DeliverableStatus.DRAFT


@pytest.mark.parametrize("persona", PERSONAS)
def test_task_toggle(persona, as_persona, client, opportunity):
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()

    response = client.post(reverse("opportunities:task_toggle", args=[opportunity.pk, task.pk]), {"done": "1"})

    task.refresh_from_db()
    if persona in CAN_CONTRIBUTE:
        assert_done(response, opportunity)
        assert task.done_by == as_persona
    else:
        assert_refused(response, persona)
        assert task.done_at is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_activity_create(persona, as_persona, client, opportunity):
    response = client.post(
        reverse("opportunities:activity_create", args=[opportunity.pk]),
        {"kind": "call", "occurred_on": date(2026, 4, 7).isoformat(), "subject": "电话沟通需求"},
    )

    if persona in CAN_CONTRIBUTE:
        assert_done(response, opportunity)
        assert Activity.objects.get(opportunity=opportunity).created_by == as_persona
    else:
        assert_refused(response, persona)
        assert not Activity.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_team_add(persona, as_persona, client, opportunity):
    newcomer = make_user("newcomer", "presales_engineer", full_name="钱工")

    response = client.post(
        reverse("opportunities:member_add", args=[opportunity.pk]), {"user": newcomer.pk, "role": "presales"}
    )

    added = OpportunityMember.objects.filter(opportunity=opportunity, user=newcomer).exists()
    if persona in CAN_MANAGE_TEAM:
        assert_done(response, opportunity)
        assert added
    else:
        assert_refused(response, persona)
        assert not added


@pytest.mark.parametrize("persona", PERSONAS)
def test_team_remove(persona, as_persona, client, opportunity, team_member):
    response = client.post(reverse("opportunities:member_remove", args=[opportunity.pk, team_member.pk]))

    still_there = OpportunityMember.objects.filter(opportunity=opportunity, user=team_member).exists()
    if persona in CAN_MANAGE_TEAM:
        assert_done(response, opportunity)
        assert not still_there
    else:
        assert_refused(response, persona)
        assert still_there


@pytest.mark.parametrize("persona", PERSONAS)
def test_create(persona, as_persona, client, customer):
    url = reverse("opportunities:create")
    can_create = persona in {"rep", "other_rep"} | MANAGERS

    form_page = client.get(url)

    assert form_page.status_code == (200 if can_create else 403)
    if can_create:
        # The customer choice offers only customers the user may see.
        offered = set(form_page.context["form"].fields["customer"].queryset)
        assert (customer in offered) == (persona in VISIBLE)


def test_create_refuses_a_customer_the_user_cannot_see(client, other_rep, customer):
    client.force_login(other_rep)

    response = client.post(
        reverse("opportunities:create"),
        {"name": "越权商机", "customer": customer.pk, "industry": "public_security"},
    )

    assert response.status_code == 200
    assert "customer" in response.context["form"].errors
    assert not Opportunity.objects.filter(name="越权商机").exists()


def test_closed_opportunity_refuses_writes_even_to_its_owner(client, rep, opportunity, stages):
    services.opportunity_close(opportunity=opportunity, user=rep, status="abandoned", reason="客户取消项目")
    client.force_login(rep)
    task = OpportunityTask.objects.filter(opportunity=opportunity).first()

    assert client.get(reverse("opportunities:detail", args=[opportunity.pk])).status_code == 200
    for url, data in [
        (reverse("opportunities:edit", args=[opportunity.pk]), form_payload(opportunity, name="关单后改名")),
        (
            reverse("opportunities:advance", args=[opportunity.pk]),
            {"to_stage": stages["consulting"].pk, "confirm": "1"},
        ),
        (reverse("opportunities:task_toggle", args=[opportunity.pk, task.pk]), {"done": "1"}),
        (reverse("opportunities:activity_create", args=[opportunity.pk]), {"kind": "note", "subject": "x"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert Opportunity.objects.get(pk=opportunity.pk).name == opportunity.name
