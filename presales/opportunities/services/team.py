"""The opportunity's team: members added and removed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError
from presales.opportunities import access, events
from presales.opportunities.models import Opportunity, OpportunityMember, TeamRole
from presales.opportunities.services._common import lock


@transaction.atomic
def opportunity_member_add(*, opportunity: Opportunity, user: User, member: User, role: str) -> OpportunityMember:
    locked = lock(opportunity)
    access.require(user, "team", locked)
    membership, created = OpportunityMember.objects.get_or_create(
        opportunity=locked, user=member, defaults={"role": role}
    )
    if not created:
        raise ServiceError(_("%(name)s is already on the team.") % {"name": member.display_name})
    events.member_added(locked, user, member)
    return membership


def is_on_team(opportunity: Opportunity, user: User) -> bool:
    """The sales owner, the presales lead or a member."""
    return user.pk in (opportunity.sales_owner_id, opportunity.presales_lead_id) or (
        OpportunityMember.objects.filter(opportunity=opportunity, user=user).exists()
    )


@transaction.atomic
def member_add_for_assignment(*, opportunity: Opportunity, member: User, request) -> OpportunityMember | None:
    """Put the engineer who accepted a service request of the opportunity on its team, so he
    reaches what that work needs (the opportunity, its customer, its solutions).

    Not a team-management action: the right comes from the request (the caller, the
    service_requests accept service, has checked that `member` is its assignee), so
    `can_manage_team` is not asked. Nothing happens if he is owner, lead or member already;
    otherwise he joins as a presales engineer, with a "member_added_by_assignment" event
    naming the request (`request.code`)."""
    locked = lock(opportunity)
    if is_on_team(locked, member):
        return None
    membership, created = OpportunityMember.objects.get_or_create(
        opportunity=locked, user=member, defaults={"role": TeamRole.PRESALES}
    )
    if created:
        events.member_added_by_assignment(locked, member, request)
    return membership if created else None


@transaction.atomic
def opportunity_member_remove(*, opportunity: Opportunity, user: User, member: User) -> None:
    locked = lock(opportunity)
    access.require(user, "team", locked)
    deleted, _count = OpportunityMember.objects.filter(opportunity=locked, user=member).delete()
    if not deleted:
        raise ServiceError(_("%(name)s is not on the team.") % {"name": member.display_name})
    events.member_removed(locked, user, member)
