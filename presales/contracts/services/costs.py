"""A contract's actual costs: entered one by one, deleted, or imported from a spreadsheet;
marked complete by finance (the profit is then final, 最终利润) and reopened.

While the costs are complete they cannot change: a late cost is entered after finance
reopens them, so a profit called final never changes silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.contracts import access, events
from presales.contracts.models import ActualCost, Contract
from presales.contracts.services._common import _lock
from presales.lib.bounds import TOTAL_MAX, show
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, apply_changes, check_text
from presales.lib.services import save_with_history as _save

CENT = Decimal("0.01")
# The largest contract amount and the largest actual cost (presales.lib.bounds): like a quote
# version's total, well within what the Decimal(14, 2) columns hold.
MAX_COST = TOTAL_MAX


def _refuse_when_complete(contract: Contract) -> None:
    if contract.costs_complete:
        raise ServiceError(
            _("Finance has marked the actual costs of this contract complete: ask finance to reopen them first.")
        )


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
def cost_add(*, contract: Contract, user: User, data: dict) -> ActualCost:
    locked = _lock(contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    _refuse_when_complete(locked)
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
def cost_delete(*, cost: ActualCost, user: User) -> None:
    locked = _lock(cost.contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    _refuse_when_complete(locked)
    cost._history_user = user  # type: ignore[attr-defined]  # django-simple-history reads it on delete
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
def costs_import(*, contract: Contract, user: User, rows: list[tuple[int, dict]]) -> ImportReport:
    """Book actual costs from parsed spreadsheet rows, all or nothing: if any row has an
    error nothing is saved and the report lists each error by row number."""
    locked = _lock(contract)
    if not access.can_enter_costs(user, locked):
        raise PermissionDenied
    _refuse_when_complete(locked)
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


@transaction.atomic
def contract_costs_complete(*, contract: Contract, user: User) -> Contract:
    """Finance: the actual costs are all entered; the profit is final (最终利润)."""
    locked = _lock(contract)
    if not access.can_complete_costs(user, locked):
        raise PermissionDenied
    if locked.costs_complete:
        raise ServiceError(_("The actual costs are already marked complete."))
    if not locked.actual_costs.exists():
        raise ServiceError(_("No actual cost is entered yet: enter the costs before marking them complete."))
    locked.costs_complete = True
    locked.costs_completed_by = user
    locked.costs_completed_at = timezone.now()
    _save(
        locked,
        user,
        update_fields=["costs_complete", "costs_completed_by", "costs_completed_at", "updated_at"],
    )
    events.costs_completed(locked, user)
    return locked


@transaction.atomic
def contract_costs_reopen(*, contract: Contract, user: User, reason: str = "") -> Contract:
    """Finance: costs are to be entered again (a late invoice); the profit is provisional."""
    check_text(_("Reason"), reason, TEXT_SHORT)
    locked = _lock(contract)
    if not access.can_complete_costs(user, locked):
        raise PermissionDenied
    if not locked.costs_complete:
        raise ServiceError(_("The actual costs are not marked complete."))
    locked.costs_complete = False
    locked.costs_completed_by = None
    locked.costs_completed_at = None
    reason = (reason or "").strip()
    _save(
        locked,
        user,
        reason=reason,
        update_fields=["costs_complete", "costs_completed_by", "costs_completed_at", "updated_at"],
    )
    events.costs_reopened(locked, user, reason)
    return locked
