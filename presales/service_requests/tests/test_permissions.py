"""The dispatched engineer reaches the work he was given (docs/permissions.md, service requests).

The scene: `rep` files a request on his opportunity (led by `engineer`); the presales manager
assigns it to `other_engineer`, who is not on the opportunity's team. Accepting it puts him on
the team (opportunities.services.member_add_for_assignment), so the request's own links — the
opportunity, its customer, 设计解决方案 — answer 200 for him; before accepting, after
declining, and for any other engineer they stay 404. A request filed on a customer alone shows
the accepted engineer that customer (customers.access SeenThrough "service_requests").
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.customers.access import customers_visible_to
from presales.events.models import Event
from presales.events.selectors import render
from presales.opportunities import events as opportunity_events
from presales.opportunities.access import opportunities_visible_to
from presales.opportunities.models import OpportunityMember
from presales.service_requests import services
from presales.service_requests.models import RequestStatus, ServiceRequest
from presales.service_requests.tests.conftest import file_request
from presales.solutions.models import Solution
from presales.testing import make_customer, make_opportunity, make_user


@pytest.fixture
def third_engineer(db):
    return make_user("third_engineer", "presales_engineer", full_name="钱工")


def _links(sr: ServiceRequest) -> dict[str, str]:
    """The pages the request's work leads to, by name."""
    links = {
        "request": reverse("service_requests:detail", args=[sr.pk]),
        "customer": reverse("customers:detail", args=[sr.customer_id]),
    }
    if sr.opportunity_id:
        links["opportunity"] = reverse("opportunities:detail", args=[sr.opportunity_id])
        links["solution_create"] = f"{reverse('solutions:create')}?opportunity={sr.opportunity_id}&request={sr.pk}"
    return links


def _statuses(client, user, sr: ServiceRequest) -> dict[str, int]:
    client.force_login(user)
    return {name: client.get(url).status_code for name, url in _links(sr).items()}


def _assign_over_http(client, manager, sr: ServiceRequest, engineer) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("service_requests:assign", args=[sr.pk]),
        {f"r{sr.pk}-engineer": engineer.pk, f"r{sr.pk}-estimated_hours": "8"},
    )
    assert response.status_code == 302
    sr.refresh_from_db()
    assert (sr.status, sr.assignee) == (RequestStatus.ASSIGNED, engineer)


def test_an_engineer_who_accepts_a_request_reaches_its_opportunity_customer_and_solution(
    client, rep, manager, engineer, other_engineer, third_engineer, opportunity
):
    sr = file_request(rep, opportunity=opportunity, customer=opportunity.customer)
    assert opportunity not in opportunities_visible_to(other_engineer)
    _assign_over_http(client, manager, sr, other_engineer)

    # Assigned but not yet accepted: he sees the request, not yet the opportunity's pages.
    assert _statuses(client, other_engineer, sr) == {
        "request": 200,
        "customer": 404,
        "opportunity": 404,
        "solution_create": 404,
    }

    client.force_login(other_engineer)
    response = client.post(reverse("service_requests:accept", args=[sr.pk]))
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.status == RequestStatus.ACCEPTED

    # He is on the team now, with an event naming the request; the team's right to
    # contribute is his (so 设计解决方案 works).
    member = OpportunityMember.objects.get(opportunity=opportunity, user=other_engineer)
    assert member.role == "presales"
    joined = Event.objects.get(opportunity=opportunity, kind=opportunity_events.MEMBER_ADDED_BY_ASSIGNMENT)
    assert joined.actor == other_engineer
    assert (joined.data["member"], joined.data["request"], joined.data["request_id"]) == ("赵工", sr.code, sr.pk)
    sentence = render(joined).sentence
    assert sentence == f"joined the team of {opportunity.code} (accepted the service request {sr.code})"

    assert _statuses(client, other_engineer, sr) == {
        "request": 200,
        "customer": 200,
        "opportunity": 200,
        "solution_create": 200,
    }
    page = client.get(_links(sr)["request"]).text
    assert 'data-testid="design-solution"' in page

    response = client.post(
        _links(sr)["solution_create"],
        {
            "opportunity": opportunity.pk,
            "title": "指挥中心方案",
            "designers": [other_engineer.pk],
            "service_request": sr.pk,
        },
    )
    solution = Solution.objects.get()
    assert response.status_code == 302
    assert (solution.opportunity, solution.service_request, solution.created_by) == (opportunity, sr, other_engineer)
    client.force_login(other_engineer)
    assert client.get(reverse("solutions:detail", args=[solution.pk])).status_code == 200

    # Another engineer, not on the team and not assigned, still gets 404 everywhere.
    assert _statuses(client, third_engineer, sr) == {
        "request": 404,
        "customer": 404,
        "opportunity": 404,
        "solution_create": 404,
    }
    client.force_login(third_engineer)
    assert client.get(reverse("solutions:detail", args=[solution.pk])).status_code == 404


