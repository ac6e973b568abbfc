"""Contract review (合同评审): what a contract needs before it is submitted, the submission,
and the hooks the approvals engine calls when the review ends (registered in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.contracts import events
from presales.contracts.models import Contract, ContractFileKind, ContractStatus
from presales.contracts.services._common import _lock_for_drafter, _refuse_unless_editable
from presales.lib.services import ServiceError
from presales.lib.services import save_with_history as _save

if TYPE_CHECKING:
    from presales.approvals.models import Approval

REVIEW_TEMPLATE = "contract_review"


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
def contract_submit(*, contract: Contract, user: User, note: str = "") -> Contract:
    """Send a draft (or a returned contract) to contract review (合同评审): service
    management, commercial and finance in parallel."""
    from presales.approvals.services import approval_submit

    locked = _lock_for_drafter(contract, user)
    _refuse_unless_editable(
        locked, _("The contract is “%(status)s”: only a draft or a returned contract can be submitted.")
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
def on_review_approved(contract: Contract, approval: Approval, user: User) -> None:
    contract.status = ContractStatus.APPROVED
    contract.return_reasons = ""
    contract.version += 1
    _save(contract, user, update_fields=["status", "return_reasons", "version", "updated_at"])
    events.approved(contract, user)


def on_review_rejected(contract: Contract, approval: Approval, user: User, reasons: list[str]) -> None:
    contract.status = ContractStatus.RETURNED
    contract.return_reasons = "\n".join(reasons)
    contract.version += 1
    _save(
        contract, user, reason="; ".join(reasons), update_fields=["status", "return_reasons", "version", "updated_at"]
    )
    events.returned(contract, user, reasons)


def on_review_withdrawn(contract: Contract, approval: Approval, user: User) -> None:
    contract.status = ContractStatus.DRAFT
    contract.version += 1
    _save(contract, user, update_fields=["status", "version", "updated_at"])
    events.withdrawn(contract, user)
