"""The stage checklist: ticking and unticking an opportunity's tasks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from presales.accounts.models import User
from presales.opportunities import access, events
from presales.opportunities.models import OpportunityTask
from presales.opportunities.services._common import lock, save


@transaction.atomic
def task_set_done(*, task: OpportunityTask, user: User, done: bool) -> OpportunityTask:
    """Tick or untick a checklist item (who and when are kept)."""
    locked_opp = lock(task.opportunity)
    access.require(user, "contribute", locked_opp)
    task = OpportunityTask.objects.select_for_update().get(pk=task.pk)
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
