"""The contract's events in the one stream: its page and its opportunity's timeline show
them in the reader's language, the actual-cost events only to who sees cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from presales.contracts import events as contract_events
from presales.contracts import services
from presales.events.models import Event


def test_cost_events_show_only_to_who_sees_cost(contract, rep, engineer, commercial, finance, client):
    services.cost_add(
        contract=contract,
        user=finance,
        data={"category": "equipment", "amount": Decimal("654321.00"), "incurred_on": date(2026, 2, 1)},
    )
    event = Event.objects.get(kind=contract_events.COST_ADDED)
    assert (event.opportunity, event.customer, event.subject) == (
        contract.opportunity,
        contract.opportunity.customer,
        contract,
    )
    assert event.data["amount"] == "654321.00"  # an amount as a string
    sentence = f"entered an actual cost of ¥654,321.00 (Equipment purchase) on {contract.number}"
    pages = [
        reverse("contracts:detail", args=[contract.pk]),
        reverse("opportunities:detail", args=[contract.opportunity_id]),
    ]
    for user, sees in ((rep, False), (engineer, False), (commercial, True), (finance, True)):
        client.force_login(user)
        for url in pages:
            html = client.get(url).content.decode()
            assert f"drew up the contract {contract.number}" in html
            assert (sentence in html) is sees, (user, url)
            assert ("654,321" in html) is sees, (user, url)


def test_the_contract_page_shows_its_own_events_in_the_readers_words(contract, rep, client):
    services.contract_submit(contract=contract, user=rep, note="请尽快评审")
    client.force_login(rep)

    activity = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()

    activity = activity[activity.index('data-testid="contract-events"') :]
    assert f"sent {contract.number} to contract review" in activity
    assert "请尽快评审" in activity  # the note as typed
    assert "合同草稿.pdf (Contract draft)" in activity
