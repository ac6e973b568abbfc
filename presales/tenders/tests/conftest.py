"""Builders for the tender tests, through the services as users would: an opportunity walked
to 招标, a registered tender, a tender decided to bid with its package and reviews done."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from presales.testing import walk_to


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
def in_tender(opportunity, engineer, manager):
    """The rep's opportunity (led by the engineer) walked to the 招标 stage."""
    return walk_to(opportunity, "tender", worker=engineer, approver=manager)


def tender_data(**changes) -> dict:
    now = timezone.now().replace(second=0, microsecond=0)
    data = {
        "number": "ZJDL-2026-018",
        "title": "220kV变电站直流电源系统采购",
        "buyer": "",
        "agency": "浙江省招标咨询有限公司",
        "evaluation_method": "comprehensive",
        "questions_due_at": now + timedelta(days=5),
        "submission_due_at": now + timedelta(days=12),
        "opening_at": now + timedelta(days=12),
        "bond_amount": Decimal("50000.00"),
    }
    data.update(changes)
    return data


def register(opportunity, user, **changes):
    from presales.tenders import services

    return services.tender_register(opportunity=opportunity, user=user, data=tender_data(**changes))


@pytest.fixture
def tender(in_tender, rep):
    return register(in_tender, rep)


def score_all(tender, user, score: int = 4):
    from presales.tenders import services
    from presales.tenders.models import BidCriterion

    for criterion in BidCriterion.objects.filter(is_active=True):
        services.decision_score(tender=tender, user=user, criterion=criterion, score=score, note="")


@pytest.fixture
def bidding(tender, engineer, manager):
    """The tender scored by the engineer and decided "bid" by the manager."""
    from presales.tenders import services

    score_all(tender, engineer)
    services.decision_record(tender=tender, user=manager, decision="bid", reason="产品匹配、关系良好")
    tender.refresh_from_db()
    return tender


def make_ready(tender, user, cross_reviewer):
    """Every review check passed (the self-review by `user`, the cross-review by
    `cross_reviewer`) and every required package item given a file."""
    from presales.tenders import services
    from presales.testing import upload

    for review in tender.reviews.all():
        reviewer = cross_reviewer if review.kind == "cross" else user
        services.review_set_result(review=review, user=reviewer, result="pass")
    for item in tender.package.filter(required=True):
        services.package_item_attach_file(item=item, user=user, file=upload(f"{item.item_type.name}.pdf"))
