"""Sources for the search tests: customers (a real model with its real visibility rule,
presales/customers/access.py) and a fixed corpus written straight through the bulk path."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import sees_all
from presales.customers.access import customers_visible_to
from presales.customers.models import Customer, Industry
from presales.search import registry, text
from presales.search.models import SearchEntry
from presales.search.registry import Passage, Source
from presales.search.services import write_passages
from presales.search.tests.corpus import PASSAGES

CUSTOMER = "test_customer"
CORPUS = "test_corpus"


def customer_passage(customer: Customer) -> Passage | None:
    if customer.status == "dormant":  # a dormant customer is left out of the index (test_indexing)
        return None
    return Passage(
        title=customer.name,
        body=customer.notes,
        keywords=customer.short_name,
        url=f"/customers/{customer.pk}/",
        industry=customer.industry,
        year=customer.created_at.year if customer.created_at else None,
    )


@pytest.fixture(autouse=True)
def _fresh_words():
    """Words added by a test are rolled back with it: reload them at the next use."""
    text.invalidate()
    yield
    text.invalidate()


@pytest.fixture
def customer_source(db):
    registry.register(
        Source(
            type=CUSTOMER,
            label=_("Customer"),
            model="customers.Customer",
            document=customer_passage,
            queryset=lambda: Customer.objects.all(),
            visible=lambda user: None if sees_all(user) else customers_visible_to(user).values("pk"),
            order=10,
        )
    )
    registry.register_facet_labels("industry", lambda: dict(Industry.choices))
    yield CUSTOMER
    registry.unregister(CUSTOMER)


@pytest.fixture
def reader(manager):
    """Who searches the corpus: a manager, who sees every row of whatever else is registered."""
    return manager


@pytest.fixture
def corpus(db):
    """The corpus of corpus.py as entries of a source of its own (seen by everyone); returns
    {key: object_id}, object ids in the corpus order so ties break the same way everywhere."""
    registry.register(
        Source(
            type=CORPUS,
            label="语料",
            model="",
            document=lambda obj: None,
            queryset=lambda: SearchEntry.objects.none(),
            visible=lambda user: None,
        )
    )
    ids = {key: n for n, (key, _t, _b) in enumerate(PASSAGES, start=1)}
    write_passages(CORPUS, {ids[key]: Passage(title=title, body=body) for key, title, body in PASSAGES})
    yield ids
    registry.unregister(CORPUS)
