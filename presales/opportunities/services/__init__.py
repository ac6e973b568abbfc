"""Every change to an opportunity: one function each, in a transaction, with an event row.

Views and commands call these; nothing else writes the models. Each function checks the
acting user's right first (presales.opportunities.access) and raises PermissionDenied,
ServiceError (with the exact reasons) or one of its subclasses.

One module per sub-domain, all re-exported here (`from presales.opportunities.services import
opportunity_advance`):

- opportunity: opening an opportunity and editing its header;
- stages: the gate (what keeps an opportunity in its stage) and the moves between stages;
- closing: closing as won, lost or abandoned, and reopening;
- team: the members of an opportunity's team (and the engineer who joins it by accepting a
  service request of the opportunity);
- tasks: the stage checklist (ticking a task, giving it to someone else);
- deliverables: a stage's documents, their versions and their approval (with the hooks the
  approvals engine calls, registered in presales/opportunities/apps.py);
- activities: visits, calls and notes on the timeline.

What several of them share (the row lock, the save with history, opening a stage's
checklist) is in _common.
"""

from __future__ import annotations

from presales.opportunities.services.activities import activity_log
from presales.opportunities.services.closing import opportunity_close, opportunity_reopen
from presales.opportunities.services.deliverables import (
    deliverable_record_approved,
    deliverable_record_quote,
    deliverable_send_for_approval,
    deliverable_submit,
    deliverable_unrecord_quote,
    on_deliverable_approved,
    on_deliverable_rejected,
    on_deliverable_withdrawn,
)
from presales.opportunities.services.opportunity import default_template, opportunity_create, opportunity_update
from presales.opportunities.services.stages import StageMove, gate_missing, next_stage, opportunity_advance
from presales.opportunities.services.tasks import task_reassign, task_set_done
from presales.opportunities.services.team import (
    member_add_for_assignment,
    opportunity_member_add,
    opportunity_member_remove,
)

__all__ = [
    "StageMove",
    "activity_log",
    "default_template",
    "deliverable_record_approved",
    "deliverable_record_quote",
    "deliverable_send_for_approval",
    "deliverable_submit",
    "deliverable_unrecord_quote",
    "gate_missing",
    "member_add_for_assignment",
    "next_stage",
    "on_deliverable_approved",
    "on_deliverable_rejected",
    "on_deliverable_withdrawn",
    "opportunity_advance",
    "opportunity_close",
    "opportunity_create",
    "opportunity_member_add",
    "opportunity_member_remove",
    "opportunity_reopen",
    "opportunity_update",
    "task_reassign",
    "task_set_done",
]
