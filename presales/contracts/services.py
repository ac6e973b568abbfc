"""Every change to a contract and its actual costs: one function each, in a transaction,
with an event row. Each checks the acting user's right first (presales.contracts.access)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.contracts import access, events, quoting
from presales.contracts.models import (
    ActualCost,
    Contract,
    ContractCounter,
    ContractFile,
    ContractFileKind,
    ContractKind,
    ContractStatus,
)
from presales.lib.bounds import TOTAL_MAX, out_of_range, show
from presales.lib.services import ServiceError, apply_changes, check_version, next_yearly_code
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import StageRole
from presales.opportunities.stage_roles import check_in_stage_role
from presales.quotes.models import VersionStatus

REVIEW_TEMPLATE = "contract_review"
EDITABLE_FIELDS = [
    "kind",
    "number",
    "title",
    "quote_version",
    "party_a",
    "party_b",
    "amount",
    "payment_terms",
    "delivery_date",
    "notes",
]
CENT = Decimal("0.01")
# The largest contract amount and the largest actual cost (presales.lib.bounds): like a quote
# version's total, well within what the Decimal(14, 2) columns hold.
MAX_COST = TOTAL_MAX


def _check_amount(amount) -> None:
    """A contract amount from 0 to TOTAL_MAX (the form and the approved quote's total are both
    within it; this keeps any other caller there too)."""
    if amount is not None and not Decimal(amount).is_finite():
        raise ServiceError(_("Enter the amount as a number."))
    problem = out_of_range(Contract._meta.get_field("amount").verbose_name, amount, TOTAL_MAX, money=True)
    if problem:
        raise ServiceError(problem)


def contract_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("opportunity").get(pk=contract.pk)


def next_number() -> str:
    """HT-<year>-<seq>."""
    return next_yearly_code(ContractCounter, "HT")


def default_kind(opportunity) -> str:
    return ContractKind.PURCHASE if opportunity.has_tender else ContractKind.SALES


def check_stage(opportunity) -> None:
    if not opportunity.is_active:
        raise ServiceError(
            _("The opportunity is closed (%(status)s): no contract can be drafted.")
            % {"status": opportunity.get_status_display()}
        )
    check_in_stage_role(
        opportunity,
        StageRole.IMPLEMENTATION,
        refusal=_(
            "A contract is drafted once the project is won (tender won or quote accepted), in the "
            "implementation stage; this opportunity is in “%(stage)s”."
        ),
    )


def _check_quote_version(opportunity, version) -> None:
    if version is None:
        return
    if version.quote.opportunity_id != opportunity.pk:
        raise ServiceError(_("The quote “%(quote)s” belongs to another opportunity.") % {"quote": version.quote.code})
    if version.status != VersionStatus.APPROVED:
        raise ServiceError(
            _("Quote %(quote)s v%(n)s is not approved in price review: a contract is based on an approved quote.")
            % {"quote": version.quote.code, "n": version.number}
        )


def _check_number(number: str, exclude_pk=None) -> None:
    clash = Contract.objects.filter(number=number)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ServiceError(_("The contract number %(number)s is already used.") % {"number": number})


@transaction.atomic
def contract_create(*, user, opportunity, data: dict, file=None) -> Contract:
    """Draft a contract of a won opportunity (in the implementation stage). Empty fields take
    their defaults: the kind from the tender flag, the number from the yearly counter, party A
    from the customer, the amount from the approved quote's total."""
    from presales.opportunities.models import Opportunity

    if not access.can_draft(user, opportunity):
        raise PermissionDenied
    opportunity = (
        Opportunity.objects.select_for_update().select_related("customer", "current_stage").get(pk=opportunity.pk)
    )
    check_stage(opportunity)
    data = dict(data)
    version = data.get("quote_version")
    _check_quote_version(opportunity, version)
    number = (data.get("number") or "").strip()
    if number:
        _check_number(number)
    else:
        number = next_number()
    data["number"] = number
    data["kind"] = data.get("kind") or default_kind(opportunity)
    if not (data.get("party_a") or "").strip():
        data["party_a"] = opportunity.customer.name
    if not data.get("amount") and version is not None:
        data["amount"] = quoting.version_total(version) or Decimal("0")
    if not (data.get("title") or "").strip():
        data["title"] = opportunity.name
    if not (data.get("party_b") or "").strip():
        data.pop("party_b", None)
    contract = Contract(opportunity=opportunity, created_by=user)
    apply_changes(contract, data, EDITABLE_FIELDS)
    if contract.amount is None:
        contract.amount = Decimal("0")
    _check_amount(contract.amount)
    _save(contract, user)
    events.created(contract, user)
    if file:
        _add_file(contract, user, file, ContractFileKind.DRAFT)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, user, data: dict, seen_version: int | None) -> Contract:
    """Save the fields of a draft or returned contract, unless someone saved since."""
    locked = _lock(contract)
    if not access.can_draft(user, locked.opportunity):
        raise PermissionDenied
    if not locked.is_editable:
        raise ServiceError(
            _("The contract is “%(status)s”: only a draft or a returned contract can be changed.")
            % {"status": locked.get_status_display()}
        )
    check_version(locked, seen_version)
    data = dict(data)
    if "number" in data:
        data["number"] = (data["number"] or "").strip() or locked.number
        _check_number(data["number"], exclude_pk=locked.pk)
    if "quote_version" in data:
        _check_quote_version(locked.opportunity, data["quote_version"])
    if "amount" in data and data["amount"] is None:
        data["amount"] = Decimal("0")
    if "amount" in data:
        _check_amount(data["amount"])
    changed = apply_changes(locked, data, EDITABLE_FIELDS)
    if changed:
        locked.version += 1
        _save(locked, user)
        events.updated(locked, user, changed)
    return locked


