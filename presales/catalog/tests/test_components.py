from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from presales.catalog import selectors
from presales.catalog.models import Brand, Component, ComponentPrice

pytestmark = pytest.mark.django_db


def test_brand_comparison_numbers(breakers):
    comparison = selectors.brand_comparison(selectors.components_with_prices(breakers["category"]))
    assert [b.name for b in comparison.brands] == ["西门子", "ABB", "施耐德"]
    assert comparison.percents[("西门子", "ABB")] == Decimal("3.0")
    assert comparison.percents[("ABB", "施耐德")] == Decimal("19.0")
    assert comparison.percents[("ABB", "西门子")] == Decimal("-2.9")  # 100/103
    assert len(comparison.statements) == 2
    assert "3%" in comparison.statements[0] and "19%" in comparison.statements[1]


def test_current_price_is_latest_not_future(breakers):
    component = Component.objects.get(model="ABB-3P 63A")
    annotated = selectors.components_with_prices(breakers["category"]).get(pk=component.pk)
    assert annotated.current_price == Decimal("100.00")
    assert annotated.current_price_on == date(2024, 1, 1)


def test_comparison_only_over_same_spec(breakers):
    lonely = Brand.objects.create(name="良信")
    component = Component.objects.create(category=breakers["category"], brand=lonely, model="NDM", spec="4P 100A")
    ComponentPrice.objects.create(component=component, price=Decimal("500"), effective_on=date(2024, 1, 1))
    comparison = selectors.brand_comparison(selectors.components_with_prices(breakers["category"]))
    assert ("良信", "ABB") not in comparison.percents
    assert comparison.percents[("西门子", "ABB")] == Decimal("3.0")


def test_component_page_shows_prices_and_comparison_to_cost_roles(client, breakers, commercial):
    client.force_login(commercial)
    response = client.get(reverse("catalog:components"), {"category": breakers["category"].pk})
    html = response.content.decode()
    assert 'data-testid="brand-comparison"' in html
    assert "+3.00%" in html and "+19.00%" in html
    assert "¥103.00" in html and "¥84.03" in html
    assert "施耐德" in html.split('data-testid="default-brand"')[1][:200]


@pytest.mark.parametrize("persona", ["rep", "engineer"])
def test_component_page_hides_prices_from_others(client, breakers, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("catalog:components"), {"category": breakers["category"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ABB-3P 63A" in html  # the components themselves are visible
    assert "brand-comparison" not in html and "103.00" not in html and "19%" not in html
    detail = client.get(reverse("catalog:component", args=[Component.objects.get(model="ABB-3P 63A").pk]))
    assert detail.status_code == 200 and "100.00" not in detail.content.decode()


def test_component_page_query_count_is_fixed(client, breakers, commercial):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(commercial)
    url = reverse("catalog:components")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"category": breakers["category"].pk})
    brands = [Brand.objects.create(name=f"B{i}") for i in range(10)]
    for i, brand in enumerate(brands):
        for spec in ("3P 63A", "1P 16A"):
            c = Component.objects.create(category=breakers["category"], brand=brand, model=f"M{i}{spec}", spec=spec)
            ComponentPrice.objects.create(component=c, price=Decimal(100 + i), effective_on=date(2024, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"category": breakers["category"].pk})
    assert "B9" in response.content.decode()
    assert len(few) == len(many) <= 14


def test_price_recorded_by_commercial_refused_for_rep(client, breakers, commercial, rep):
    component = Component.objects.get(model="ABB-3P 63A")
    url = reverse("catalog:component", args=[component.pk])
    client.force_login(rep)
    assert client.post(url, {"price": "90", "effective_on": "2024-06-01"}).status_code == 403
    client.force_login(commercial)
    response = client.post(url, {"price": "90", "effective_on": "2024-06-01", "source": "报价单"})
    assert response.status_code == 302
    annotated = selectors.components_with_prices(breakers["category"]).get(pk=component.pk)
    assert annotated.current_price == Decimal("90.00")
    assert ComponentPrice.objects.get(component=component, effective_on=date(2024, 6, 1)).created_by == commercial
