"""What else must hold before a bid is marked submitted, registered by the apps built on
tenders (the deviation table: "★ clauses unanswered"), so this app imports none of them.

    from presales.tenders.checks import register_submission_check

    def unanswered_star_clauses(tender) -> list[str]:
        return [...]  # one translated sentence per problem; [] when nothing is missing

    register_submission_check(unanswered_star_clauses)

`tender_mark_submitted` lists the problems of its own checks (reviews, the package) and of
every registered one, and refuses while any is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presales.tenders.models import Tender

type SubmissionCheck = Callable[[Tender], list[str]]

_checks: list[SubmissionCheck] = []


def register_submission_check(fn: SubmissionCheck) -> SubmissionCheck:
    """Add a check (once: registering the same function again changes nothing); usable as a
    decorator."""
    if fn not in _checks:
        _checks.append(fn)
    return fn


def unregister_submission_check(fn: SubmissionCheck) -> None:
    if fn in _checks:
        _checks.remove(fn)


def registered_checks() -> list[SubmissionCheck]:
    return list(_checks)


def registered_problems(tender: Tender) -> list[str]:
    problems: list[str] = []
    for check in _checks:
        problems.extend(str(p) for p in check(tender))
    return problems
