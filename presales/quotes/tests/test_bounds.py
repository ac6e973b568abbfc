"""Every number of a quote has bounds its column can hold (issue 8, "a rep can break a quote for
everyone"): lines up to the limits read back on every page, for everyone who sees them; a line
beyond a limit, or one that would take the version's total beyond it, is refused with the
limit named and nothing is stored."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.db import DataError, connection, transaction
from django.urls import reverse

from presales.lib.services import ServiceError
from presales.quotes import services
from presales.quotes.models import QuoteLine, QuoteVersion
from presales.quotes.tests.conftest import add_line

PRICE_LIMIT = "¥1,000,000,000.00"
TOTAL_LIMIT = "¥10,000,000,000.00"


def page_urls(version, line) -> list[str]:
    return [
        reverse("quotes:version", args=[version.pk]),
        reverse("quotes:detail", args=[version.quote_id]),
        reverse("quotes:list"),
        reverse("quotes:export_xlsx", args=[version.pk]),
        reverse("quotes:export_docx", args=[version.pk]),
        reverse("quotes:line_edit", args=[line.pk]),
        "/api/v1/quote-versions/",
        "/api/v1/quote-lines/",
        f"/api/v1/quote-versions/{version.pk}/",
        "/api/v1/quotes/",
    ]


def assert_every_page_reads(client, version, line, *users, admin=None):
    for user in users:
        client.force_login(user)
        for url in page_urls(version, line):
            assert client.get(url).status_code == 200, (user.username, url)
    if admin is not None:
        client.force_login(admin)
        for url in (
            reverse("admin:quotes_quoteversion_change", args=[version.pk]),
            reverse("admin:quotes_quoteversion_changelist"),
            reverse("admin:quotes_quote_change", args=[version.quote_id]),
        ):
            assert client.get(url).status_code == 200, url


def post_line(client, version, **values):
    data = {
        "name": "摄像机",
        "unit": "台",
        "quantity": "1",
        "unit_price": "100",
        "discount_percent": "0",
        "tax_rate": "13",
        "version": version.version,
    }
    data.update(values)
    return client.post(reverse("quotes:line_add", args=[version.pk]), data)


def test_lines_up_to_the_limits_read_back_on_every_page(client, v1, rep, commercial, admin_user):
    """The largest quantity, the largest price and cost, a 100 % discount and a 100 % tax rate,
    summing exactly to the version limit: every page answers for the rep, commercial (who sees
    cost) and the admin. One fen more is refused, naming the limit, and nothing is stored."""
    add_line(v1, commercial, name="整流模块", quantity="1000000", price="9000.00", cost="9000.00")
    add_line(v1, commercial, name="整机", quantity="1", price="1000000000.00", cost="1000000000.00")
    line = add_line(v1, commercial, name="赠送", quantity="1", price="1000000000.00", discount="100", section="赠品")
    QuoteLine.objects.filter(pk=line.pk).update(tax_rate=Decimal("100"))
    v1.refresh_from_db()
    assert (v1.total_amount, v1.total_cost) == (Decimal("10000000000.00"), Decimal("10000000000.00"))
    assert_every_page_reads(client, v1, line, rep, commercial, admin=admin_user)
    client.force_login(commercial)
    api = client.get(f"/api/v1/quote-versions/{v1.pk}/").json()
    assert (api["total_amount"], api["total_cost"], api["margin_percent"]) == (
        "10000000000.00",
        "10000000000.00",
        "0.00",
    )

    with pytest.raises(ServiceError) as refused:
        add_line(v1, commercial, name="螺丝", quantity="1", price="0.01")
    assert refused.value.messages == [
        "The quote total would be ¥10,000,000,000.01, more than the "
        f"{TOTAL_LIMIT} a quote version can hold: lower a quantity or a price, or split the quote."
    ]
    with pytest.raises(ServiceError, match="The total cost would be ¥10,000,000,000.01"):
        add_line(v1, commercial, name="螺丝", quantity="1", price="0", cost="0.01")
    v1.refresh_from_db()
    assert (v1.line_count, v1.total_amount, v1.total_cost) == (3, Decimal("10000000000.00"), Decimal("10000000000.00"))
    assert not QuoteLine.objects.filter(name="螺丝").exists()


def test_the_reported_quantity_is_refused_by_the_form_and_nothing_breaks(client, v1, rep, commercial, admin_user):
    """The reproduction: quantity 99999999999.999 at ¥100 was accepted and broke every page."""
    client.force_login(rep)
    response = post_line(client, v1, quantity="99999999999.999", unit_price="100")
    assert response.status_code == 200
    assert response.context["line_form"].errors["quantity"] == ["Enter a value of at most 1,000,000."]
    assert 'value="99999999999.999"' in response.text  # what was typed is kept
    assert not QuoteLine.objects.exists()
    line = add_line(v1, rep, quantity="1", price="100")
    assert_every_page_reads(client, v1, line, rep, commercial, admin=admin_user)


def test_the_service_refuses_beyond_the_bounds_too(v1, rep, commercial):
    """The API, the configurator and a new version do not go through the form."""
    with pytest.raises(ServiceError) as refused:
        add_line(v1, commercial, quantity="1000000.001", price="1000000000.01", cost="1000000000.01")
    assert refused.value.messages == [
        "Quantity: Enter a value of at most 1,000,000.",
        f"Unit cost: Enter a value of at most {PRICE_LIMIT}.",
        f"Unit price: Enter a value of at most {PRICE_LIMIT}.",
    ]
    with pytest.raises(ServiceError, match="Discount %: Ensure this value is less than or equal to 100"):
        add_line(v1, rep, discount="100.01")
    assert not QuoteLine.objects.exists()


def test_a_line_at_the_price_maximum_on_a_version_at_ten_million(client, v1, rep, commercial, admin_user):
    """The second trigger: one line at the price field's own maximum on a version already at
    ¥10 million. The price field now stops at ¥1,000,000,000.00, and ten such units would
    take the version beyond its limit: both refused, with the limit."""
    first = add_line(v1, rep, quantity="1000", price="10000.00")
    client.force_login(rep)
    response = post_line(client, v1, quantity="1", unit_price="999999999999.99")
    assert response.context["line_form"].errors["unit_price"] == [f"Enter a value of at most {PRICE_LIMIT}."]
    v1.refresh_from_db()
    response = post_line(client, v1, quantity="10", unit_price="1000000000.00")
    assert response.status_code == 200
    assert response.context["line_form"].non_field_errors() == [
        "The quote total would be ¥10,010,000,000.00, more than the "
        f"{TOTAL_LIMIT} a quote version can hold: lower a quantity or a price, or split the quote."
    ]
    v1.refresh_from_db()
    assert (v1.line_count, v1.total_amount) == (1, Decimal("10000000.00"))
    assert_every_page_reads(client, v1, first, rep, commercial, admin=admin_user)


def test_an_edit_beyond_the_limit_is_refused_keeping_the_input(client, v1, rep):
    line = add_line(v1, rep, quantity="10", price="900000000.00")
    v1.refresh_from_db()
    client.force_login(rep)
    url = reverse("quotes:line_edit", args=[line.pk])
    data = {"name": line.name, "unit": "台", "quantity": "12", "unit_price": "900000000.00"}
    data.update({"discount_percent": "0", "tax_rate": "13", "version": v1.version})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "¥10,800,000,000.00" in response.context["form"].non_field_errors()[0]
    assert 'value="12"' in response.text
    line.refresh_from_db()
    assert line.quantity == Decimal("10.000")


@pytest.mark.parametrize(
    "crafted", ["NaN", "Infinity", "-Infinity", "sNaN", "1e400", "1e-999", "1" + "0" * 30, "1e999999999"]
)
def test_crafted_numbers_get_a_form_error(client, v1, rep, crafted):
    client.force_login(rep)
    for field in ("quantity", "unit_price", "discount_percent", "tax_rate"):
        response = post_line(client, v1, **{field: crafted})
        assert response.status_code == 200, field
        assert response.context["line_form"].errors.get(field), field
    response = client.post(
        reverse("quotes:product_add", args=[v1.pk]), {"product": "1", "quantity": crafted, "version": v1.version}
    )
    assert response.status_code == 302
    assert not QuoteLine.objects.exists()


def test_margin_far_below_zero_reads_in_the_api(client, v1, commercial):
    """A price of ¥0.01 against a cost of ¥1,000,000,000.00: the margin % is -9,999,999,999,900 %,
    wider than the API's fixed 8 digits used to allow."""
    add_line(v1, commercial, quantity="1", price="0.01", cost="1000000000.00")
    client.force_login(commercial)
    response = client.get("/api/v1/quote-versions/")
    assert response.status_code == 200
    assert response.json()["results"][0]["margin_percent"] == "-9999999999900.00"
    assert client.get(reverse("quotes:version", args=[v1.pk])).status_code == 200


