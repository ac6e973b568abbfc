"""An opportunity's budget and expected amount have bounds (issue 8, "every number has bounds
its column can hold"): at most ¥10,000,000,000.00, like the quote versions they lead to; a
crafted number is a form error, never a 500, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from presales.opportunities.models import Opportunity
from presales.opportunities.tests.helpers import form_payload
from presales.testing import browser

LIMIT = "¥10,000,000,000.00"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("field", ["budget", "expected_amount"])
def test_an_amount_beyond_the_limit_is_refused_keeping_the_input(rep, opportunity, field):
    """99,999,999,999.99 fits the column; no quote of the product can reach it."""
    client = browser(rep)
    url = reverse("opportunities:edit", args=[opportunity.pk])
    changes = {"budget": "", field: "99999999999.99"}  # no budget: the "3× the budget" hint stays out
    response = client.post(url, form_payload(opportunity, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [f"Enter a value of at most {LIMIT}."]
    assert 'value="99999999999.99"' in response.text
    assert getattr(Opportunity.objects.get(pk=opportunity.pk), field) != Decimal("99999999999.99")


def test_amounts_at_the_limit_are_stored_and_read_back(rep, manager, opportunity):
    client = browser(rep)
    url = reverse("opportunities:edit", args=[opportunity.pk])
    payload = form_payload(opportunity, budget="10000000000.00", expected_amount="10000000000.00")
    assert client.post(url, payload).status_code == 302
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.budget, stored.expected_amount) == (Decimal("10000000000.00"), Decimal("10000000000.00"))
    for user in (rep, manager):
        reader = browser(user)
        assert reader.get(reverse("opportunities:detail", args=[opportunity.pk])).status_code == 200
        assert reader.get(reverse("opportunities:list")).status_code == 200
        assert reader.get("/api/v1/opportunities/").status_code == 200


@pytest.mark.parametrize("crafted", ["NaN", "Infinity", "1e400", "1e-999", "1" + "0" * 30, "1e999999999"])
def test_crafted_amounts_get_a_form_error(rep, opportunity, crafted):
    client = browser(rep)
    url = reverse("opportunities:edit", args=[opportunity.pk])
    for field in ("budget", "expected_amount"):
        response = client.post(url, form_payload(opportunity, **{field: crafted}))
        assert response.status_code == 200, field
        assert response.context["form"].errors[field], field
    assert Opportunity.objects.get(pk=opportunity.pk).version == opportunity.version
