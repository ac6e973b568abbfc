"""Regressions found in review: list-sized queries of the "add to quote" drafts, and
user-facing texts that bypassed the translation catalogue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.opportunities.services import opportunity_member_add
from presales.quotes import access, selectors, services
from presales.quotes.models import Quote, QuoteVersion
from presales.testing import make_customer, make_opportunity

pytestmark = pytest.mark.django_db


def _drafts(owner, member, n, start=0):
    customer = make_customer(owner, f"客户{start}")
    for i in range(start, start + n):
        opportunity = make_opportunity(owner, customer, name=f"项目{i}")
        opportunity_member_add(opportunity=opportunity, user=owner, member=member, role="presales")
        services.quote_create(user=owner, opportunity=opportunity, title=f"报价{i}")


@pytest.mark.parametrize("persona", ["other_engineer", "finance", "commercial", "rep"])
def test_editable_versions_match_can_edit_in_fixed_queries(request, rep, other_engineer, persona):
    user = request.getfixturevalue(persona)
    _drafts(rep, other_engineer, 2)
    user = type(user).objects.get(pk=user.pk)  # fresh role cache, as in a request
    with CaptureQueriesContext(connection) as few:
        selectors.editable_versions(user)
    _drafts(rep, other_engineer, 6, start=10)
    user = type(user).objects.get(pk=user.pk)  # fresh role cache
    with CaptureQueriesContext(connection) as many:
        versions = selectors.editable_versions(user)
    assert len(few) == len(many)
    expected = {
        v.pk for v in QuoteVersion.objects.select_related("quote__opportunity") if access.can_edit(user, v.quote)
    }
    assert {v.pk for v in versions} == expected
    assert len(expected) == (0 if persona == "finance" else 8)


def test_closed_opportunity_drafts_are_not_offered(rep, opportunity, quote):
    assert [v.quote_id for v in selectors.editable_versions(rep)] == [quote.pk]
    opportunity.status, opportunity.close_reason = "lost", "价格"
    opportunity.save(update_fields=["status", "close_reason"])
    assert selectors.editable_versions(rep) == []


def test_new_quote_title_is_translated(client, rep, opportunity):
    client.force_login(rep)
    response = client.get(reverse("quotes:create") + f"?opportunity={opportunity.pk}")
    assert response.context["form"].initial["title"] == f"{opportunity.name} quote list"
    assert Quote.objects.count() == 0
