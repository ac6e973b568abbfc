"""The events of the approvals engine (presales.events): one per decision an approver takes
on his step, and one per round the engine withdraws because its object's work ended (the
opportunity closed). The object's own app records what the outcome does to the object
(a quote approved, a contract returned …) through its hooks; these record the decision
itself, so a bulk approval leaves one event per item, like deciding them one by one.
The subject is the round (an Approval); its title is the stored one, in the seed's words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.approvals.models import Approval, Outcome
from presales.events.registry import choice_label, define
from presales.events.services import record

STEP_DECIDED = define(
    "approvals.step_decided",
    label=_("Approval decision"),
    sentence=_("decided “%(outcome)s” on the step %(step)s of %(title)s"),
    params=lambda data: {"outcome": choice_label(Outcome, data.get("outcome"))},
)
WITHDRAWN_CLOSED = define(
    "approvals.withdrawn_closed",
    label=_("Approval withdrawn automatically"),
    sentence=_("closed the opportunity: the approval of %(title)s was withdrawn automatically"),
)


def _record(kind: str, approval: Approval, user, **data):
    return record(
        kind,
        user,
        opportunity=approval.opportunity,
        subject=approval,
        data={"title": approval.title, "round": approval.round, **data},
    )


def step_decided(approval: Approval, step, user, *, outcome: str, comment: str = "", bulk: bool = False):
    data = {"step": step.name, "step_id": step.pk, "outcome": outcome}
    if comment:
        data["reason"] = comment
    if bulk:
        data["bulk"] = True
    return _record(STEP_DECIDED, approval, user, **data)


def withdrawn_closed(approval: Approval, user, *, note: str):
    return _record(WITHDRAWN_CLOSED, approval, user, reason=note)
