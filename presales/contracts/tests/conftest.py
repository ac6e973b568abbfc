"""Builders for the contracts tests: contracts go through the services, as users would;
approved quote versions are written directly (the quotes app is tested on its own)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from presales.contracts import services
from presales.testing import walk_to


def pdf(name: str = "合同草稿.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 contract", content_type="application/pdf")


def make_quote_version(opportunity, user, *, total="1000000.00", cost="700000.00", status="approved", code="BJ-1"):
    from presales.quotes.models import Quote, QuoteVersion

    quote = Quote.objects.create(opportunity=opportunity, code=code, title="园区安防报价", created_by=user)
    return QuoteVersion.objects.create(
        quote=quote,
        number=1,
        status=status,
        purpose="contract",
        total_amount=Decimal(total),
        total_cost=Decimal(cost),
        created_by=user,
    )


def draft(opportunity, user, *, file=True, **data):
    values = {"payment_terms": "签订后付30%，验收后付70%", **data}
    return services.contract_create(user=user, opportunity=opportunity, data=values, file=pdf() if file else None)


@pytest.fixture
def reviewers(service_mgmt, commercial, finance):
    return service_mgmt, commercial, finance


@pytest.fixture
def won(opportunity, engineer, manager, sales_head):
    """The rep's opportunity walked into 实施 (the tender won)."""
    return walk_to(opportunity, "implementation", worker=engineer, approver=manager)


@pytest.fixture
def quote_version(won, rep):
    return make_quote_version(won, rep)


@pytest.fixture
def contract(won, rep, quote_version, reviewers):
    return draft(won, rep, quote_version=quote_version)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the Chinese catalogue is tested apart."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    return client
