"""Every change to the answer library: one function each, in a transaction, permission checked
first (presales.answers.access), with an event (presales.answers.events)."""

from presales.answers.services.categories import category_create, category_update
from presales.answers.services.entries import entry_create, entry_update
from presales.answers.services.lifecycle import (
    TRANSITIONS,
    allowed_actions,
    entry_approve,
    entry_mark_reviewed,
    entry_restore,
    entry_retire,
    entry_return,
    entry_submit_for_review,
    learn_wording,
    record_usage,
    refusal,
    review_state,
    send_review_digest,
    wording_add,
    wording_remove,
)

__all__ = [
    "TRANSITIONS",
    "allowed_actions",
    "category_create",
    "category_update",
    "entry_approve",
    "entry_create",
    "entry_mark_reviewed",
    "entry_restore",
    "entry_retire",
    "entry_return",
    "entry_submit_for_review",
    "entry_update",
    "learn_wording",
    "record_usage",
    "refusal",
    "review_state",
    "send_review_digest",
    "wording_add",
    "wording_remove",
]