def _add_file(contract: Contract, user, file, kind: str) -> ContractFile:
    attachment = ContractFile(contract=contract, kind=kind, uploaded_by=user)
    attachment.file = file
    attachment.save()
    events.file_added(contract, attachment, user)
    return attachment


@transaction.atomic
def contract_add_file(*, contract: Contract, user, file, kind: str = ContractFileKind.DRAFT) -> ContractFile:
    locked = _lock(contract)
    if not access.can_draft(user, locked.opportunity):
        raise PermissionDenied
    if not file:
        raise ServiceError(_("Choose a file to upload."))
    if kind == ContractFileKind.SIGNED:
        raise ServiceError(_("The signed contract is uploaded with “Mark signed”."))
    if kind == ContractFileKind.DRAFT and not locked.is_editable:
        raise ServiceError(
            _("The contract is “%(status)s”: its draft can no longer be replaced.")
            % {"status": locked.get_status_display()}
        )
    return _add_file(locked, user, file, kind)


def submit_problems(contract: Contract) -> list[str]:
    """What a contract lacks before it can go to contract review."""
    problems = []
    if not contract.amount or contract.amount <= 0:
        problems.append(_("The contract amount must be greater than zero."))
    if not (contract.party_a or "").strip():
        problems.append(_("Party A (the customer) is missing."))
    if not (contract.party_b or "").strip():
        problems.append(_("Party B (our company) is missing."))
    if not (contract.payment_terms or "").strip():
        problems.append(_("The payment terms are missing."))
    if not contract.files.filter(kind=ContractFileKind.DRAFT).exists():
        problems.append(_("Upload the contract draft first."))
    return problems


@transaction.atomic
def contract_submit(*, contract: Contract, user, note: str = "") -> Contract:
    """Send a draft (or a returned contract) to contract review (合同评审): service
    management, commercial and finance in parallel."""
    from presales.approvals.services import approval_submit

    locked = _lock(contract)
    if not access.can_draft(user, locked.opportunity):
        raise PermissionDenied
    if not locked.is_editable:
        raise ServiceError(
            _("The contract is “%(status)s”: only a draft or a returned contract can be submitted.")
            % {"status": locked.get_status_display()}
        )
    problems = submit_problems(locked)
    if problems:
        raise ServiceError(problems)
    locked.status = ContractStatus.IN_REVIEW
    locked.version += 1
    _save(locked, user, update_fields=["status", "version", "updated_at"])
    approval_submit(target=locked, template=REVIEW_TEMPLATE, user=user, note=note)
    events.submitted(locked, user, (note or "").strip())
    return locked


# Hooks the approvals engine calls inside its transaction (registered in apps.py).
def on_review_approved(contract: Contract, approval, user) -> None:
    contract.status = ContractStatus.APPROVED
    contract.return_reasons = ""
    contract.version += 1
    _save(contract, user, update_fields=["status", "return_reasons", "version", "updated_at"])
    events.approved(contract, user)


def on_review_rejected(contract: Contract, approval, user, reasons: list[str]) -> None:
    contract.status = ContractStatus.RETURNED
    contract.return_reasons = "\n".join(reasons)
    contract.version += 1
    _save(
        contract, user, reason="; ".join(reasons), update_fields=["status", "return_reasons", "version", "updated_at"]
    )
    events.returned(contract, user, reasons)


def on_review_withdrawn(contract: Contract, approval, user) -> None:
    contract.status = ContractStatus.DRAFT
    contract.version += 1
    _save(contract, user, update_fields=["status", "version", "updated_at"])
    events.withdrawn(contract, user)