def test_an_engineer_who_declines_gets_no_access(client, rep, manager, opportunity, other_engineer):
    sr = file_request(rep, opportunity=opportunity, customer=opportunity.customer)
    _assign_over_http(client, manager, sr, other_engineer)

    client.force_login(other_engineer)
    response = client.post(reverse("service_requests:decline", args=[sr.pk]), {"reason": "排期已满"})
    assert response.status_code == 302
    sr.refresh_from_db()
    assert (sr.status, sr.assignee) == (RequestStatus.SUBMITTED, None)

    assert not OpportunityMember.objects.filter(opportunity=opportunity, user=other_engineer).exists()
    assert not Event.objects.filter(kind=opportunity_events.MEMBER_ADDED_BY_ASSIGNMENT).exists()
    assert _statuses(client, other_engineer, sr) == {
        "request": 404,
        "customer": 404,
        "opportunity": 404,
        "solution_create": 404,
    }


@pytest.mark.parametrize("who", ["lead", "owner"])
def test_the_lead_or_owner_accepting_joins_no_team_and_records_nothing(rep, manager, engineer, customer, who):
    """Owner or presales lead already: nothing to add (the presales lead is the usual
    assignee; the owner here also holds the engineer's role, to be assignable)."""
    if who == "lead":
        person, owner = engineer, rep
    else:
        person = owner = make_user("rep_engineer", "sales_rep", "presales_engineer", full_name="何工")
        customer = make_customer(owner, "嘉兴市港区")
    opportunity = make_opportunity(owner, customer, presales_lead=engineer)
    sr = file_request(owner, opportunity=opportunity, customer=opportunity.customer)
    sr = services.request_assign(request=sr, user=manager, engineer=person, estimated_hours=8)

    services.request_accept(request=sr, user=person)

    assert not OpportunityMember.objects.filter(opportunity=opportunity).exists()
    assert not Event.objects.filter(kind=opportunity_events.MEMBER_ADDED_BY_ASSIGNMENT).exists()


def test_a_member_already_on_the_team_is_not_added_twice(rep, manager, opportunity, other_engineer):
    from presales.opportunities.services import opportunity_member_add

    opportunity_member_add(opportunity=opportunity, user=rep, member=other_engineer, role="expert")
    sr = file_request(rep, opportunity=opportunity, customer=opportunity.customer)
    sr = services.request_assign(request=sr, user=manager, engineer=other_engineer, estimated_hours=8)

    services.request_accept(request=sr, user=other_engineer)

    member = OpportunityMember.objects.get(opportunity=opportunity)
    assert (member.user, member.role) == (other_engineer, "expert")
    assert not Event.objects.filter(kind=opportunity_events.MEMBER_ADDED_BY_ASSIGNMENT).exists()


def test_a_request_on_a_customer_alone_shows_the_accepted_engineer_that_customer(
    client, rep, manager, other_engineer, third_engineer
):
    customer = make_customer(rep, "温州市水务集团")
    sr = file_request(rep, customer=customer)
    assert sr.opportunity_id is None
    _assign_over_http(client, manager, sr, other_engineer)
    assert customer not in customers_visible_to(other_engineer)
    assert _statuses(client, other_engineer, sr) == {"request": 200, "customer": 404}

    client.force_login(other_engineer)
    assert client.post(reverse("service_requests:accept", args=[sr.pk])).status_code == 302

    assert list(customers_visible_to(other_engineer)) == [customer]
    assert _statuses(client, other_engineer, sr) == {"request": 200, "customer": 200}
    # the customer list and its export hold it for him, and no one else gains it
    client.force_login(other_engineer)
    assert customer.name in client.get(reverse("customers:list")).text
    assert _statuses(client, third_engineer, sr) == {"request": 404, "customer": 404}


def test_a_customer_only_request_declined_shows_nothing(client, rep, manager, other_engineer):
    customer = make_customer(rep, "温州市水务集团")
    sr = file_request(rep, customer=customer)
    sr = services.request_assign(request=sr, user=manager, engineer=other_engineer, estimated_hours=8)
    services.request_decline(request=sr, user=other_engineer, reason="排期已满")

    assert customer not in customers_visible_to(other_engineer)
    assert _statuses(client, other_engineer, sr) == {"request": 404, "customer": 404}
