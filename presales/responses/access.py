"""Who may see and answer a tender's specification: the tender's rules (presales.tenders.access),
in one place. Whoever sees the tender sees its deviation table; the bid team (the tender's team
and managers: `can_work_on`) edits it. A sales rep of another opportunity gets 404, never the
table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from presales.accounts.models import User
from presales.lib.views import get_or_404
from presales.responses.models import Clause, ProductGap, Specification
from presales.tenders import access as tender_access


def can_view(user: User, specification: Specification) -> bool:
    return tender_access.can_view(user, specification.tender)


def can_work(user: User, specification: Specification) -> bool:
    """Upload, auto-fill, answer, merge, split, assign, export for the bid, generate the bid."""
    return tender_access.can_work_on(user, specification.tender)


def specifications_visible_to(user: User) -> QuerySet[Specification]:
    return Specification.objects.filter(tender__in=tender_access.tenders_visible_to(user))


def clauses_visible_to(user: User) -> QuerySet[Clause]:
    return Clause.objects.filter(specification__tender__in=tender_access.tenders_visible_to(user))


def gaps_visible_to(user: User) -> QuerySet[ProductGap]:
    return ProductGap.objects.filter(clause__specification__tender__in=tender_access.tenders_visible_to(user))


def get_specification_for(user: User, pk, *, write: bool = False) -> Specification:
    """The specification, 404 when the user may not see its tender, 403 when they see it but
    may not change it (`write`)."""
    specification = get_or_404(
        specifications_visible_to(user).select_related("tender", "tender__opportunity", "uploaded_by"), pk=pk
    )
    if write and not can_work(user, specification):
        raise PermissionDenied
    return specification


def get_clause_for(user: User, pk, *, write: bool = False) -> Clause:
    clause = get_or_404(
        clauses_visible_to(user).select_related(
            "specification", "specification__tender", "specification__tender__opportunity"
        ),
        pk=pk,
    )
    if write and not can_work(user, clause.specification):
        raise PermissionDenied
    return clause
