"""What several of the opportunity services share: the row lock, the save that keeps
history, and putting a stage's checklist on an opportunity."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from presales.accounts.models import User
from presales.lib.services import save_with_history as save
from presales.opportunities.models import (
    DEPARTMENT_ROLES,
    Deliverable,
    DeliverableStatus,
    Opportunity,
    OpportunityMember,
    OpportunityTask,
    Stage,
    TaskRole,
    TeamRole,
)

__all__ = ["TaskHolders", "lock", "open_stage_tasks", "save"]


class TaskHolders:
    """Who holds each task role on one opportunity (read once per role):

    - sales owner: the opportunity's owner; presales lead: its presales lead;
    - commercial: the team's named commercial member (TeamRole.COMMERCIAL), else nobody —
      the task waits in the commercial queue;
    - presales manager, service management, finance: the one active person of that role,
      else nobody (several: the department's queue);
    - the opportunity's owner when nobody at all holds the role (no presales lead, no
      commercial user …), the task keeping its role.
    """

    def __init__(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        self._cache: dict[str, User | None] = {}

    def __call__(self, role: str) -> User | None:
        if role not in self._cache:
            self._cache[role] = self._holder(role)
        return self._cache[role]

    def _holder(self, role: str) -> User | None:
        opportunity = self.opportunity
        owner = opportunity.sales_owner
        if role == TaskRole.SALES_OWNER:
            return owner
        if role == TaskRole.PRESALES_LEAD:
            return opportunity.presales_lead or owner
        department = DEPARTMENT_ROLES.get(role)
        if department is None:
            return owner
        if role == TaskRole.COMMERCIAL:
            member = (
                OpportunityMember.objects.filter(
                    opportunity=opportunity, role=TeamRole.COMMERCIAL, user__is_active=True
                )
                .select_related("user")
                .order_by("added_at", "id")
                .first()
            )
            if member is not None:
                return member.user
        holders = list(User.objects.filter(is_active=True, groups__name=department).distinct().order_by("id")[:2])
        if not holders:
            return owner
        if len(holders) == 1 and role != TaskRole.COMMERCIAL:
            return holders[0]
        return None  # the department's queue


def lock(opportunity: Opportunity) -> Opportunity:
    """Re-read the row under a lock (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers with BEGIN IMMEDIATE, see settings)."""
    return Opportunity.objects.select_for_update().get(pk=opportunity.pk)


def open_stage_tasks(opportunity: Opportunity, stage: Stage, entered_at: datetime) -> None:
    """Put the stage's checklist on the opportunity (once per stage task, kept on moving back),
    each task assigned to whoever holds its role on the opportunity (TaskHolders)."""
    holders = TaskHolders(opportunity)
    existing = set(
        OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).values_list("stage_task_id", flat=True)
    )
    tasks = [task for task in stage.tasks.all() if task.pk not in existing]
    # A task that ticks itself on a record (StageTask.done_when) made before the stage began
    # (a tender registered while still 跟踪) starts done, by whoever recorded it.
    recorded = dict(
        Deliverable.objects.filter(
            opportunity=opportunity,
            status=DeliverableStatus.APPROVED,
            deliverable_type__fulfilled_by__in=[t.done_when for t in tasks if t.done_when],
        )
        .order_by("approved_at", "id")
        .values_list("deliverable_type__fulfilled_by", "created_by_id")
    )
    now = timezone.now()
    new_tasks = [
        OpportunityTask(
            opportunity=opportunity,
            stage=stage,
            stage_task=task,
            title=task.title,
            required=task.required,
            role=task.role,
            assignee=holders(task.role),
            due_date=(timezone.localtime(entered_at) + timedelta(days=task.due_days)).date()
            if task.due_days is not None
            else None,
            done_at=now if task.done_when and task.done_when in recorded else None,
            done_by_id=recorded.get(task.done_when) if task.done_when else None,
        )
        for task in tasks
    ]
    OpportunityTask.objects.bulk_create(new_tasks)
