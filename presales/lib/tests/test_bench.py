"""The benchmark's own pieces (bench/): its data generator writes consistent rows, and the floor
view answers. Speed is never asserted here: the benchmark is run by hand (`make bench`)."""

from __future__ import annotations

import pytest
from django.db.models import F

from bench.generate import BENCH_PASSWORD, PROFILES, generate
from presales.accounts.models import User
from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus
from presales.opportunities.models import Deliverable, Opportunity, OpportunityTask
from presales.quotes.models import QuoteLine, QuoteVersion
from presales.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_small_profile_writes_consistent_rows():
    counts = generate("small", verbose=False)
    profile = PROFILES["small"]
    assert counts["opportunities"] == Opportunity.objects.count() == profile.opportunities
    for what in ("users", "customers", "stage tasks", "deliverables", "approvals", "service requests", "quotes"):
        assert counts[what] > 0, what
    # every opportunity sits in a stage of its own template
    assert not Opportunity.objects.exclude(current_stage__template=F("template")).exists()
    # tasks only of stages the opportunity reached, each for a stage of its template
    assert not OpportunityTask.objects.filter(stage__order__gt=F("opportunity__current_stage__order")).exists()
    assert not OpportunityTask.objects.exclude(stage__template=F("opportunity__template")).exists()
    # closed opportunities carry their reason (the model's check constraint holds anyway)
    assert not Opportunity.objects.exclude(status="active").filter(close_reason="").exists()
    # every deliverable has its approval round, pending ones have approvers to decide
    assert Approval.objects.count() == Deliverable.objects.count()
    assert Approval.objects.filter(status=ApprovalStatus.PENDING).exists()
    assert ApprovalAssignment.objects.filter(step__approval__status=ApprovalStatus.PENDING, outcome="").exists()
    # dispatch has work; versions carry the totals of their lines
    assert ServiceRequest.objects.filter(status__in=["submitted", "assigned"]).count() == profile.queued_requests
    biggest = QuoteVersion.objects.order_by("-line_count").first()
    assert biggest.line_count == QuoteLine.objects.filter(version=biggest).count() == profile.big_version_lines
    assert QuoteLine.objects.count() == profile.quote_lines


@pytest.mark.urls("bench.urls")
def test_floor_view_answers_the_logged_in_user(client):
    generate("small", verbose=False)
    rep = User.objects.get(username="bench_rep")
    assert rep.check_password(BENCH_PASSWORD)  # the load logs in through the form with it
    client.force_login(rep)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    own = Opportunity.objects.filter(sales_owner__username="bench_rep").order_by("-created_at").first()
    assert own.code in response.content.decode()


@pytest.mark.urls("bench.urls")
def test_floor_view_wants_a_login(client):
    assert client.get("/bench/floor/").status_code == 302


def test_the_product_does_not_serve_the_floor(client):
    assert client.get("/bench/floor/").status_code == 404
