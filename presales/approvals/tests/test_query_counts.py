"""The inbox reads a fixed number of queries however many rows it shows (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.approvals.models import Approval
from presales.approvals.services import approval_decide
from presales.approvals.tests.conftest import submit
from presales.testing import make_customer, make_opportunity

MAX_QUERIES = 16  # today 11 (pending, decided) and 13 (submitted: steps prefetched); a little room


class Pile:
    """Submissions of the visit record on several opportunities, by several people; the
    first `decided` of each batch are approved by the manager."""

    def __init__(self, *, reps, engineer, visit_type):
        self.reps, self.engineer, self.visit_type = reps, engineer, visit_type
        self.opportunities = [
            make_opportunity(rep, make_customer(rep, f"客户{i}"), presales_lead=engineer) for i, rep in enumerate(reps)
        ]
        self.n = 0

    def add(self, n: int, *, decide_by=None, decided: int = 0) -> None:
        for k in range(n):
            self.n += 1
            opportunity = self.opportunities[self.n % len(self.opportunities)]
            author = self.engineer if self.n % 2 else opportunity.sales_owner
            deliverable = submit(opportunity, author, self.visit_type, note=f"纪要{self.n}")
            if k < decided:
                approval = Approval.objects.for_target(deliverable).get()
                approval_decide(approval=approval, user=decide_by, approve=True, comment="同意")


@pytest.fixture
def pile(build_template, visit_type, engineer, rep, other_rep, manager, sales_head):
    build_template({"name": "联合审批", "users": [manager, sales_head], "mode": "all"})
    return Pile(reps=[rep, other_rep], engineer=engineer, visit_type=visit_type)


def measure(client, url, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize(
    ("tab", "persona"), [("pending", "sales_head"), ("decided", "manager"), ("submitted", "engineer")]
)
def test_inbox_reads_the_same_number_of_queries_with_few_and_many_rows(
    request, client, django_assert_max_num_queries, pile, manager, tab, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("approvals:inbox")
    pile.add(3, decide_by=manager, decided=2)
    client.get(url, {"tab": tab})  # warm-up

    few, response_few = measure(client, url, tab=tab)
    pile.add(30, decide_by=manager, decided=20)
    with django_assert_max_num_queries(MAX_QUERIES):
        many, response_many = measure(client, url, tab=tab)

    assert len(response_many.context["page"].object_list) > len(response_few.context["page"].object_list) > 0
    assert few == many


@pytest.mark.parametrize(
    "query", [{}, {"sort": "-amount", "age": "today"}, {"kind": "quotes.quoteversion", "q": "报价", "sort": "waiting"}]
)
def test_the_filtered_inbox_with_amounts_and_margins_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, pile, manager, rep, commercial, query
):
    """Deliverables and quote versions mixed (the margins are read per kind, not per row)."""
    from presales.approvals.tests.test_inbox import priced_quote

    client.force_login(manager)
    url = reverse("approvals:inbox")
    opportunity = pile.opportunities[0]
    pile.add(2)
    priced_quote(opportunity, rep, commercial, title="报价0")
    client.get(url, query)  # warm-up

    few, response_few = measure(client, url, **query)
    pile.add(8)
    for i in range(1, 4):
        priced_quote(opportunity, rep, commercial, title=f"报价{i}")
    with django_assert_max_num_queries(MAX_QUERIES):
        many, response_many = measure(client, url, **query)

    assert len(response_many.context["page"].object_list) > len(response_few.context["page"].object_list) > 0
    assert any(a.margin is not None for a in response_many.context["page"].object_list)
    assert few == many


def count_queries_of_my_inbox(captured) -> int:
    return sum(
        1 for q in captured if "COUNT(" in q["sql"] and "approvals_approvalassignment" in q["sql"].split("FROM")[1]
    )


def test_the_navigation_count_is_read_once_per_page(client, pile, manager):
    client.force_login(manager)
    pile.add(3)
    for url, query, expected in [
        (reverse("home"), {}, 1),
        (reverse("approvals:inbox"), {}, 1),  # the pager's total is the badge's
        (reverse("approvals:inbox"), {"age": "7"}, 2),  # filtered: the badge still counts everything
    ]:
        client.get(url, query)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert count_queries_of_my_inbox(queries.captured_queries) == expected, url
        assert response.context["nav_approvals_count"] == 3


def test_the_badge_is_counted_once_however_often_a_request_renders_it(rf, pile, manager):
    """Two templates rendered in one request (a page and a fragment) share the count."""
    from django.template import engines

    from presales.approvals.context_processors import inbox_counts

    pile.add(2)
    request = rf.get("/")
    request.user = manager
    template = engines["django"].from_string("{{ nav_approvals_count }}")
    with CaptureQueriesContext(connection) as queries:
        shown = [template.render(inbox_counts(request)) for _ in range(2)]
    assert shown == ["2", "2"]
    assert count_queries_of_my_inbox(queries.captured_queries) == 1
