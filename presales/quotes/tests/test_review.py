"""Price review (PCST): routing by margin thresholds at each boundary, submission rules,
the hooks (approved / returned / withdrawn) and the 投标 deliverable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from presales.approvals.models import Approval, ApprovalTemplateStep
from presales.approvals.services import approval_withdraw
from presales.lib.services import ServiceError
from presales.opportunities.models import Deliverable
from presales.quotes import services
from presales.quotes.models import VersionStatus
from presales.quotes.tests.conftest import add_line, set_margin
from presales.testing import decide_pending


@pytest.fixture
def approvers(manager, sales_head, general_manager):
    return manager, sales_head, general_manager


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        ("30", ["售前主管审核"]),
        ("25", ["售前主管审核"]),
        ("24.99", ["售前主管审核", "销售主管审核"]),
        ("15", ["售前主管审核", "销售主管审核"]),
        ("14.99", ["售前主管审核", "销售主管审核", "总经理审批"]),
        ("0", ["售前主管审核", "销售主管审核", "总经理审批"]),
    ],
)
@pytest.mark.parametrize("purpose", ["bid", "contract"])
def test_threshold_routing_at_each_boundary(v1, rep, commercial, approvers, percent, expected, purpose):
    set_margin(v1, commercial, percent)
    v1.refresh_from_db()
    assert v1.margin_percent == Decimal(percent)
    services.submit_for_review(version=v1, user=rep, purpose=purpose)
    approval = Approval.objects.for_target(v1).get()
    assert approval.template.code == f"price_review_{purpose}"
    assert [s.name for s in approval.steps.order_by("order")] == expected
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW and v1.purpose == purpose


def test_thresholds_are_data_an_admin_changes(v1, rep, commercial, approvers):
    set_margin(v1, commercial, "27")
    ApprovalTemplateStep.objects.filter(template__code="price_review_bid", name="销售主管审核").update(
        condition_value="30"
    )
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    assert Approval.objects.for_target(v1).get().steps.count() == 2


def test_submit_needs_lines_and_no_zero_price(v1, rep, commercial, approvers):
    with pytest.raises(ServiceError, match="no line"):
        services.submit_for_review(version=v1, user=rep, purpose="bid")
    add_line(v1, commercial, name="赠品", price="0")
    with pytest.raises(ServiceError, match="赠品.*priced 0"):
        services.submit_for_review(version=v1, user=rep, purpose="bid")
    assert not Approval.objects.for_target(v1).exists()


def test_who_may_submit(v1, commercial, finance, other_rep, approvers, engineer):
    set_margin(v1, commercial, "30")
    with pytest.raises(PermissionDenied):
        services.submit_for_review(version=v1, user=finance, purpose="bid")
    with pytest.raises(PermissionDenied):
        services.submit_for_review(version=v1, user=other_rep, purpose="bid")
    services.submit_for_review(version=v1, user=engineer, purpose="bid")  # the presales lead


def test_approved_bid_price_is_the_bid_stage_deliverable(v1, rep, commercial, approvers, quote):
    manager, sales_head, _gm = approvers
    set_margin(v1, commercial, "20")
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    decide_pending(v1, manager)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW  # the sales head still has to approve
    decide_pending(v1, sales_head)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.APPROVED
    deliverable = Deliverable.objects.get(opportunity=quote.opportunity, deliverable_type__fulfilled_by="price_review")
    assert deliverable.title == f"{quote.code} v1 bid price ¥10,000.00"  # through gettext
    assert deliverable.source_url.endswith(f"/quotes/versions/{v1.pk}/")


def test_contract_price_approval_records_no_bid_deliverable_and_supersedes(v1, rep, commercial, approvers, quote):
    manager = approvers[0]
    set_margin(v1, commercial, "40")
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    decide_pending(v1, manager)
    v2 = services.version_create(quote=quote, user=rep, note="客户要求降价")
    v1.refresh_from_db()
    assert v2.lines.count() == 1 and v2.total_amount == v1.total_amount
    services.submit_for_review(version=v2, user=rep, purpose="contract")
    decide_pending(v2, manager)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (VersionStatus.SUPERSEDED, VersionStatus.APPROVED)
    assert (
        Deliverable.objects.filter(opportunity=quote.opportunity, deliverable_type__fulfilled_by="price_review").count()
        == 1
    )


def test_rejected_is_returned_with_reasons_and_withdrawn_is_draft(v1, rep, commercial, approvers, quote):
    manager = approvers[0]
    set_margin(v1, commercial, "30")
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    decide_pending(v1, manager, approve=False, comment="毛利过低，重新核价")
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETURNED and "重新核价" in v1.return_reasons
    with pytest.raises(ServiceError, match="only a draft"):
        add_line(v1, commercial)
    with pytest.raises(ServiceError, match="reason of change"):
        services.version_create(quote=quote, user=rep, note=" ")
    v2 = services.version_create(quote=quote, user=rep, note="重新核价")
    services.submit_for_review(version=v2, user=rep, purpose="bid")
    approval_withdraw(approval=Approval.objects.for_target(v2).pending().get(), user=rep, reason="改价")
    v2.refresh_from_db()
    v1.refresh_from_db()
    assert v2.status == VersionStatus.DRAFT and v2.purpose == ""
    assert v1.status == VersionStatus.SUPERSEDED


def test_general_manager_decides_only_below_15_percent_and_after_the_sales_head(v1, rep, commercial, approvers):
    manager, sales_head, general_manager = approvers
    set_margin(v1, commercial, "14.99")
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    with pytest.raises(ServiceError, match="not started yet"):  # his step follows the sales head's
        decide_pending(v1, general_manager)
    decide_pending(v1, manager)
    decide_pending(v1, sales_head)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW  # still waiting for the general manager
    decide_pending(v1, general_manager)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.APPROVED


def test_general_manager_is_not_asked_from_15_percent_on(v1, rep, commercial, approvers):
    general_manager = approvers[2]
    set_margin(v1, commercial, "15")
    services.submit_for_review(version=v1, user=rep, purpose="bid")
    with pytest.raises(PermissionDenied):
        decide_pending(v1, general_manager)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW


def test_general_manager_may_submit_but_not_edit(v1, commercial, approvers):
    """quotes.access: can_submit names the general manager; can_edit (= can_contribute on the
    opportunity) does not."""
    general_manager = approvers[2]
    set_margin(v1, commercial, "30")
    with pytest.raises(PermissionDenied):
        add_line(v1, general_manager)
    with pytest.raises(PermissionDenied):
        services.version_create(quote=v1.quote, user=general_manager, note="改价")
    services.submit_for_review(version=v1, user=general_manager, purpose="bid")
    v1.refresh_from_db()
    assert v1.status == VersionStatus.IN_REVIEW and v1.lines.count() == 1
