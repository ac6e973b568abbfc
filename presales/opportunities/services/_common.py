"""What several of the opportunity services share: the row lock, the save that keeps
history, and putting a stage's checklist on an opportunity."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from presales.lib.services import save_with_history as save
from presales.opportunities.models import Opportunity, OpportunityTask, Stage

__all__ = ["lock", "open_stage_tasks", "save"]


def lock(opportunity: Opportunity) -> Opportunity:
    """Re-read the row under a lock (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers with BEGIN IMMEDIATE, see settings)."""
    return Opportunity.objects.select_for_update().get(pk=opportunity.pk)


def open_stage_tasks(opportunity: Opportunity, stage: Stage, entered_at: datetime) -> None:
    """Put the stage's checklist on the opportunity (once per stage task, kept on moving back)."""
    existing = set(
        OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).values_list("stage_task_id", flat=True)
    )
    new_tasks = [
        OpportunityTask(
            opportunity=opportunity,
            stage=stage,
            stage_task=task,
            title=task.title,
            required=task.required,
            assignee=opportunity.presales_lead or opportunity.sales_owner,
            due_date=(timezone.localtime(entered_at) + timedelta(days=task.due_days)).date()
            if task.due_days is not None
            else None,
        )
        for task in stage.tasks.all()
        if task.pk not in existing
    ]
    OpportunityTask.objects.bulk_create(new_tasks)
