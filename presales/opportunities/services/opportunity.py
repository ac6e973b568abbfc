"""Opening an opportunity and editing its header."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.accounts.roles import is_manager
from presales.lib.services import ServiceError, apply_changes, check_version, next_yearly_code
from presales.opportunities import access, events
from presales.opportunities.models import (
    EDITABLE_FIELDS,
    Opportunity,
    OpportunityCodeCounter,
    OpportunityMember,
    OpportunityTask,
    StageTemplate,
)
from presales.opportunities.services._common import TaskHolders, lock, open_stage_tasks, save


def _next_code() -> str:
    return next_yearly_code(OpportunityCodeCounter, settings.PRESALES_OPPORTUNITY_CODE_PREFIX)


def default_template() -> StageTemplate:
    template = StageTemplate.objects.filter(is_default=True).first()
    if template is None:
        raise ServiceError(_("No default stage template is configured. Ask an administrator to set one."))
    return template


@transaction.atomic
def opportunity_create(*, user: User, data: dict[str, Any], team: Iterable[User] | None = None) -> Opportunity:
    """Open a presales project in the first stage of the default template. A rep opens his
    own: only managers name another sales owner (as only they reassign one later)."""
    if not access.can_create(user):
        raise PermissionDenied
    owner = data.get("sales_owner")
    if owner is not None and owner.pk != user.pk and not is_manager(user):
        raise ServiceError(_("Only managers can open an opportunity for another sales owner."))
    template: StageTemplate = data.get("template") or default_template()
    first_stage = template.stages.order_by("order").first()
    if first_stage is None:
        raise ServiceError(_("The stage template “%(name)s” has no stages.") % {"name": template.name})
    now = timezone.now()
    opportunity = Opportunity(
        code=_next_code(),
        template=template,
        current_stage=first_stage,
        stage_entered_at=now,
        created_by=user,
    )
    apply_changes(opportunity, data, EDITABLE_FIELDS)
    if not opportunity.sales_owner_id:
        opportunity.sales_owner = user
    save(opportunity, user)
    for member in team or []:
        OpportunityMember.objects.get_or_create(opportunity=opportunity, user=member)
    open_stage_tasks(opportunity, first_stage, now)
    events.created(opportunity, user, first_stage)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, user: User, data: dict[str, Any], seen_version: int | None
) -> Opportunity:
    """Save header fields unless someone else saved since `seen_version` was read."""
    locked = lock(opportunity)
    access.require(user, "edit", locked)
    check_version(locked, seen_version)
    fields = list(EDITABLE_FIELDS)
    if not is_manager(user) or data.get("sales_owner") is None:
        fields.remove("sales_owner")  # only managers hand an opportunity to another rep; never to nobody
    before = copy.copy(locked)
    before.sales_owner, before.presales_lead = locked.sales_owner, locked.presales_lead
    changed = apply_changes(locked, data, fields)
    if "has_tender" in changed and locked.current_stage.is_skipped_for(locked):
        raise ServiceError(
            _("The project is in “%(stage)s”, a tender stage: move it back before marking it as without a tender.")
            % {"stage": locked.current_stage.name}
        )
    if changed:
        locked.version += 1
        save(locked, user)
    if {"sales_owner", "presales_lead"} & set(changed):
        _hand_over_open_tasks(locked, before)
    return locked


def _hand_over_open_tasks(locked: Opportunity, before: Opportunity) -> None:
    """A new sales owner or presales lead takes over the open tasks that were with his
    predecessor by the rule (TaskHolders, the fallback to the owner included); a task given
    to someone by hand stays where it is."""
    old_holders, new_holders = TaskHolders(before), TaskHolders(locked)
    previous = {before.sales_owner_id, before.presales_lead_id} - {None}
    for task in OpportunityTask.objects.filter(opportunity=locked, done_at__isnull=True, assignee_id__in=previous):
        was = old_holders(task.role)
        if was is None or was.pk != task.assignee_id:
            continue
        task.assignee = new_holders(task.role)
        if task.assignee_id != was.pk:
            save(task, locked.sales_owner, reason="handed over with the opportunity", update_fields=["assignee"])
