"""Refusals and missing pages explain themselves in the product's own pages, in Chinese."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from presales.testing import make_customer, make_opportunity


def test_another_reps_opportunity_answers_the_not_found_page(client, rep, other_rep):
    hidden = make_opportunity(other_rep, make_customer(other_rep, "宁波市公安局"))
    client.force_login(rep)

    response = client.get(reverse("opportunities:detail", args=[hidden.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-404"' in page
    assert "不存在" in page  # the Chinese explanation, not Django's bare "Not Found"
    assert hidden.name not in page


def test_a_forbidden_action_answers_the_not_allowed_page(client, finance, opportunity):
    client.force_login(finance)

    response = client.get(reverse("opportunities:edit", args=[opportunity.pk]))

    assert response.status_code == 403
    assert 'data-testid="error-403"' in response.content.decode()


@override_settings(DEBUG=True)
def test_in_debug_a_hidden_object_still_answers_the_products_page(client, rep, other_rep):
    hidden = make_opportunity(other_rep, make_customer(other_rep, "宁波市公安局"))
    client.force_login(rep)

    response = client.get(reverse("opportunities:detail", args=[hidden.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-404"' in page
    assert "Using the URLconf" not in page and "technical_404" not in page


@override_settings(DEBUG=True, PRESALES_OWN_404_IN_DEBUG=False)
def test_in_debug_the_technical_page_can_be_asked_for(client, rep, other_rep):
    hidden = make_opportunity(other_rep, make_customer(other_rep, "宁波市公安局"))
    client.force_login(rep)

    response = client.get(reverse("opportunities:detail", args=[hidden.pk]))

    assert response.status_code == 404
    assert 'data-testid="error-404"' not in response.content.decode()
