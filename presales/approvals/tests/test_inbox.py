"""The inbox that scales (issue 10): filters by kind, age and words; column-head sorts that
keep the filters; the amount of each row and its margin only to who may see margins (also
not in the HTML nor the export); bulk approval as individual decisions; the Excel exports."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from presales.approvals import events as approval_events
from presales.approvals.models import Approval, ApprovalStatus, ApprovalStep, ApprovalTemplateStep
from presales.approvals.tests.conftest import pending_round, status_of, submit
from presales.events.models import Event
from presales.opportunities.models import DeliverableStatus
from presales.quotes import services as quote_services
from presales.quotes.tests.conftest import set_margin
from presales.testing import make_customer, make_opportunity

INBOX = "approvals:inbox"
MARGIN = "27.31"  # a margin found nowhere else on the pages: 10000.00 priced, 7269.00 cost


def priced_quote(opportunity, rep, commercial, *, title="园区安防报价", margin=MARGIN, lines=1):
    """A quote version of `opportunity` at `margin`, sent to price review (bid) by `rep`:
    with this margin only its first step (售前主管审核, the presales managers) applies."""
    quote = quote_services.quote_create(user=rep, opportunity=opportunity, title=title)
    version = quote.versions.get(number=1)
    for _ in range(lines):
        set_margin(version, commercial, margin)
    version.refresh_from_db()
    quote_services.submit_for_review(version=version, user=rep, purpose="bid")
    version.refresh_from_db()
    return version


@pytest.fixture
def mixed(build_template, visit_type, opportunity, engineer, rep, commercial, manager):
    """What waits for the manager: a visit record (a deliverable, no amount) and a quote
    version (an amount and a margin)."""
    build_template({"name": "主管审批", "users": [manager]})
    deliverable = submit(opportunity, engineer, visit_type)
    version = priced_quote(opportunity, rep, commercial)
    return deliverable, version


def rows_of(response) -> list[Approval]:
    return [a.step.approval for a in response.context["page"]]


def test_rows_show_the_object_submitter_time_amount_and_margin(client, manager, mixed):
    deliverable, version = mixed
    client.force_login(manager)

    response = client.get(reverse(INBOX))

    html = response.content.decode()
    assert {a.target_id for a in rows_of(response)} == {deliverable.pk, version.pk}
    approval = pending_round(version)
    assert approval.amount == version.total_amount > 0
    assert f"¥{version.total_amount:,.2f}" in html
    assert f"{MARGIN}%" in html
    assert reverse("approvals:open", args=[approval.pk]) in html
    assert "王销售" in html and timezone.localtime(approval.submitted_at).strftime("%Y-%m-%d %H:%M") in html
    margins = {a.step.approval.target_id: a.margin for a in response.context["page"]}
    assert margins == {deliverable.pk: None, version.pk: Decimal(MARGIN)}


def test_an_approver_who_may_not_see_margins_never_gets_them(client, mixed, engineer, manager, rep, commercial):
    """The presales engineer (no cost) is asked on the price review too: he sees the amount,
    never the margin — not in the rows, not in the HTML, not in the export."""
    _deliverable, version = mixed
    ApprovalTemplateStep.objects.get(template__code="price_review_bid", name="售前主管审核").approver_users.add(
        engineer
    )
    other = priced_quote(version.quote.opportunity, rep, commercial, title="第二份报价")
    client.force_login(engineer)

    response = client.get(reverse(INBOX))
    html = response.content.decode()
    assert [a.target_id for a in rows_of(response)] == [other.pk]
    assert f"¥{other.total_amount:,.2f}" in html
    assert MARGIN not in html and 'data-testid="row-margin"' not in html and "Margin" not in html
    assert all(a.margin is None for a in response.context["page"])

    sheet = load_workbook(BytesIO(b"".join(client.get(reverse("approvals:export")).streaming_content))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "Margin" not in values[0]
    assert not any(str(v).startswith("27.31") for row in values for v in row if v is not None)
    assert Decimal(str(values[1][values[0].index("Amount")])) == other.total_amount


def test_kind_filter_offers_the_registered_kinds_in_words(client, manager, mixed):
    deliverable, version = mixed
    client.force_login(manager)

    response = client.get(reverse(INBOX), {"kind": "quotes.quoteversion"})

    assert [a.target_id for a in rows_of(response)] == [version.pk]
    choices = list(response.context["filter"].form.fields["kind"].choices)
    assert choices[0] == ("", "All")
    assert ("quotes.quoteversion", "quote version") in choices
    assert ("opportunities.deliverable", str(deliverable._meta.verbose_name)) in choices
    assert "---------" not in response.content.decode()
    response = client.get(reverse(INBOX), {"kind": "opportunities.deliverable"})
    assert [a.target_id for a in rows_of(response)] == [deliverable.pk]


def test_age_filter_reads_how_long_the_step_has_waited(client, manager, mixed):
    deliverable, version = mixed
    ApprovalStep.objects.filter(approval=pending_round(deliverable)).update(
        started_at=timezone.now() - timedelta(days=5)
    )
    client.force_login(manager)

    def shown(age):
        return {a.target_id for a in rows_of(client.get(reverse(INBOX), {"age": age}))}

    assert shown("today") == {version.pk}
    assert shown("3") == {deliverable.pk}
    assert shown("7") == set()
    assert shown("") == {deliverable.pk, version.pk}


def test_search_by_title_number_or_opportunity(client, manager, mixed, rep, commercial, other_rep):
    deliverable, version = mixed
    elsewhere = make_opportunity(rep, make_customer(rep, "宁波港集团"), name="宁波港视频项目")
    far = priced_quote(elsewhere, rep, commercial, title="港区报价")
    client.force_login(manager)

    def shown(q):
        return {a.target_id for a in rows_of(client.get(reverse(INBOX), {"q": q}))}

    assert shown(version.quote.code) == {version.pk}
    assert shown("宁波港") == {far.pk}
    assert shown(elsewhere.code) == {far.pk}
    assert shown("拜访") == {deliverable.pk}  # the visit record's title


def test_sorts_by_the_column_heads_and_keeps_the_filters(client, manager, mixed, rep, commercial):
    _deliverable, small = mixed
    big = priced_quote(small.quote.opportunity, rep, commercial, title="大额报价", lines=3)
    assert big.total_amount > small.total_amount
    client.force_login(manager)

    response = client.get(reverse(INBOX), {"kind": "quotes.quoteversion", "sort": "amount"})
    assert [a.target_id for a in rows_of(response)] == [small.pk, big.pk]
    links = response.context["sort_links"]
    assert "kind=quotes.quoteversion" in links["amount"]["query"] and "sort=-amount" in links["amount"]["query"]
    assert links["amount"]["arrow"] == "up" and links["submitted"]["arrow"] == ""
    response = client.get(reverse(INBOX), {"kind": "quotes.quoteversion", "sort": "-amount"})
    assert [a.target_id for a in rows_of(response)] == [big.pk, small.pk]
    response = client.get(reverse(INBOX), {"kind": "nonsense", "sort": "-amount"})  # a crafted filter is left out
    assert [a.target_id for a in rows_of(response)] == [big.pk, small.pk, _deliverable.pk]  # no amount: last
    assert response.context["sort_links"]["amount"]["arrow"] == "down"
    response = client.get(reverse(INBOX), {"sort": "-submitted"})
    assert rows_of(response)[0].target_id == big.pk
    Approval.objects.filter(pk=pending_round(big).pk).update(submitted_at=timezone.now() - timedelta(days=9))
    assert rows_of(client.get(reverse(INBOX), {"sort": "submitted"}))[0].target_id == big.pk


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "auth.user"},
        {"kind": "nonsense"},
        {"age": "99"},
        {"age": "-3"},
        {"sort": "title"},
        {"sort": "-step__approval__target_id"},
        {"q": "x" * 500},
        {"page": "²"},
        {"page": "99999999999999999999999"},
    ],
)
def test_crafted_filters_are_refused_in_words_not_a_500(client, manager, mixed, query):
    client.force_login(manager)

    response = client.get(reverse(INBOX), query)

    assert response.status_code == 200
    assert client.get(reverse("approvals:export"), query).status_code == 200


# Bulk approval -------------------------------------------------------------------------------


@pytest.fixture
def three_visits(build_template, visit_type, engineer, rep, manager, sales_head):
    """Three visit records on three opportunities wait for the manager; the third was
    submitted after the template started asking for a comment to approve. A fourth waits
    for the sales head only."""
    template = build_template({"name": "主管审批", "users": [manager]})
    opportunities = [make_opportunity(rep, make_customer(rep, f"客户{i}"), presales_lead=engineer) for i in range(4)]
    first, second = (submit(o, engineer, visit_type) for o in opportunities[:2])
    ApprovalTemplateStep.objects.filter(template=template).update(comment_required=True)
    third = submit(opportunities[2], engineer, visit_type)
    ApprovalTemplateStep.objects.filter(template=template).update(comment_required=False)
    template.steps.get().approver_users.set([sales_head])
    fourth = submit(opportunities[3], engineer, visit_type)
    return first, second, third, fourth


def bulk(client, *targets):
    ids = [str(pending_round(t).pk) for t in targets]
    return client.post(reverse("approvals:bulk_approve"), {"approval": ids}, follow=True)


def test_bulk_approval_is_one_decision_each_with_its_rules(client, manager, three_visits):
    first, second, third, fourth = three_visits
    rounds = {t.pk: pending_round(t) for t in three_visits}
    client.force_login(manager)

    response = bulk(client, first, second, third, fourth)

    assert response.status_code == 200
    assert [status_of(t) for t in three_visits] == [
        DeliverableStatus.APPROVED,
        DeliverableStatus.APPROVED,
        DeliverableStatus.SUBMITTED,
        DeliverableStatus.SUBMITTED,
    ]
    decided = Event.objects.filter(kind=approval_events.STEP_DECIDED)
    assert sorted(e.subject_id for e in decided) == sorted([rounds[first.pk].pk, rounds[second.pk].pk])
    assert all(e.actor == manager and e.data["bulk"] and e.data["outcome"] == "approve" for e in decided)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "2 approved." in texts
    refused = next(t for t in texts if "refused" in t)
    assert refused.startswith("2 refused")
    assert rounds[third.pk].title in refused and "needs a comment" in refused
    assert "1 not waiting for your decision" in refused and rounds[fourth.pk].title not in refused
    assert [a.target_id for a in rows_of(client.get(reverse(INBOX)))] == [third.pk]


def test_bulk_approval_decides_nothing_for_who_is_not_asked(client, engineer, other_rep, three_visits):
    first, second, _third, _fourth = three_visits
    for user in (engineer, other_rep):  # the submitter, and someone not on the rounds
        client.force_login(user)
        bulk(client, first, second)
    assert status_of(first) == status_of(second) == DeliverableStatus.SUBMITTED
    assert not Event.objects.filter(kind=approval_events.STEP_DECIDED).exists()


def test_bulk_approval_refuses_crafted_input(client, manager, three_visits):
    client.force_login(manager)
    url = reverse("approvals:bulk_approve")

    assert client.post(url, {"approval": ["x", "-1", "99999999999999999999999"]}).status_code == 302
    assert client.post(url, {"approval": [str(i) for i in range(1, 300)]}).status_code == 400
    assert client.get(url).status_code == 405
    assert Approval.objects.filter(status=ApprovalStatus.APPROVED).count() == 0


def test_a_step_that_asks_for_a_comment_refuses_an_approval_without_one(client, manager, three_visits):
    third = three_visits[2]
    approval = pending_round(third)
    client.force_login(manager)
    url = reverse("approvals:decide", args=[approval.pk])

    client.post(url, {"decision": "approve", "comment": " "})
    assert status_of(third) == DeliverableStatus.SUBMITTED
    client.post(url, {"decision": "approve", "comment": "纪要完整，同意"})
    assert status_of(third) == DeliverableStatus.APPROVED
    event = Event.objects.get(kind=approval_events.STEP_DECIDED)
    assert event.data["reason"] == "纪要完整，同意" and "bulk" not in event.data


# Exports ---------------------------------------------------------------------------------------


def sheet_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def test_the_export_is_the_filtered_inbox_with_the_margin_for_who_sees_it(client, manager, mixed):
    deliverable, version = mixed
    client.force_login(manager)

    sheet = sheet_of(client.get(reverse("approvals:export"), {"kind": "quotes.quoteversion"}))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 2 and rows[1][0] == pending_round(version).title
    assert Decimal(str(rows[1][header.index("Margin")])) == Decimal(MARGIN)
    assert sheet.cell(row=2, column=header.index("Amount") + 1).number_format.startswith('"¥"')

    everything = list(sheet_of(client.get(reverse("approvals:export"))).iter_rows(values_only=True))
    assert {r[0] for r in everything[1:]} == {pending_round(deliverable).title, pending_round(version).title}


def test_the_history_exports_hold_only_my_own(client, manager, engineer, rep, mixed):
    deliverable, version = mixed
    client.force_login(manager)
    client.post(reverse("approvals:decide", args=[pending_round(deliverable).pk]), {"decision": "approve"})

    decided = list(sheet_of(client.get(reverse("approvals:export"), {"tab": "decided"})).iter_rows(values_only=True))
    assert [r[0] for r in decided[1:]] == [Approval.objects.for_target(deliverable).get().title]

    client.force_login(rep)
    submitted = list(
        sheet_of(client.get(reverse("approvals:export"), {"tab": "submitted"})).iter_rows(values_only=True)
    )
    assert [r[0] for r in submitted[1:]] == [pending_round(version).title]
    assert Decimal(str(submitted[1][submitted[0].index("Amount")])) == version.total_amount
