"""The approvals pages: the inbox (and its count in the navigation), deciding from the inbox
and from the opportunity page, withdrawing, opening — and 404 for who cannot see the object."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from presales.approvals.models import ApprovalAssignment, ApprovalStatus
from presales.approvals.tests.conftest import pending_round, status_of, submit
from presales.opportunities.models import DeliverableStatus
from presales.testing import make_customer, make_opportunity


def detail_url(deliverable) -> str:
    return reverse("opportunities:detail", args=[deliverable.opportunity_id])


def nav_badge(html: str) -> str | None:
    link = re.search(r'<a [^>]*data-testid="nav-approvals"[^>]*>(.*?)</a>', html, re.S)
    assert link, "navigation link missing"
    badge = re.search(r'<span class="badge[^"]*">(\d+)</span>', link.group(1))
    return badge.group(1) if badge else None


@pytest.fixture
def two_waiting(build_template, visit_type, opportunity, engineer, manager, sales_head, rep):
    """Two submissions: the first waits for the manager, the second (a later version, so the
    conditional step applies) for the sales head only."""
    build_template(
        {"name": "主管审批", "order": 1, "users": [manager], "when": ("version", "lt", "2")},
        {"name": "销售审批", "order": 1, "users": [sales_head], "when": ("version", "gte", "2")},
    )
    return submit(opportunity, engineer, visit_type), submit(opportunity, rep, visit_type, note="第二版")


def test_inbox_shows_only_what_waits_for_me_and_the_nav_counts_it(client, manager, sales_head, two_waiting):
    mine, theirs = two_waiting
    client.force_login(manager)

    response = client.get(reverse("approvals:inbox"))

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [a.step.approval.target_id for a in rows] == [mine.pk]
    html = response.content.decode()
    assert html.count('data-testid="inbox-row"') == 1
    assert pending_round(mine).title in html
    assert pending_round(theirs).title not in html
    assert nav_badge(html) == "1"


def test_nav_has_no_badge_when_nothing_waits(client, engineer, two_waiting):
    client.force_login(engineer)

    html = client.get(reverse("home")).content.decode()

    assert nav_badge(html) is None


def test_submitted_and_decided_tabs(client, engineer, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)
    client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve", "comment": "同意"})

    decided = client.get(reverse("approvals:inbox"), {"tab": "decided"})
    client.force_login(engineer)
    submitted = client.get(reverse("approvals:inbox"), {"tab": "submitted"})

    assert [(a.approver, a.outcome, a.comment) for a in decided.context["page"]] == [(manager, "approve", "同意")]
    assert [ap.pk for ap in submitted.context["page"]] == [approval.pk]
    assert "同意" in decided.content.decode()


def test_approve_from_the_inbox(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    inbox = reverse("approvals:inbox")
    client.force_login(manager)

    response = client.post(
        reverse("approvals:decide", args=[approval.pk]),
        {"decision": "approve", "comment": "可以", "step": approval.steps.get().pk, "next": inbox},
    )

    assert (response.status_code, response["Location"]) == (302, inbox)
    assert status_of(mine) == DeliverableStatus.APPROVED
    assert ApprovalAssignment.objects.get(approver=manager).comment == "可以"
    after = client.get(inbox)
    assert list(after.context["page"]) == []
    assert nav_badge(after.content.decode()) is None


def test_reject_without_a_comment_is_refused_with_a_message(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    inbox = reverse("approvals:inbox")
    client.force_login(manager)

    response = client.post(
        reverse("approvals:decide", args=[approval.pk]), {"decision": "reject", "comment": " ", "next": inbox}
    )

    assert (response.status_code, response["Location"]) == (302, inbox)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Say why you reject it: the submitter needs the reasons."
    ]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert not ApprovalAssignment.objects.exclude(outcome="").exists()
    assert status_of(mine) == DeliverableStatus.SUBMITTED


def test_a_post_without_a_decision_neither_approves_nor_rejects(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    inbox = reverse("approvals:inbox")
    client.force_login(manager)

    response = client.post(reverse("approvals:decide", args=[approval.pk]), {"comment": "还要再看看", "next": inbox})

    assert (response.status_code, response["Location"]) == (302, inbox)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Choose Approve or Reject."]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert not ApprovalAssignment.objects.exclude(outcome="").exists()


def test_a_malformed_step_is_404_not_a_server_error(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)

    for crafted in ("x", "²", "-1", str(2**64)):  # "²" passes str.isdigit, not int()
        response = client.post(
            reverse("approvals:decide", args=[approval.pk]), {"decision": "approve", "step": crafted}
        )
        assert response.status_code == 404, crafted
    assert status_of(mine) == DeliverableStatus.SUBMITTED


def test_reject_with_a_comment_from_the_opportunity_page(client, manager, engineer, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)

    page = client.get(detail_url(mine)).content.decode()
    assert f'data-testid="approve-{mine.pk}"' in page
    assert reverse("approvals:decide", args=[approval.pk]) in page
    response = client.post(
        reverse("approvals:decide", args=[approval.pk]),
        {"decision": "reject", "comment": "缺少客户需求", "step": approval.steps.get().pk, "next": detail_url(mine)},
    )

    assert (response.status_code, response["Location"]) == (302, detail_url(mine))
    assert status_of(mine) == DeliverableStatus.DRAFT
    client.force_login(engineer)
    assert "缺少客户需求" in client.get(detail_url(mine)).content.decode()  # the reason is shown to the team


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", "//evil.example.com/", "99999999999999999999", "inbox"]
)
def test_off_site_or_crafted_next_is_ignored(client, manager, two_waiting, target):
    """Another site, or a bare word (which redirect() would look up as a URL name: a 500)."""
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)

    response = client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve", "next": target})

    assert response.status_code == 302
    assert response["Location"] == detail_url(mine) + f"#deliverable-{mine.pk}"


def test_a_crafted_next_on_bulk_approval_goes_back_to_the_inbox(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)

    response = client.post(
        reverse("approvals:bulk_approve"), {"approval": [approval.pk], "next": "99999999999999999999"}
    )

    assert (response.status_code, response["Location"]) == (302, reverse("approvals:inbox"))


def test_withdraw_view(client, engineer, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(engineer)

    response = client.post(reverse("approvals:withdraw", args=[approval.pk]), {"reason": "文件放错了"})

    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.WITHDRAWN
    assert status_of(mine) == DeliverableStatus.DRAFT


def test_withdraw_by_someone_else_is_forbidden(client, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    client.force_login(manager)

    response = client.post(reverse("approvals:withdraw", args=[approval.pk]))

    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


def test_open_goes_to_the_object(client, manager, two_waiting):
    mine, _theirs = two_waiting
    client.force_login(manager)

    response = client.get(reverse("approvals:open", args=[pending_round(mine).pk]))

    assert (response.status_code, response["Location"]) == (302, detail_url(mine) + f"#deliverable-{mine.pk}")


def test_who_cannot_see_the_object_gets_404(client, other_rep, manager, two_waiting):
    mine, _theirs = two_waiting
    approval = pending_round(mine)
    make_opportunity(other_rep, make_customer(other_rep, "宁波市教育局"))
    client.force_login(other_rep)

    assert client.get(reverse("approvals:open", args=[approval.pk])).status_code == 404
    assert client.post(reverse("approvals:decide", args=[approval.pk]), {"decision": "approve"}).status_code == 404
    assert client.post(reverse("approvals:withdraw", args=[approval.pk])).status_code == 404
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


def test_pages_need_a_login(client, two_waiting):
    mine, _theirs = two_waiting

    assert client.get(reverse("approvals:inbox")).status_code == 302
    response = client.post(reverse("approvals:decide", args=[pending_round(mine).pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert status_of(mine) == DeliverableStatus.SUBMITTED


def test_admin_offers_only_object_types_the_engine_approves(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:approvals_approvaltemplate_add")).text
    select = page[page.index('name="target_type"') : page.index("</select>", page.index('name="target_type"'))]
    for label in ("opportunities.deliverable", "solutions.solutionversion", "handover.acceptancereport"):
        app_label, model = label.split(".")
        assert f'value="{ContentType.objects.get(app_label=app_label, model=model).pk}"' in select
    customer_type = ContentType.objects.get(app_label="customers", model="customer")
    assert f'value="{customer_type.pk}"' not in select
