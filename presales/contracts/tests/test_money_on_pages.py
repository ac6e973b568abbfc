"""Money is written one way on every kind of page (presales.lib.money): ¥ with thousands
separators and two decimals in detail, 万元 on the board and the pipeline, percentages with
two decimals. No page writes a long run of digits after ¥ (the old "¥415329.400000000")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from presales.approvals.selectors import my_pending_assignments
from presales.contracts.tests.conftest import draft, make_quote_version
from presales.lib.money import percent, yuan
from presales.opportunities.models import Opportunity
from presales.quotes import services as quote_services
from presales.quotes.tests.conftest import add_line

UNGROUPED = re.compile(r"¥-?\d{5,}")


@pytest.fixture
def chinese(client, settings):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    settings.LANGUAGE_CODE = "zh-hans"  # logged in: the organisation's language (the conftest's is English)
    with translation.override("zh-hans"):
        yield client


@pytest.fixture
def priced_pages(won, rep, commercial, manager):
    """The won opportunity with an amount, a quote in price review waiting for the manager, and
    a contract from an approved quote version."""
    Opportunity.objects.filter(pk=won.pk).update(expected_amount=Decimal("680000"), budget=Decimal("579026"))
    quote = quote_services.quote_create(user=rep, opportunity=won, title="园区安防报价")
    version = quote.versions.get(number=1)
    add_line(version, commercial, name="整机", quantity="1", price="415329.40", cost="253350.93")
    version.refresh_from_db()
    quote_services.submit_for_review(version=version, user=rep, purpose="bid")
    contract = draft(won, rep, quote_version=make_quote_version(won, rep, total="2320440.18", code="BJ-9"))
    return {"opportunity": won, "quote": quote, "version": version, "contract": contract}


def test_every_kind_of_page_writes_money_one_way(chinese, priced_pages, manager, rep):
    client = chinese
    opportunity, version, contract = priced_pages["opportunity"], priced_pages["version"], priced_pages["contract"]
    assert my_pending_assignments(manager).exists()  # the quote waits in his inbox
    client.force_login(manager)  # a manager sees cost
    expected = {
        reverse("quotes:list"): ["¥415,329.40", "¥2,320,440.18", percent(version.margin_percent)],
        reverse("quotes:version", args=[version.pk]): ["¥415,329.40", "¥253,350.93", "39.00%"],
        reverse("quotes:detail", args=[version.quote_id]): ["¥415,329.40", "39.00%"],
        reverse("opportunities:detail", args=[opportunity.pk]): ["¥680,000.00", "¥579,026.00", "¥415,329.40"],
        reverse("opportunities:list"): ["¥680,000.00"],
        reverse("opportunities:board"): ["68.00万元"],
        reverse("approvals:inbox"): ["¥415,329.40"],
        reverse("contracts:detail", args=[contract.pk]): ["¥2,320,440.18"],
        reverse("contracts:list"): ["¥2,320,440.18"],
        reverse("home"): ["68.00万元"],  # the department's pipeline
    }
    for url, amounts in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for amount in amounts:
            assert amount in html, (url, amount)
        assert not UNGROUPED.findall(html), (url, UNGROUPED.findall(html))
        assert "415329" not in html and "2320440" not in html and "680000" not in html, url
    client.force_login(rep)  # the owner's own opportunities in "my work"
    html = client.get(reverse("home")).content.decode()
    assert "¥680,000.00" in html and not UNGROUPED.findall(html)


def test_version_margin_reads_as_a_percentage(priced_pages):
    version = priced_pages["version"]
    assert version.total_amount == Decimal("415329.40")
    assert percent(version.margin_percent) == "39.00%" and yuan(version.total_cost) == "¥253,350.93"
