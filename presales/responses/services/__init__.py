"""Every change to a tender's deviation table: one function each, keyword arguments, the
acting user's right checked first (presales.responses.access), in a transaction with the
row locked, with an event (presales.responses.events)."""

from presales.responses.services.clauses import (
    clause_accept,
    clause_answer,
    clause_edit,
    clause_merge,
    clause_split,
    clauses_assign,
)
from presales.responses.services.outputs import SECTION_CHOICES_MAX, section_choices, technical_bid_generate
from presales.responses.services.specs import spec_autofill, spec_set_products, spec_upload

__all__ = [
    "clause_accept",
    "clause_answer",
    "clause_edit",
    "clause_merge",
    "clause_split",
    "clauses_assign",
    "spec_autofill",
    "spec_set_products",
    "spec_upload",
    "technical_bid_generate",
    "section_choices",
    "SECTION_CHOICES_MAX",
]
