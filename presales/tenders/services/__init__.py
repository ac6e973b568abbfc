"""Every change of a tender, one function each (keyword arguments, the acting user first
checked through presales.tenders.access, in a transaction, with history and an event)."""

from presales.tenders.services.decision import BID_THRESHOLD, decision_record, decision_score, recommendation
from presales.tenders.services.outcome import outcome_award, outcome_loss
from presales.tenders.services.package import (
    package_item_add,
    package_item_attach_document,
    package_item_attach_file,
    package_item_update,
    task_add,
    task_update,
    team_add,
    team_remove,
)
from presales.tenders.services.reviews import review_set_result, submission_problems, tender_mark_submitted
from presales.tenders.services.tender import (
    lot_add,
    lot_remove,
    lot_update,
    tender_cancel,
    tender_file_add,
    tender_file_remove,
    tender_register,
    tender_update,
)

__all__ = [
    "BID_THRESHOLD",
    "decision_record",
    "decision_score",
    "lot_add",
    "lot_remove",
    "lot_update",
    "outcome_award",
    "outcome_loss",
    "package_item_add",
    "package_item_attach_document",
    "package_item_attach_file",
    "package_item_update",
    "recommendation",
    "review_set_result",
    "submission_problems",
    "task_add",
    "task_update",
    "team_add",
    "team_remove",
    "tender_cancel",
    "tender_file_add",
    "tender_file_remove",
    "tender_mark_submitted",
    "tender_register",
    "tender_update",
]