def test_a_new_version_at_the_limit_copies_and_reads(client, quote, v1, rep, commercial):
    line = add_line(v1, rep, quantity="10", price="1000000000.00")
    v2 = services.version_create(quote=quote, user=rep, note="第二轮")
    assert v2.total_amount == Decimal("10000000000.00")
    assert_every_page_reads(client, v2, v2.lines.get(), rep, commercial)
    assert line.version_id == v1.pk


def _repair():
    module = importlib.import_module("presales.quotes.migrations.0004_repair_totals_beyond_their_columns")
    from django.apps import apps

    module.repair(apps, None)


def test_a_version_from_before_the_bounds_reads_and_can_be_mended(client, v1, rep, commercial, admin_user):
    """Rows the old code stored: the reported line (within its column, beyond today's bounds) and,
    on SQLite, a cached total beyond its column, which made every read of the version fail.
    PostgreSQL refused that total in the first place. After the repair every page reads; the
    owner can lower the line (a change that lowers an over-limit total is allowed) but cannot
    raise it, and the version cannot be sent to price review until it is within the bounds."""
    line = QuoteLine.objects.create(
        version=v1, name="摄像机", quantity=Decimal("99999999999.999"), unit_price=Decimal("100"), order=1
    )
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            QuoteVersion.objects.filter(pk=v1.pk).update(total_amount=Decimal("9999999999999.90"))
    else:
        QuoteVersion.objects.filter(pk=v1.pk).update(total_amount=Decimal("9999999999999.90"))
        with pytest.raises(Exception):  # noqa: B017 -- the defect: Django cannot read the row back
            QuoteVersion.objects.get(pk=v1.pk).total_amount  # noqa: B018
    _repair()
    v1.refresh_from_db()
    # SQLite: recomputed, still beyond the column, so its maximum; PostgreSQL: never stored.
    assert v1.total_amount == (Decimal("999999999999.99") if connection.vendor == "sqlite" else Decimal("0.00"))
    assert_every_page_reads(client, v1, line, rep, commercial, admin=admin_user)

    problems = services.submit_missing(v1)
    assert "摄像机 · Quantity: Enter a value of at most 1,000,000." in problems
    v1.refresh_from_db()
    with pytest.raises(ServiceError, match="Quantity: Enter a value of at most 1,000,000."):
        services.line_update(line=line, user=rep, data={"quantity": Decimal("2000000")}, seen_version=v1.version)
    services.line_update(line=line, user=rep, data={"quantity": Decimal("1000")}, seen_version=v1.version)
    v1.refresh_from_db()
    assert v1.total_amount == Decimal("100000.00")
    assert services.submit_missing(v1) == []


def test_a_change_that_lowers_an_over_limit_total_goes_through(v1, rep):
    """Two lines from before the bounds, each within today's line bounds but together beyond the
    version limit: deleting either is allowed (the total goes down), adding is not."""
    for order in (1, 2):
        QuoteLine.objects.create(
            version=v1, name=f"机柜{order}", quantity=Decimal("10"), unit_price=Decimal("1000000000"), order=order
        )
    services.refresh_totals(v1)
    v1.save()
    with pytest.raises(ServiceError, match="The quote total would be ¥20,000,000,000.01"):
        add_line(v1, rep, quantity="1", price="0.01")
    v1.refresh_from_db()
    services.line_delete(line=v1.lines.first(), user=rep, seen_version=v1.version)
    v1.refresh_from_db()
    assert (v1.line_count, v1.total_amount) == (1, Decimal("10000000000.00"))
