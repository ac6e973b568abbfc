"""The stage checklist: ticking and unticking an opportunity's tasks, and giving one to someone else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError
from presales.opportunities import access, events
from presales.opportunities.models import OpportunityTask
from presales.opportunities.services._common import lock, save


@transaction.atomic
def task_set_done(*, task: OpportunityTask, user: User, done: bool) -> OpportunityTask:
    """Tick or untick a checklist item (who and when are kept)."""
    locked_opp = lock(task.opportunity)
    task = OpportunityTask.objects.select_for_update().get(pk=task.pk)
    if not access.can_do_task(user, locked_opp, task):
        raise PermissionDenied
    if done == task.is_done:
        return task
    task.done_at = timezone.now() if done else None
    task.done_by = user if done else None
    save(task, user)
    if done:
        events.task_done(locked_opp, task, user)
    else:
        events.task_reopened(locked_opp, task, user)
    return task


@transaction.atomic
def task_reassign(*, task: OpportunityTask, user: User, assignee: User) -> OpportunityTask:
    """Give an open task to `assignee` by hand (access.can_reassign_task): someone who sees
    the opportunity — a team member or one of the departments that see every opportunity.
    The task keeps its role; a "task_reassigned" event names the old and the new assignee."""
    locked_opp = lock(task.opportunity)
    task = OpportunityTask.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=task.pk)
    if not access.can_reassign_task(user, locked_opp, task):
        raise PermissionDenied
    if not assignee.is_active or not access.sees_opportunity(assignee, locked_opp.pk):
        raise ServiceError(
            _("%(name)s cannot see this opportunity: add him or her to the team first.")
            % {"name": assignee.display_name}
        )
    if task.assignee_id == assignee.pk:
        raise ServiceError(_("The task is already assigned to %(name)s.") % {"name": assignee.display_name})
    previous = task.assignee
    task.assignee = assignee
    save(task, user, update_fields=["assignee"])
    events.task_reassigned(locked_opp, task, user, previous)
    return task
