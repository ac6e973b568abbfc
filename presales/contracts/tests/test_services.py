"""Contract drafting, contract review (合同评审), signing and the 实施 deliverable."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from presales.approvals.models import Approval, ApprovalStatus
from presales.contracts import services
from presales.contracts.models import ContractFileKind, ContractKind, ContractStatus
from presales.contracts.tests.conftest import draft, make_quote_version, pdf
from presales.lib.services import ServiceError
from presales.opportunities.models import Deliverable
from presales.opportunities.services import gate_missing
from presales.testing import decide_pending, make_opportunity, make_user, walk_to


def test_create_refused_outside_implementation(opportunity, rep):
    with pytest.raises(ServiceError) as exc:
        draft(opportunity, rep)
    message = exc.value.messages[0]
    assert "implementation stage" in message
    assert opportunity.current_stage.name in message


def test_defaults_from_opportunity_and_approved_quote(won, rep, quote_version):
    contract = draft(won, rep, quote_version=quote_version)
    year = timezone.localdate().year
    assert contract.number == f"HT-{year}-0001"
    assert contract.kind == ContractKind.PURCHASE  # a tender project → 采购合同
    assert contract.party_a == won.customer.name
    assert contract.party_b == "本公司"
    assert contract.amount == Decimal("1000000.00")
    assert contract.title == won.name
    assert contract.status == ContractStatus.DRAFT
    assert draft(won, rep).number == f"HT-{year}-0002"


def test_party_b_defaults_to_the_company_name_setting(won, rep, settings):
    settings.PRESALES_COMPANY_NAME = "华辰能源科技股份有限公司"
    assert draft(won, rep).party_b == "华辰能源科技股份有限公司"
    assert draft(won, rep, party_b="  ").party_b == "华辰能源科技股份有限公司"


def test_kind_without_tender_is_sales_contract(rep, engineer, manager, customer):
    opp = make_opportunity(rep, customer, name="无招标项目", presales_lead=engineer, has_tender=False)
    opp = walk_to(opp, "implementation", worker=engineer, approver=manager)
    assert draft(opp, rep).kind == ContractKind.SALES


def test_typed_number_must_be_unique(won, rep):
    draft(won, rep, number="HT-CUSTOM-1")
    with pytest.raises(ServiceError, match="already used"):
        draft(won, rep, number="HT-CUSTOM-1")


def test_quote_version_must_be_approved_and_of_this_opportunity(won, rep, customer, engineer):
    unapproved = make_quote_version(won, rep, status="in_review", code="BJ-2")
    with pytest.raises(ServiceError, match="not approved"):
        draft(won, rep, quote_version=unapproved)
    other = make_opportunity(rep, customer, name="另一个项目", presales_lead=engineer)
    foreign = make_quote_version(other, rep, code="BJ-3")
    with pytest.raises(ServiceError, match="another opportunity"):
        draft(won, rep, quote_version=foreign)


def test_engineer_may_not_draft(won, engineer):
    with pytest.raises(PermissionDenied):
        draft(won, engineer)


def test_submit_lists_what_is_missing(won, rep, reviewers):
    contract = draft(won, rep, file=False, payment_terms="")
    with pytest.raises(ServiceError) as exc:
        services.contract_submit(contract=contract, user=rep)
    assert exc.value.messages == [
        "The contract amount must be greater than zero.",
        "The payment terms are missing.",
        "Upload the contract draft first.",
    ]
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT
    assert not Approval.objects.for_target(contract).exists()


def test_review_three_parallel_steps_then_approved(contract, rep, service_mgmt, commercial, finance):
    services.contract_submit(contract=contract, user=rep, note="请审核")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_REVIEW
    approval = Approval.objects.for_target(contract).get()
    steps = {s.name: s for s in approval.steps.all()}
    assert set(steps) == {"服管部审核", "商务审核", "财务审核"}
    assert {s.status for s in steps.values()} == {"pending"}
    assert [a.approver for a in steps["服管部审核"].assignments.all()] == [service_mgmt]
    decide_pending(contract, service_mgmt)
    decide_pending(contract, commercial)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_REVIEW  # finance still waits
    decide_pending(contract, finance)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED


def test_any_reject_returns_with_reason_then_round_two(contract, rep, service_mgmt, commercial, finance):
    services.contract_submit(contract=contract, user=rep)
    decide_pending(contract, commercial)
    decide_pending(contract, service_mgmt, approve=False, comment="违约条款需按服管部意见修改")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.RETURNED
    assert contract.return_reasons == "违约条款需按服管部意见修改"
    assert Approval.objects.for_target(contract).get().status == ApprovalStatus.REJECTED
    # fix and resubmit: a second round
    services.contract_update(
        contract=contract, user=rep, data={"payment_terms": "按意见修改"}, seen_version=contract.version
    )
    services.contract_submit(contract=contract, user=rep)
    rounds = list(Approval.objects.for_target(contract).order_by("round"))
    assert [r.round for r in rounds] == [1, 2]
    assert rounds[1].status == ApprovalStatus.PENDING
    for person in (service_mgmt, commercial, finance):
        decide_pending(contract, person)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED
    assert contract.return_reasons == ""


def test_withdraw_returns_to_draft(contract, rep):
    from presales.approvals.services import approval_withdraw

    services.contract_submit(contract=contract, user=rep)
    approval_withdraw(approval=Approval.objects.for_target(contract).get(), user=rep, reason="金额有误")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT


def test_the_only_commercial_person_submits_her_contract_her_step_is_signed(won, commercial, service_mgmt, finance):
    """商务人员将定稿合同提交服管部审核: the team's only commercial person submits; her own step
    is signed by the submission, service management and finance decide."""
    contract = draft(won, commercial, amount=Decimal("500000"))
    services.contract_submit(contract=contract, user=commercial)

    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_REVIEW
    approval = Approval.objects.for_target(contract).get()
    signed = approval.steps.get(name="商务审核")
    assert signed.status == "approved"
    [own] = signed.assignments.all()
    assert (own.approver, own.outcome, own.by_submission) == (commercial, "approve", True)
    assert own.shown_comment == "The submitter is this step's approver: signed by the submission."
    assert sorted(s.name for s in approval.steps.filter(status="pending")) == ["服管部审核", "财务审核"]
    with pytest.raises(ServiceError, match="cannot approve your own submission"):
        decide_pending(contract, commercial)
    decide_pending(contract, service_mgmt)
    decide_pending(contract, finance)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED


def test_commercial_submitter_is_not_asked_another_commercial_is(won, commercial, service_mgmt, finance):
    """With a colleague holding the role, four eyes stay: the colleague decides the step."""
    colleague = make_user("commercial2", "commercial", full_name="孙商务")
    contract = draft(won, commercial, amount=Decimal("500000"))
    services.contract_submit(contract=contract, user=commercial)
    step = Approval.objects.for_target(contract).get().steps.get(name="商务审核")
    assert step.status == "pending"
    assert [(a.approver, a.outcome) for a in step.assignments.all()] == [(colleague, "")]


def _approved(contract, rep, reviewers):
    services.contract_submit(contract=contract, user=rep)
    for person in reviewers:
        decide_pending(contract, person)
    contract.refresh_from_db()
    return contract


def test_signing_records_the_implementation_deliverable(contract, rep, reviewers, won):
    assert any("购销合同/采购合同" in m for m in gate_missing(won))
    with pytest.raises(ServiceError, match="passed contract review"):
        services.contract_sign(contract=contract, user=rep, signed_on=timezone.localdate(), file=pdf("签字版.pdf"))
    contract = _approved(contract, rep, reviewers)
    services.contract_sign(contract=contract, user=rep, signed_on=date(2026, 1, 5), file=pdf("签字版.pdf"))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_on == date(2026, 1, 5)
    signed = contract.files.get(kind=ContractFileKind.SIGNED)
    deliverable = Deliverable.objects.get(opportunity=won, deliverable_type__fulfilled_by="contract")
    assert deliverable.status == "approved"
    assert deliverable.title == f"采购合同 {contract.number}"
    assert deliverable.source_url == f"/contracts/{contract.pk}/"
    assert deliverable.file.name == signed.file.name
    won.refresh_from_db()
    assert not any("购销合同/采购合同" in m for m in gate_missing(won))


def test_signing_needs_date_and_file(contract, rep, reviewers):
    contract = _approved(contract, rep, reviewers)
    with pytest.raises(ServiceError) as exc:
        services.contract_sign(
            contract=contract, user=rep, signed_on=timezone.localdate() + timedelta(days=3), file=None
        )
    assert exc.value.messages == [
        "The date of signing cannot be in the future.",
        "Upload the signed contract (scan or PDF).",
    ]


def test_approved_contract_is_no_longer_editable(contract, rep, reviewers):
    contract = _approved(contract, rep, reviewers)
    with pytest.raises(ServiceError, match="only a draft or a returned"):
        services.contract_update(
            contract=contract, user=rep, data={"amount": Decimal("1")}, seen_version=contract.version
        )
