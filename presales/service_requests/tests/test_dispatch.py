"""The dispatch page at a department's size (issue 11): a page of each list, ONE assignment
form whatever the queue's length, the ticked requests assigned each on its own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from presales.service_requests import services
from presales.service_requests.forms import BULK_ASSIGN_MAX
from presales.service_requests.models import RequestStatus, ServiceRequest
from presales.service_requests.selectors import assigned_waiting, dispatch_queue
from presales.service_requests.tests.conftest import file_request
from presales.service_requests.tests.test_query_counts import Rows
from presales.service_requests.views import DISPATCH_PAGE_SIZE
from presales.testing import make_user

pytestmark = pytest.mark.django_db
S = RequestStatus
DISPATCH = reverse("service_requests:dispatch")
ASSIGN = reverse("service_requests:dispatch_assign")

# The page, pinned: session and user (2), the user's roles (2: the dispatcher check and the
# navigation), the navigation counts (2), the assignable engineers (the one form's picker), a
# COUNT and a page of each list (4), the engineers' load (1), the session saved (3) — whatever
# the number of requests and of engineers.
DISPATCH_QUERIES = 15


@pytest.fixture
def rows(rep, opportunity, engineer, other_engineer):
    return Rows(rep=rep, opportunity=opportunity, engineers=[engineer, other_engineer])


@pytest.mark.parametrize(("requests", "more_engineers"), [(10, 0), (200, 6)])
def test_the_page_reads_the_same_queries_at_10_and_200_requests(
    client, manager, rows, django_assert_num_queries, requests, more_engineers
):
    rows.engineers += [make_user(f"eng{i}", "presales_engineer", full_name=f"工程师{i}") for i in range(more_engineers)]
    rows.add(requests)
    client.force_login(manager)
    client.get(DISPATCH)  # warm-up (the session's first read)

    with django_assert_num_queries(DISPATCH_QUERIES):
        response = client.get(DISPATCH)

    html = response.text
    submitted = ServiceRequest.objects.filter(status=S.SUBMITTED).count()
    assigned = ServiceRequest.objects.filter(status=S.ASSIGNED).count()
    assert html.count('data-testid="unassigned-row"') == min(submitted, DISPATCH_PAGE_SIZE)
    assert html.count('data-testid="waiting-row"') == min(assigned, DISPATCH_PAGE_SIZE)
    assert html.count('data-testid="engineer-row"') == 2 + more_engineers
    assert f"{submitted} requests" in html and f"{assigned} requests" in html  # the counts, not the page's


def test_the_page_holds_one_engineer_select_whatever_the_rows(client, manager, rows):
    client.force_login(manager)
    rows.add(200)
    html = client.get(DISPATCH).text
    assert html.count("<select") == 2 + 2  # the form's engineer and survey; the filters' type and priority
    assert html.count('name="engineer"') == 1
    assert html.count("data-people-picker") == 1
    assert html.count("<form") == 5  # filters, assignment; the navigation's search, language, log-out
    assert html.count('name="requests"') == 2 * DISPATCH_PAGE_SIZE
    assert len(html) < 120_000, len(html)


def test_a_rep_or_engineer_gets_403_and_assigns_nothing(client, sr, rep, engineer):
    for user in (rep, engineer):
        client.force_login(user)
        assert client.get(DISPATCH).status_code == 403
        assert client.post(ASSIGN, {"requests": [sr.pk], "engineer": engineer.pk}).status_code == 403
    sr.refresh_from_db()
    assert sr.status == S.SUBMITTED and sr.assignee is None


def test_bulk_assign_assigns_only_the_ticked(client, rep, opportunity, manager, engineer):
    first, second, third = (file_request(rep, opportunity=opportunity, title=f"请求{i}") for i in range(3))
    client.force_login(manager)

    response = client.post(
        ASSIGN, {"requests": [first.pk, third.pk], "engineer": engineer.pk, "estimated_hours": "6"}, follow=True
    )

    assert response.redirect_chain == [(DISPATCH, 302)]
    for sr in (first, second, third):
        sr.refresh_from_db()
    assert (first.status, first.assignee, first.estimated_hours) == (S.ASSIGNED, engineer, 6)
    assert (third.status, third.assignee, third.estimated_hours) == (S.ASSIGNED, engineer, 6)
    assert first.due_date == first.wanted_by  # no due date typed: each keeps its own
    assert (second.status, second.assignee) == (S.SUBMITTED, None)
    assert [str(m) for m in response.context["messages"]] == [
        f"2 requests assigned to 张工: {first.code}、{third.code}."
    ]


def test_a_refused_one_says_why_and_the_others_go_through(client, rep, opportunity, manager, engineer, other_engineer):
    taken, free = (file_request(rep, opportunity=opportunity, title=f"请求{i}") for i in range(2))
    services.request_assign(request=taken, user=manager, engineer=other_engineer)
    taken.refresh_from_db()
    services.request_accept(request=taken, user=other_engineer)  # accepted meanwhile
    client.force_login(manager)

    response = client.post(ASSIGN, {"requests": [taken.pk, free.pk, 2**70, "x"], "engineer": engineer.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"1 request assigned to 张工: {free.code}.",
        f"{taken.code}: A request that is Accepted cannot be assigned any more.",
    ]
    taken.refresh_from_db()
    free.refresh_from_db()
    assert (taken.status, taken.assignee) == (S.ACCEPTED, other_engineer)
    assert (free.status, free.assignee) == (S.ASSIGNED, engineer)


def test_a_reassignment_from_the_waiting_list(client, sr, manager, engineer, other_engineer):
    services.request_assign(request=sr, user=manager, engineer=engineer, estimated_hours=8)
    client.force_login(manager)
    html = client.get(DISPATCH).text
    assert 'data-testid="waiting-row"' in html and sr.code in html
    client.post(ASSIGN, {"requests": [sr.pk], "engineer": other_engineer.pk})
    sr.refresh_from_db()
    assert (sr.status, sr.assignee, sr.estimated_hours) == (S.ASSIGNED, other_engineer, 8)


def test_a_request_gone_meanwhile_is_said(client, sr, manager, engineer):
    client.force_login(manager)
    gone = sr.pk + 1000
    response = client.post(ASSIGN, {"requests": [sr.pk, gone], "engineer": engineer.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]][1:] == ["1 ticked request no longer exists."]


def test_a_form_refused_as_a_whole_comes_back_as_typed(client, rep, opportunity, manager, engineer):
    first, second = (file_request(rep, opportunity=opportunity, title=f"请求{i}") for i in range(2))
    client.force_login(manager)

    no_engineer = client.post(ASSIGN + "?priority=normal", {"requests": [second.pk], "estimated_hours": "5"})
    nothing_ticked = client.post(ASSIGN, {"engineer": engineer.pk, "requests": ["x", "-1"]})
    too_many = client.post(ASSIGN, {"engineer": engineer.pk, "requests": list(range(1, BULK_ASSIGN_MAX + 2))})

    assert no_engineer.status_code == nothing_ticked.status_code == too_many.status_code == 200
    assert "Choose the engineer." in no_engineer.text
    assert re.search(rf'value="{second.pk}" id="pick-{second.pk}" checked', no_engineer.text)
    assert not re.search(rf'value="{first.pk}" id="pick-{first.pk}" checked', no_engineer.text)
    assert 'name="estimated_hours" value="5' in no_engineer.text
    assert 'action="/requests/dispatch/assign/?priority=normal"' in no_engineer.text  # the filters kept
    assert "Tick the requests to assign first." in nothing_ticked.text
    assert f"Choose at most {BULK_ASSIGN_MAX} requests at a time." in too_many.text
    assert not ServiceRequest.objects.exclude(status=S.SUBMITTED).exists()


def test_after_assigning_the_page_keeps_its_filters_and_pages(client, sr, manager, engineer):
    client.force_login(manager)
    response = client.post(ASSIGN + "?q=SR&page=2&wpage=3", {"requests": [sr.pk], "engineer": engineer.pk})
    assert response.url == DISPATCH + "?q=SR&page=2&wpage=3"


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1e3", "9" * 30, "", "２"])
def test_a_bad_page_number_falls_back(client, manager, rows, page):
    rows.add(200)
    client.force_login(manager)
    response = client.get(DISPATCH, {"page": page, "wpage": page})
    assert response.status_code == 200
    assert response.text.count('data-testid="unassigned-row"') > 0
    assert response.text.count('data-testid="waiting-row"') > 0


def test_the_two_lists_page_on_their_own(client, manager, rows):
    rows.add(200)  # 34 submitted, 34 assigned: two pages each
    client.force_login(manager)
    response = client.get(DISPATCH, {"page": 2})
    assert response.text.count('data-testid="unassigned-row"') == 34 - DISPATCH_PAGE_SIZE
    assert response.text.count('data-testid="waiting-row"') == DISPATCH_PAGE_SIZE
    assert 'href="?page=2&wpage=2"' in response.text  # the second list's pager keeps the first's page
    response = client.get(DISPATCH, {"wpage": 2})
    assert response.text.count('data-testid="unassigned-row"') == DISPATCH_PAGE_SIZE
    assert response.text.count('data-testid="waiting-row"') == 34 - DISPATCH_PAGE_SIZE


def test_the_filters_narrow_both_lists(client, rep, opportunity, manager, engineer):
    urgent = file_request(rep, opportunity=opportunity, title="紧急演示", priority="urgent", request_type="demo")
    normal = file_request(rep, opportunity=opportunity, title="方案设计")
    waiting = file_request(rep, opportunity=opportunity, title="招标支持", request_type="bid_support")
    services.request_assign(request=waiting, user=manager, engineer=engineer)
    client.force_login(manager)

    def codes(**query):
        html = client.get(DISPATCH, query).text
        return {sr.code for sr in (urgent, normal, waiting) if sr.code in html}

    assert codes() == {urgent.code, normal.code, waiting.code}
    assert codes(priority="urgent") == {urgent.code}
    assert codes(request_type="bid_support") == {waiting.code}
    assert codes(q="方案") == {normal.code}
    assert codes(q=normal.code) == {normal.code}
    assert codes(priority="crafted", request_type="<b>") == {urgent.code, normal.code, waiting.code}


def test_the_queue_is_urgent_first_then_soonest_due(rep, opportunity, manager, engineer):
    today = timezone.localdate()
    late = file_request(rep, opportunity=opportunity, wanted_by=today + timedelta(days=9))
    soon = file_request(rep, opportunity=opportunity, wanted_by=today + timedelta(days=2))
    urgent = file_request(rep, opportunity=opportunity, wanted_by=today + timedelta(days=20), priority="urgent")
    due = file_request(rep, opportunity=opportunity, wanted_by=today + timedelta(days=30))
    ServiceRequest.objects.filter(pk=due.pk).update(due_date=today + timedelta(days=1))
    assert list(dispatch_queue()) == [urgent, due, soon, late]


def test_the_lists_read_their_page_along_an_index(rep, opportunity):
    """No sort of every queued request before the page: SQLite uses no temporary B-tree for
    the order; PostgreSQL (told to avoid sorting, as it would with a long queue) needs no Sort."""
    file_request(rep, opportunity=opportunity)
    for qs, index in ((dispatch_queue(), "sr_dispatch_queue_idx"), (assigned_waiting(), "sr_dispatch_waiting_idx")):
        sql, params = qs[:DISPATCH_PAGE_SIZE].query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert index in plan and "TEMP B-TREE" not in plan, plan
            else:
                cursor.execute("SET LOCAL enable_sort = off")
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = " ".join(str(row[0]) for row in cursor.fetchall())
                assert index in plan and "Sort" not in plan, plan


@pytest.mark.parametrize(
    ("role", "offered"),
    [("presales_manager", True), ("sales_head", False), ("general_manager", False), ("sales_rep", False)],
)
def test_the_navigation_offers_the_dispatch_queue_only_to_who_may_open_it(client, role, offered):
    """A sales head or the general manager is a manager too, but the queue is the presales
    manager's: a link to a page that answers 403 is not shown."""
    user = make_user(f"nav.{role}", role)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert ('data-testid="nav-dispatch"' in home) is offered
    assert (client.get(DISPATCH).status_code == 200) is offered
