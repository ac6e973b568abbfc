"""The configurator's "add to a quote" (quotes.views.add_configuration). What the configurator
page posts — the system rule, the values of its model code, the required current — goes
through a form that builds the configuration: a value or current it refuses is an error
shown with what was posted and nothing is added; only a built configuration reaches the
quote service, whose own refusals (the version's limits) are messages on the version page.
The rule is the catalog tests' IMPS{voltage}/{current} (system_rule, from quotes/tests/conftest)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from presales.catalog import configurator
from presales.catalog.models import Product, SystemRule
from presales.quotes import services
from presales.quotes.models import QuoteLine
from presales.quotes.selectors import configurator_section

pytestmark = pytest.mark.django_db

URL = reverse("quotes:add_configuration")


def posted(version, rule, **changes) -> dict:
    """What the configurator page's card posts for IMPS48/150, with `changes`."""
    return {
        "version_id": version.pk,
        "system_rule": rule.pk,
        "value_voltage": "48",
        "value_current": "150",
        "required_current": "90",
        **changes,
    }


def test_add_configuration_as_lines(client, rep, v1, system_rule, monkeypatch):
    captured = {}
    configure = configurator.configure

    def recording_configure(rule, values, required_current=None):
        captured.update(rule=rule, values=values, required=required_current)
        return configure(rule, values, required_current=required_current)

    monkeypatch.setattr(configurator, "configure", recording_configure)
    client.force_login(rep)

    response = client.post(URL, posted(v1, system_rule))

    assert response.status_code == 302 and response.url == reverse("quotes:version", args=[v1.pk]) + "#lines"
    assert captured["rule"] == system_rule
    assert captured["values"] == {"voltage": "48", "current": "150"} and captured["required"] == Decimal("90")
    lines = {line.model_code: line for line in QuoteLine.objects.filter(version=v1).select_related("section")}
    assert set(lines) == {"IMPS-CAB", "ZHR4830", "ZHM05", "QF-MOD"}
    module = lines["ZHR4830"]  # 90 A ÷ 50 A → 2 + 1 redundant
    assert (module.section.name, module.quantity, module.unit_price, module.unit_cost) == (
        "IMPS48/150",
        Decimal("3"),
        Decimal("3000.00"),
        Decimal("1800.00"),
    )


def test_add_configuration_with_the_current_of_the_code(client, rep, v1, system_rule):
    """An empty required current is the current of the model code (150 A → 3 + 1 modules)."""
    client.force_login(rep)

    response = client.post(URL, posted(v1, system_rule, required_current=""))

    assert response.status_code == 302
    assert QuoteLine.objects.get(version=v1, model_code="ZHR4830").quantity == Decimal("4")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("abc", "Enter a number."),
        ("-5", "Ensure this value is greater than or equal to 0."),
        ("0", "The required output current must be greater than zero."),
        ("100000.01", "at most 100,000"),
        ("1e999999999", "Ensure that there are no more than 10 digits in total."),
        ("sNaN", "Enter a number."),
    ],
)
def test_invalid_required_current_is_a_form_error_and_adds_nothing(client, rep, v1, system_rule, typed, error):
    client.force_login(rep)

    response = client.post(URL, posted(v1, system_rule, required_current=typed))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "quotes/add_configuration.html"
    form = response.context["form"]
    assert any(error in message for message in form.errors["required_current"]), form.errors
    html = response.content.decode()
    assert error.replace("“", "&ldquo;") in html or error in html
    assert f'value="{typed}"' in html  # what was posted is kept, to correct and post again
    assert not list(response.context["messages"])
    assert not QuoteLine.objects.exists()
    v1.refresh_from_db()
    assert v1.line_count == 0


def test_a_value_the_rule_does_not_allow_is_an_error_on_its_field(client, rep, v1, system_rule):
    client.force_login(rep)

    response = client.post(URL, posted(v1, system_rule, value_voltage="36", value_current=""))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["value_voltage"] == [
        "标称电压 “36” V is not allowed for IMPS 通信电源系统 (allowed: 24, 48, 110, 220)."
    ] and errors["value_current"] == ["This field is required."]
    assert 'name="required_current" value="90"' in response.content.decode()
    assert not QuoteLine.objects.exists()


def test_corrected_input_posted_again_adds_the_lines(client, rep, v1, system_rule):
    client.force_login(rep)
    assert client.post(URL, posted(v1, system_rule, required_current="abc")).status_code == 200

    response = client.post(URL, posted(v1, system_rule, required_current="151"))

    assert response.status_code == 302
    assert QuoteLine.objects.get(version=v1, model_code="ZHR4830").quantity == Decimal("5")  # 4 + 1


def test_a_bom_or_total_beyond_the_bounds_is_refused_and_nothing_stored(client, rep, v1, system_rule):
    """The configurator's "add to quote" does not go through the line form: a BOM beyond a
    quote line's bounds is a form error, a version total beyond its limit the service's
    refusal, shown on the version page."""
    SystemRule.objects.filter(pk=system_rule.pk).update(module_rating_a=Decimal("0.01"))
    client.force_login(rep)
    response = client.post(URL, posted(v1, system_rule, required_current="99999"))
    assert response.status_code == 200
    assert any("a quote line can hold" in e for e in response.context["form"].non_field_errors())
    assert not QuoteLine.objects.exists()

    SystemRule.objects.filter(pk=system_rule.pk).update(module_rating_a=Decimal("50"))
    Product.objects.filter(pk=system_rule.cabinet_product_id).update(list_price=Decimal("1000000000.00"))
    system_rule.refresh_from_db()
    for _ in range(10):  # ten cabinets at the price limit: the version limit exactly
        services.line_add_product(version=v1, user=rep, product=system_rule.cabinet_product, quantity=Decimal("1"))
    response = client.post(URL, posted(v1, system_rule, required_current="150"), follow=True)
    assert response.status_code == 200
    assert any(
        "more than the ¥10,000,000,000.00 a quote version can hold" in str(m) for m in response.context["messages"]
    )
    v1.refresh_from_db()
    assert (v1.line_count, v1.total_amount) == (10, Decimal("10000000000.00"))
    assert client.get(reverse("quotes:version", args=[v1.pk])).status_code == 200


def test_other_rep_cannot_add_to_a_version_he_does_not_see(client, other_rep, v1, system_rule):
    client.force_login(other_rep)

    assert client.post(URL, posted(v1, system_rule)).status_code == 404
    assert not QuoteLine.objects.exists()


def test_the_card_lists_the_drafts_from_its_section_context(rf, rep, v1, django_assert_num_queries):
    """The drafts come in through the section's context (read once); rendering the card runs
    no query."""
    configuration = type(
        "C", (), {"system_rule": type("R", (), {"pk": 7})(), "values": {"voltage": "48"}, "required_current": None}
    )()
    context = configurator_section(configuration, rep)
    request = rf.get("/")
    request.user = rep

    with django_assert_num_queries(0):
        html = render_to_string("quotes/_add_configuration.html", context, request=request)

    assert [v.pk for v in context["draft_versions"]] == [v1.pk]
    assert f'value="{v1.pk}"' in html and 'name="value_voltage" value="48"' in html


def test_a_crafted_version_or_rule_is_404(client, rep, v1, system_rule):
    client.force_login(rep)
    for crafted in ("x", "²", "-1", str(2**64), ""):
        assert client.post(URL, posted(v1, system_rule, version_id=crafted)).status_code == 404, crafted
        assert client.post(URL, posted(v1, system_rule, system_rule=crafted)).status_code == 404, crafted
    assert not QuoteLine.objects.exists()
