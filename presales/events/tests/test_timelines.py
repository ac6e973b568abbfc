"""The pages that read the stream: the right events, in the reader's language, cost for who
sees cost, in a fixed number of queries however many events there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.contracts import events as contract_events
from presales.events import selectors
from presales.events.models import Event
from presales.opportunities import events as opportunity_events
from presales.quotes import events as quote_events
from presales.service_requests import events as request_events
from presales.testing import make_opportunity

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

# One of each app's kinds, with the data its constructor writes (as a sample of the stream).
SAMPLES = [
    (opportunity_events.STAGE_ADVANCED, {"from_stage": "接触", "to_stage": "咨询", "reason": "客户同意"}),
    (opportunity_events.TASK_DONE, {"title": "拜访客户"}),
    (quote_events.QUOTE_CREATED, {"title": "IMPS48/150 通信电源报价"}),
    (request_events.ACCEPTED, {"from_status": "assigned", "to_status": "accepted"}),
    (contract_events.COST_ADDED, {"number": "HT-2026-0001", "category": "equipment", "amount": "52000.00"}),
]


def add_events(n: int, *, opportunity, actors) -> None:
    """`n` events of the opportunity, written as the constructors write them, round the actors."""
    Event.objects.bulk_create(
        [
            Event(
                kind=SAMPLES[i % len(SAMPLES)][0],
                actor=actors[i % len(actors)],
                opportunity=opportunity,
                customer_id=opportunity.customer_id,
                data={"code": opportunity.code, **SAMPLES[i % len(SAMPLES)][1]},
            )
            for i in range(n)
        ]
    )


@override_settings(LANGUAGE_CODE="en")  # logged in: the organisation's language
def measure(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **ENGLISH)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.find("</section>", start)]


def test_the_timeline_shows_the_events_of_its_opportunity_only(settings, client, rep, other_rep, customer, opportunity):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    other = make_opportunity(rep, customer, name="另一个项目")
    add_events(5, opportunity=opportunity, actors=[rep])
    Event.objects.create(
        kind=opportunity_events.TASK_DONE,
        actor=other_rep,
        opportunity=other,
        data={"code": other.code, "title": "别处"},
    )
    client.force_login(rep)

    response = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH)

    events = [item for kind, _day, _at, item in response.context["timeline"] if kind == "event"]
    assert {e.opportunity for e in events} == {opportunity}
    assert len(events) == 1 + 4  # opened, and the sample events but the cost one (a rep does not see cost)
    timeline = section(response.content.decode(), "timeline")
    assert f"moved {opportunity.code} from 接触 to 咨询" in timeline  # the reader's language
    assert "客户同意" in timeline  # the reason, as typed
    assert "别处" not in timeline and other.code not in timeline


@pytest.mark.parametrize("persona", ["rep", "manager"])
def test_the_opportunity_page_reads_as_many_queries_with_10_and_200_events(
    request, client, persona, opportunity, rep, engineer, manager
):
    reader = request.getfixturevalue(persona)
    client.force_login(reader)
    url = reverse("opportunities:detail", args=[opportunity.pk])
    add_events(10, opportunity=opportunity, actors=[rep, engineer, manager])
    client.get(url)  # warm-up

    with_10, html_10 = measure(client, url)
    add_events(190, opportunity=opportunity, actors=[rep, engineer, manager])
    with_200, html_200 = measure(client, url)

    assert with_10 == with_200
    # every app's events are on the timeline; the cost events (1 in 5) only for the manager
    assert section(html_10, "timeline").count('class="event"') == 1 + (10 if persona == "manager" else 8)
    # and the latest of them only, however many there are
    assert section(html_200, "timeline").count('class="event"') == selectors.OPPORTUNITY_TIMELINE_LENGTH


def test_the_small_steps_of_a_quote_stay_off_the_opportunity_timeline(settings, client, rep, opportunity):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    for line in ("IMPS48/150 高频开关电源", "蓄电池组 500Ah"):
        Event.objects.create(
            kind=quote_events.LINE_ADDED,
            actor=rep,
            opportunity=opportunity,
            customer_id=opportunity.customer_id,
            data={"code": "BJ-2026-0001", "version": 1, "line": line},
        )
    client.force_login(rep)

    page = client.get(reverse("opportunities:detail", args=[opportunity.pk]), **ENGLISH).content.decode()
    customer_page = client.get(reverse("customers:detail", args=[opportunity.customer_id]), **ENGLISH)
    home = client.get(reverse("home"), **ENGLISH).content.decode()

    assert "蓄电池组 500Ah" not in section(page, "timeline")
    assert "蓄电池组 500Ah" not in customer_page.content.decode()
    assert "added “蓄电池组 500Ah” to BJ-2026-0001 v1" in home  # the rep's own activity keeps them


def test_a_reader_is_one_query_whatever_the_number_of_events(rep, engineer, opportunity, django_assert_num_queries):
    add_events(200, opportunity=opportunity, actors=[rep, engineer])
    for read in (
        lambda: selectors.for_opportunity(opportunity, rep),
        lambda: selectors.by_actor(rep),
        lambda: selectors.for_subject(opportunity, rep),
    ):
        with django_assert_num_queries(1):
            read()


def test_my_work_shows_my_latest_activity_in_as_many_queries_with_10_and_200_events(client, rep, engineer, opportunity):
    client.force_login(rep)
    url = reverse("home")
    add_events(10, opportunity=opportunity, actors=[rep, engineer])
    client.get(url)

    with_10, html_10 = measure(client, url)
    add_events(190, opportunity=opportunity, actors=[rep, engineer])
    with_200, html_200 = measure(client, url)

    assert with_10 == with_200
    mine = section(html_200, "my-activity")
    assert mine.count("data-kind=") == selectors.MY_ACTIVITY_LENGTH
    assert section(html_10, "my-activity").count("data-kind=") == 1 + 4  # opened the opportunity, and 4 of mine
    assert opportunity.code in mine and "52000" not in mine
    assert {e.actor for e in selectors.by_actor(rep)} == {rep}  # the engineer's half is not on it


def test_my_recent_activity_leaves_cost_out_for_who_does_not_see_cost(rep, opportunity):
    add_events(5, opportunity=opportunity, actors=[rep])  # one cost event among them, as if the rep had entered it
    assert contract_events.COST_ADDED not in {e.kind for e in selectors.by_actor(rep)}


def test_the_customer_timeline_shows_only_the_opportunities_the_reader_sees(
    settings, client, rep, other_rep, manager, customer, opportunity
):
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    hidden = make_opportunity(other_rep, customer, name="别人的项目")  # on rep's customer, not shared with him
    add_events(3, opportunity=opportunity, actors=[rep])
    Event.objects.create(
        kind=opportunity_events.TASK_DONE,
        actor=other_rep,
        opportunity=hidden,
        customer=customer,
        data={"code": hidden.code, "title": "别人的任务"},
    )
    url = reverse("customers:detail", args=[customer.pk])

    client.force_login(rep)
    as_rep = section(client.get(url, **ENGLISH).content.decode(), "customer-timeline")
    client.force_login(manager)
    as_manager = section(client.get(url, **ENGLISH).content.decode(), "customer-timeline")

    assert opportunity.code in as_rep and "别人的任务" not in as_rep and hidden.code not in as_rep
    assert "别人的任务" in as_manager and f"ticked off the task “别人的任务” of {hidden.code}" in as_manager
    assert as_manager.count("data-kind=") == 1 + 1 + 3 + 1  # both opened, the samples, the other task


def test_the_customer_timeline_is_bounded(client, rep, customer, opportunity):
    add_events(60, opportunity=opportunity, actors=[rep])
    client.force_login(rep)
    html = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert section(html, "customer-timeline").count("data-kind=") == selectors.CUSTOMER_TIMELINE_LENGTH
