"""The opportunity's team: members added and removed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError
from presales.opportunities import access, events
from presales.opportunities.models import Opportunity, OpportunityMember
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


@transaction.atomic
def opportunity_member_remove(*, opportunity: Opportunity, user: User, member: User) -> None:
    locked = lock(opportunity)
    access.require(user, "team", locked)
    deleted, _count = OpportunityMember.objects.filter(opportunity=locked, user=member).delete()
    if not deleted:
        raise ServiceError(_("%(name)s is not on the team.") % {"name": member.display_name})
    events.member_removed(locked, user, member)
