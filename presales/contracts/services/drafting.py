"""Drafting a contract of a won opportunity: create, edit, add files."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.contracts import access, events, quoting
from presales.contracts.models import (
    CONTRACT_EDIT_FIELDS,
    Contract,
    ContractCounter,
    ContractFile,
    ContractFileKind,
    ContractKind,
)
from presales.contracts.services._common import _add_file, _lock_for_drafter, _refuse_unless_editable
from presales.lib.bounds import TOTAL_MAX, out_of_range
from presales.lib.services import ServiceError, apply_changes, check_version, next_yearly_code
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import StageRole
from presales.opportunities.stage_roles import check_in_stage_role
from presales.quotes.models import VersionStatus

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from presales.opportunities.models import Opportunity
    from presales.quotes.models import QuoteVersion


def _check_amount(amount: Decimal | None) -> None:
    """A contract amount from 0 to TOTAL_MAX (the form and the approved quote's total are both
    within it; this keeps any other caller there too)."""
    if amount is not None and not Decimal(amount).is_finite():
        raise ServiceError(_("Enter the amount as a number."))
    problem = out_of_range(Contract._meta.get_field("amount").verbose_name, amount, TOTAL_MAX, money=True)
    if problem:
        raise ServiceError(problem)


def next_number() -> str:
    """HT-<year>-<seq>."""
    return next_yearly_code(ContractCounter, "HT")


def default_kind(opportunity: Opportunity) -> str:
    return ContractKind.PURCHASE if opportunity.has_tender else ContractKind.SALES


def check_stage(opportunity: Opportunity) -> None:
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


def _check_quote_version(opportunity: Opportunity, version: QuoteVersion | None) -> None:
    if version is None:
        return
    if version.quote.opportunity_id != opportunity.pk:
        raise ServiceError(_("The quote “%(quote)s” belongs to another opportunity.") % {"quote": version.quote.code})
    if version.status != VersionStatus.APPROVED:
        raise ServiceError(
            _("Quote %(quote)s v%(n)s is not approved in price review: a contract is based on an approved quote.")
            % {"quote": version.quote.code, "n": version.number}
        )


def _check_number(number: str, exclude_pk: int | None = None) -> None:
    clash = Contract.objects.filter(number=number)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ServiceError(_("The contract number %(number)s is already used.") % {"number": number})


@transaction.atomic
def contract_create(*, user: User, opportunity: Opportunity, data: dict, file: UploadedFile | None = None) -> Contract:
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
        data["party_b"] = settings.PRESALES_COMPANY_NAME
    contract = Contract(opportunity=opportunity, created_by=user)
    apply_changes(contract, data, CONTRACT_EDIT_FIELDS)
    if contract.amount is None:
        contract.amount = Decimal("0")
    _check_amount(contract.amount)
    _save(contract, user)
    events.created(contract, user)
    if file:
        _add_file(contract, user, file, ContractFileKind.DRAFT)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, user: User, data: dict, seen_version: int | None) -> Contract:
    """Save the fields of a draft or returned contract, unless someone saved since."""
    locked = _lock_for_drafter(contract, user)
    _refuse_unless_editable(
        locked, _("The contract is “%(status)s”: only a draft or a returned contract can be changed.")
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
    changed = apply_changes(locked, data, CONTRACT_EDIT_FIELDS)
    if changed:
        locked.version += 1
        _save(locked, user)
        events.updated(locked, user, changed)
    return locked


@transaction.atomic
def contract_add_file(
    *, contract: Contract, user: User, file: UploadedFile | None, kind: str = ContractFileKind.DRAFT
) -> ContractFile:
    locked = _lock_for_drafter(contract, user)
    if not file:
        raise ServiceError(_("Choose a file to upload."))
    if kind == ContractFileKind.SIGNED:
        raise ServiceError(_("The signed contract is uploaded with “Mark signed”."))
    if kind == ContractFileKind.DRAFT:
        _refuse_unless_editable(locked, _("The contract is “%(status)s”: its draft can no longer be replaced."))
    return _add_file(locked, user, file, kind)
