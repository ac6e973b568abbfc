"""The shared view and service helpers: one 404 for every unknown or crafted id, one 403
guard, one "next free number" for codes under a parent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from presales.customers.models import Customer
from presales.lib.services import next_numbered_code, require
from presales.lib.views import get_or_404
from presales.testing import make_customer


@pytest.mark.django_db
def test_get_or_404_returns_the_row(rep):
    customer = make_customer(rep, "浙江大学")
    assert get_or_404(Customer.objects.all(), pk=customer.pk) == customer


@pytest.mark.django_db
@pytest.mark.parametrize("pk", [999999, "abc", "", None, ["1"]])
def test_get_or_404_answers_404_for_unknown_and_crafted_ids(rep, pk):
    make_customer(rep, "浙江大学")
    with pytest.raises(Http404):
        get_or_404(Customer.objects.all(), pk=pk)


def test_require_refuses_with_403_and_its_message():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)
    with pytest.raises(PermissionDenied, match="only the owner"):
        require(False, "only the owner")


@pytest.mark.django_db
def test_next_numbered_code_counts_siblings_and_skips_codes_taken(rep):
    from presales.opportunities.models import Opportunity
    from presales.testing import make_opportunity

    opportunity = make_opportunity(rep, make_customer(rep, "浙江大学"))
    assert opportunity.code.endswith("1")
    prefix = opportunity.code[:-1]
    # No siblings: 1 would be next, but that code is taken, so 2.
    assert next_numbered_code(Opportunity.objects.none(), prefix) == f"{prefix}2"
    assert next_numbered_code(Opportunity.objects.all(), "X-") == "X-2"
