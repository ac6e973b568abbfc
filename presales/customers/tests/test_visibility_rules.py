"""The customers app learns from the apps built on it which customers a user sees through
them (customers.access.SeenThrough, registered in their AppConfig.ready), so it imports none
of them. The rule set itself is walked in presales/opportunities/tests/test_permissions.py."""

from __future__ import annotations

from presales.customers import access
from presales.customers.access import customers_visible_to, seen_through
from presales.customers.selectors import customer_list, with_visible_counts
from presales.opportunities.access import opportunities_visible_to
from presales.service_requests.access import accepted_without_opportunity


def test_the_opportunities_and_service_requests_apps_register_their_rules():
    rules = {rule.relation: rule for rule in seen_through()}
    assert list(rules) == ["opportunities", "service_requests"]
    assert rules["opportunities"].visible_to is opportunities_visible_to
    assert rules["opportunities"].count_as == "opportunity_count"
    # the engineer who accepted a request filed on a customer alone sees that customer
    assert rules["service_requests"].visible_to is accepted_without_opportunity
    assert rules["service_requests"].count_as == ""


def test_without_the_rule_a_presales_lead_sees_only_what_he_owns(monkeypatch, engineer, customer, opportunity):
    """The engineer leads the opportunity but owns no customer: the rule is all he sees by."""
    assert list(customers_visible_to(engineer)) == [customer]
    assert with_visible_counts(engineer, customer_list(engineer, {}))[0].opportunity_count == 1

    monkeypatch.setattr(access, "_seen_through", {})

    assert list(customers_visible_to(engineer)) == []
    owner = opportunity.sales_owner
    assert not hasattr(with_visible_counts(owner, customer_list(owner, {}))[0], "opportunity_count")
