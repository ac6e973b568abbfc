"""The events of contracts (presales.events): the kinds, and one constructor per kind.
Every event is about the contract. The actual-cost kinds hold cost figures: they are
declared cost=True and shown only to whoever sees cost."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from presales.contracts.models import Contract, ContractFileKind, CostCategory
from presales.events.registry import amounts, choice_label, define, define_legacy, field_labels
from presales.events.services import record


def _category(data: dict) -> dict:
    return {"category": choice_label(CostCategory, data.get("category")), **amounts(data, "amount")}


CREATED = define(
    "contracts.created",
    label=_("Created"),
    sentence=_("drew up the contract %(number)s “%(title)s”"),
)
UPDATED = define(
    "contracts.updated",
    label=_("Changed"),
    sentence=_("changed the contract %(number)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(Contract, data.get("fields"))},
)
FILE_ADDED = define(
    "contracts.file_added",
    label=_("File uploaded"),
    sentence=_("uploaded %(file)s (%(file_kind)s) to %(number)s"),
    params=lambda data: {"file_kind": choice_label(ContractFileKind, data.get("file_kind"))},
)
SUBMITTED = define(
    "contracts.submitted",
    label=_("Submitted for contract review"),
    sentence=_("sent %(number)s to contract review"),
)
APPROVED = define(
    "contracts.approved",
    label=_("Contract review passed"),
    sentence=_("approved %(number)s in contract review"),
)
RETURNED = define(
    "contracts.returned",
    label=_("Returned by contract review"),
    sentence=_("returned %(number)s in contract review"),
)
WITHDRAWN = define(
    "contracts.withdrawn",
    label=_("Withdrawn from review"),
    sentence=_("withdrew %(number)s from contract review"),
)
SIGNED = define(
    "contracts.signed",
    label=_("Signed"),
    sentence=_("recorded %(number)s as signed on %(signed_on)s"),
)
COST_ADDED = define(
    "contracts.cost_added",
    label=_("Actual cost entered"),
    sentence=_("entered an actual cost of %(amount)s (%(category)s) on %(number)s"),
    params=_category,
    cost=True,
)
COST_DELETED = define(
    "contracts.cost_deleted",
    label=_("Actual cost deleted"),
    sentence=_("deleted the actual cost of %(amount)s (%(category)s, %(incurred_on)s) from %(number)s"),
    params=_category,
    cost=True,
)
COSTS_IMPORTED = define(
    "contracts.costs_imported",
    label=_("Actual costs imported"),
    sentence=_("imported %(rows)s actual costs, %(total)s in total, into %(number)s"),
    params=lambda data: amounts(data, "total"),
    cost=True,
)
COSTS_COMPLETED = define(
    "contracts.costs_completed",
    label=_("Actual costs complete"),
    sentence=_("marked the actual costs of %(number)s complete: the profit is final"),
)
COSTS_REOPENED = define(
    "contracts.costs_reopened",
    label=_("Actual costs reopened"),
    sentence=_("reopened the actual costs of %(number)s: the profit is provisional again"),
)
LEGACY = define_legacy("contracts")


def _record(kind: str, contract: Contract, user, **data):
    return record(
        kind, user, opportunity=contract.opportunity, subject=contract, data={"number": contract.number, **data}
    )


def created(contract: Contract, user):
    return _record(CREATED, contract, user, title=contract.title)


def updated(contract: Contract, user, fields: list[str]):
    return _record(UPDATED, contract, user, fields=list(fields))


def file_added(contract: Contract, attachment, user):
    return _record(
        FILE_ADDED, contract, user, file_id=attachment.pk, file=attachment.file_name, file_kind=attachment.kind
    )


def submitted(contract: Contract, user, note: str = ""):
    return _record(SUBMITTED, contract, user, **({"reason": note} if note else {}))


def approved(contract: Contract, user):
    return _record(APPROVED, contract, user)


def returned(contract: Contract, user, reasons: list[str]):
    return _record(RETURNED, contract, user, reason="\n".join(reasons))


def withdrawn(contract: Contract, user):
    return _record(WITHDRAWN, contract, user)


def signed(contract: Contract, user):
    return _record(SIGNED, contract, user, signed_on=str(contract.signed_on))


def cost_added(contract: Contract, cost, user):
    return _record(COST_ADDED, contract, user, cost_id=cost.pk, category=cost.category, amount=str(cost.amount))


def cost_deleted(contract: Contract, cost, user):
    return _record(
        COST_DELETED,
        contract,
        user,
        category=cost.category,
        amount=str(cost.amount),
        incurred_on=str(cost.incurred_on),
    )


def costs_imported(contract: Contract, costs: list, user):
    total = sum((cost.amount for cost in costs), Decimal("0"))
    return _record(COSTS_IMPORTED, contract, user, rows=len(costs), total=str(total))


def costs_completed(contract: Contract, user):
    return _record(COSTS_COMPLETED, contract, user)


def costs_reopened(contract: Contract, user, reason: str = ""):
    return _record(COSTS_REOPENED, contract, user, **({"reason": reason} if reason else {}))