@transaction.atomic
def contract_sign(*, contract: Contract, user, signed_on, file) -> Contract:
    """Record the contract signed by both parties (after the review passed): the signed copy
    becomes the implementation stage's contract deliverable."""
    from presales.opportunities.services import deliverable_record_approved

    locked = _lock(contract)
    if not access.can_sign(user, locked):
        raise PermissionDenied
    problems = []
    if locked.status != ContractStatus.APPROVED:
        problems.append(
            _("Only a contract that passed contract review can be marked signed; this one is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not signed_on:
        problems.append(_("Give the date of signing."))
    elif signed_on > timezone.localdate():
        problems.append(_("The date of signing cannot be in the future."))
    if not file:
        problems.append(_("Upload the signed contract (scan or PDF)."))
    if problems:
        raise ServiceError(problems)
    attachment = _add_file(locked, user, file, ContractFileKind.SIGNED)
    locked.status = ContractStatus.SIGNED
    locked.signed_on = signed_on
    locked.version += 1
    _save(locked, user, update_fields=["status", "signed_on", "version", "updated_at"])
    events.signed(locked, user)
    deliverable_record_approved(
        opportunity=locked.opportunity,
        user=user,
        fulfilled_by="contract",
        title=f"{locked.document_name} {locked.number}",
        source_url=contract_url(locked),
        file=attachment.file,
    )
    return locked


# Actual costs ------------------------------------------------------------------------------


def _cost_problems(data: dict) -> list[str]:
    problems = []
    amount = data.get("amount")
    if amount is None or amount == "":
        problems.append(_("The amount is required."))
    elif not Decimal(amount).is_finite() or Decimal(amount) <= 0:
        problems.append(_("The amount must be greater than zero."))
    elif Decimal(amount) > MAX_COST:
        problems.append(_("The amount is too large: at most %(max)s.") % {"max": show(MAX_COST, money=True)})
    if not data.get("incurred_on"):
        problems.append(_("The date is required."))
    if not data.get("category"):
        problems.append(_("The category is required."))
    return problems


def _total_problem(contract: Contract, added: Decimal) -> str | None:
    """The actual costs of one contract add up within what their sum can hold (TOTAL_MAX):
    however many costs are entered, the contract's pages can still read their total."""
    booked = contract.actual_costs.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if booked + added > MAX_COST:
        return _("The actual costs of this contract would add up to %(total)s, more than %(max)s.") % {
            "total": show(booked + added, money=True),
            "max": show(MAX_COST, money=True),
        }
    return None


@transaction.atomic
def cost_add(*, contract: Contract, user, data: dict) -> ActualCost:
    locked = _lock(contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    problems = _cost_problems(data)
    if not problems:
        problems = [p for p in [_total_problem(locked, Decimal(data["amount"]))] if p]
    if problems:
        raise ServiceError(problems)
    cost = ActualCost(contract=locked, entered_by=user)
    apply_changes(cost, data, ["category", "description", "amount", "incurred_on"])
    cost.amount = Decimal(cost.amount).quantize(CENT)
    _save(cost, user)
    events.cost_added(locked, cost, user)
    return cost


@transaction.atomic
def cost_delete(*, cost: ActualCost, user) -> None:
    locked = _lock(cost.contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    cost._history_user = user
    cost.delete()
    events.cost_deleted(locked, cost, user)


@dataclass
class ImportReport:
    created: list[ActualCost] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number in the sheet, message)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def costs_import(*, contract: Contract, user, rows: list[tuple[int, dict]]) -> ImportReport:
    """Book actual costs from parsed spreadsheet rows, all or nothing: if any row has an
    error nothing is saved and the report lists each error by row number."""
    locked = _lock(contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    report = ImportReport()
    for row_number, data in rows:
        row_errors = list(data.get("_errors", []))
        if not row_errors:
            row_errors = _cost_problems(data)
        for message in row_errors:
            report.errors.append((row_number, message))
    if not rows:
        report.errors.append((1, _("The sheet has no cost rows.")))
    if not report.errors:
        problem = _total_problem(locked, sum((Decimal(data["amount"]) for _n, data in rows), Decimal("0")))
        if problem:
            report.errors.append((rows[-1][0], problem))
    if report.errors:
        return report
    costs = []
    for _row_number, data in rows:
        cost = ActualCost(
            contract=locked,
            category=data["category"],
            description=data.get("description", "")[:300],
            amount=Decimal(data["amount"]).quantize(CENT),
            incurred_on=data["incurred_on"],
            entered_by=user,
        )
        _save(cost, user)
        costs.append(cost)
    report.created = costs
    events.costs_imported(locked, costs, user)
    return report
