"""Builders for the answer library tests: categories with owners, products, entries — through
the services, as users would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from presales.answers import services
from presales.answers.models import AnswerCategory
from presales.catalog.models import Product, ProductCategory
from presales.testing import make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


@pytest.fixture
def keeper(db):
    """A presales engineer who owns the power-supply category (approves its changes)."""
    return make_user("keeper", "presales_engineer", full_name="黄工")


@pytest.fixture
def power(keeper):
    return AnswerCategory.objects.create(name="电源系统", owner=keeper)


@pytest.fixture
def video(keeper):
    return AnswerCategory.objects.create(name="视频监控", owner=keeper)


@pytest.fixture
def rectifier(db):
    category = ProductCategory.objects.create(name="模块", order=1)
    return Product.objects.create(
        model_code="IMPS48/150", name="高频开关整流模块", category=category, list_price=Decimal("3000")
    )


@pytest.fixture
def make_entry(engineer, power):
    def make(requirement="整流模块效率不小于93%", answer="整流模块效率≥95%", *, user=None, approve_by=None, **data):
        entry = services.entry_create(
            user=user or engineer,
            data={"category": data.pop("category", power), "requirement": requirement, "answer": answer, **data},
        )
        if approve_by is not None:
            entry = services.entry_approve(user=approve_by, entry=entry)
        return entry

    return make
