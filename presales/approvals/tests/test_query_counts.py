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
