"""Who may see and do what with an opportunity — the one place these rules live.

The matrix is docs/permissions.md. Every list, count, search, export and detail page reads
opportunities through `opportunities_visible_to`/`get_opportunity_for`; every service
checks a `can_*` guard before it changes anything.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, is_manager, sees_all, user_roles
from presales.lib.views import get_or_404
from presales.opportunities.models import (
    DEPARTMENT_ROLES,
    Opportunity,
    OpportunityMember,
    OpportunityQuerySet,
    OpportunityTask,
)


def opportunities_visible_to(user: User) -> OpportunityQuerySet:
    """Managers, commercial, finance, service management and admins see all; everyone
    else sees what they own (sales owner), lead (presales lead) or are a team member of."""
    qs = Opportunity.objects.all()
    if sees_all(user):
        return qs
    if not user_roles(user):
        return qs.none()
    return qs.filter(pk__in=involved_ids(user))


def involved_ids(user: User) -> QuerySet:
    """Ids of the opportunities the user owns, leads or is a team member of: a UNION of three
    reads, each by its own index (an OR across them made the database read every opportunity)."""
    return (
        Opportunity.objects.filter(sales_owner=user)
        .values("pk")
        .union(
            Opportunity.objects.filter(presales_lead=user).values("pk"),
            OpportunityMember.objects.filter(user=user).values("opportunity_id"),
        )
    )


def on_visible_opportunities[M: Model](rows: QuerySet[M], user: User) -> QuerySet[M]:
    """Rows of another app (quotes, contracts, solutions…: a required `opportunity`) limited to
    those whose opportunity the user sees. Left whole for who sees every opportunity: an IN
    over all of them would only make the database read every opportunity first."""
    if sees_all(user):  # as opportunities_visible_to
        return rows
    return rows.filter(opportunity_id__in=opportunities_visible_to(user).values("pk"))


def sees_opportunity(user: User, opportunity_id: int | None) -> bool:
    """Whether the user may see the opportunity of that id (one query): what the other apps
    ask before showing something that belongs to an opportunity (an approval's object)."""
    return opportunity_id is not None and opportunities_visible_to(user).filter(pk=opportunity_id).exists()


def _is_member(user: User, opportunity: Opportunity) -> bool:
    return opportunity.members.filter(user=user).exists()


def can_edit(user: User, opportunity: Opportunity) -> bool:
    """Change the header fields: the sales owner and managers."""
    return opportunity.is_active and (opportunity.sales_owner_id == user.pk or is_manager(user))


def can_advance(user: User, opportunity: Opportunity) -> bool:
    """Move through the gates: sales owner, presales lead and managers."""
    return opportunity.is_active and (
        user.pk in (opportunity.sales_owner_id, opportunity.presales_lead_id) or is_manager(user)
    )


def can_contribute(user: User, opportunity: Opportunity) -> bool:
    """Upload deliverables, log activities, tick tasks: the team, commercial and managers."""
    if not opportunity.is_active:
        return False
    if user.pk in (opportunity.sales_owner_id, opportunity.presales_lead_id) or is_manager(user):
        return True
    return has_role(user, Role.COMMERCIAL) or _is_member(user, opportunity)


def can_close(user: User, opportunity: Opportunity) -> bool:
    """Close as won/lost/abandoned, or reopen: the sales owner and managers."""
    return opportunity.sales_owner_id == user.pk or is_manager(user)


def can_manage_team(user: User, opportunity: Opportunity) -> bool:
    """Add and remove team members: sales owner, presales lead and managers."""
    return opportunity.is_active and (
        user.pk in (opportunity.sales_owner_id, opportunity.presales_lead_id) or is_manager(user)
    )


def can_do_task(user: User, opportunity: Opportunity, task: OpportunityTask) -> bool:
    """Tick or untick a stage task: whoever contributes, and the task's own assignee (a
    finance or service-management person given a task contributes nothing else)."""
    if not opportunity.is_active:
        return False
    return (task.assignee_id is not None and task.assignee_id == user.pk) or can_contribute(user, opportunity)


def can_reassign_task(user: User, opportunity: Opportunity, task: OpportunityTask) -> bool:
    """Give an open task to someone else: whoever manages the team (sales owner, presales
    lead, managers), the task's assignee, and — for a task waiting in a department's queue —
    anyone of that department (to take it)."""
    if not opportunity.is_active or task.is_done:
        return False
    if can_manage_team(user, opportunity) or (task.assignee_id is not None and task.assignee_id == user.pk):
        return True
    return task.assignee_id is None and has_role(user, DEPARTMENT_ROLES.get(task.role, ""))


def can_create(user: User) -> bool:
    return has_role(user, Role.SALES_REP) or is_manager(user)


ACTIONS: dict[str, Callable[[User, Opportunity], bool]] = {
    "view": lambda user, opp: True,
    "edit": can_edit,
    "advance": can_advance,
    "contribute": can_contribute,
    "close": can_close,
    "team": can_manage_team,
}


def get_opportunity_for(
    user: User, pk: object, action: str = "view", *, queryset: QuerySet[Opportunity] | None = None
) -> Opportunity:
    """The opportunity if the user may see it (else 404) and may do `action` (else 403)."""
    visible = opportunities_visible_to(user)
    qs = visible.with_list_data() if queryset is None else queryset.filter(pk__in=visible.values("pk"))
    opportunity = get_or_404(qs, pk=pk)
    require(user, action, opportunity)
    return opportunity


def require(user: User, action: str, opportunity: Opportunity) -> None:
    """403 unless the user may do `action` (a key of ACTIONS) with the opportunity."""
    if not ACTIONS[action](user, opportunity):
        raise PermissionDenied
