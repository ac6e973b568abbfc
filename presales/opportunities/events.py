"""The events of opportunities (presales.events): the kinds, and one constructor per kind
that the services call inside their transaction."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.events.registry import choice_label, define, define_legacy
from presales.events.services import record
from presales.opportunities.models import OpportunityStatus

CREATED = define(
    "opportunities.created",
    label=_("Opportunity created"),
    sentence=_("opened %(code)s “%(name)s” in %(to_stage)s"),
)
STAGE_ADVANCED = define(
    "opportunities.stage_advanced",
    label=_("Stage advanced"),
    sentence=_("moved %(code)s from %(from_stage)s to %(to_stage)s"),
)
STAGE_MOVED_BACK = define(
    "opportunities.stage_moved_back",
    label=_("Stage moved back"),
    sentence=_("moved %(code)s back from %(from_stage)s to %(to_stage)s"),
)
STAGE_SKIPPED = define(
    "opportunities.stage_skipped",
    label=_("Stage skipped"),
    sentence=_("skipped %(to_stage)s of %(code)s: no tender for this project"),
)
DELIVERABLE_SUBMITTED = define(
    "opportunities.deliverable_submitted",
    label=_("Deliverable submitted"),
    sentence=_("submitted 《%(title)s》 v%(version)s of %(code)s"),
)
DELIVERABLE_APPROVED = define(
    "opportunities.deliverable_approved",
    label=_("Deliverable approved"),
    sentence=_("approved 《%(title)s》 v%(version)s of %(code)s"),
)
DELIVERABLE_RETURNED = define(
    "opportunities.deliverable_returned",
    label=_("Deliverable returned"),
    sentence=_("returned 《%(title)s》 v%(version)s of %(code)s"),
)
DELIVERABLE_WITHDRAWN = define(
    "opportunities.deliverable_withdrawn",
    label=_("Deliverable withdrawn from approval"),
    sentence=_("withdrew 《%(title)s》 v%(version)s of %(code)s from approval"),
)
TASK_DONE = define(
    "opportunities.task_done",
    label=_("Task done"),
    sentence=_("ticked off the task “%(title)s” of %(code)s"),
)
TASK_REOPENED = define(
    "opportunities.task_reopened",
    label=_("Task reopened"),
    sentence=_("reopened the task “%(title)s” of %(code)s"),
)
TASK_REASSIGNED = define(
    "opportunities.task_reassigned",
    label=_("Task reassigned"),
    sentence=_("assigned the task “%(title)s” of %(code)s to %(assignee)s"),
)
CLOSED = define(
    "opportunities.closed",
    label=_("Closed"),
    sentence=_("closed %(code)s as %(status)s"),
    params=lambda data: {"status": choice_label(OpportunityStatus, data.get("status"))},
)
REOPENED = define(
    "opportunities.reopened",
    label=_("Reopened"),
    sentence=_("reopened %(code)s"),
)
MEMBER_ADDED = define(
    "opportunities.member_added",
    label=_("Team member added"),
    sentence=_("added %(member)s to the team of %(code)s"),
)
MEMBER_REMOVED = define(
    "opportunities.member_removed",
    label=_("Team member removed"),
    sentence=_("removed %(member)s from the team of %(code)s"),
)
MEMBER_ADDED_BY_ASSIGNMENT = define(
    "opportunities.member_added_by_assignment",
    label=_("Joined the team through a service request"),
    sentence=_("joined the team of %(code)s (accepted the service request %(request)s)"),
)
LEGACY = define_legacy("opportunities")

# The kinds that move an opportunity into a stage (to_stage_id is the stage entered).
STAGE_ENTRIES = (CREATED, STAGE_ADVANCED, STAGE_MOVED_BACK)


def _stage(prefix: str, stage) -> dict:
    return {f"{prefix}_stage_id": stage.pk, f"{prefix}_stage": stage.name}


def _record(kind, opportunity, user, *, subject=None, **data):
    return record(
        kind, user, opportunity=opportunity, subject=subject or opportunity, data={"code": opportunity.code, **data}
    )


def created(opportunity, user, stage):
    return _record(CREATED, opportunity, user, name=opportunity.name, **_stage("to", stage))


def stage_advanced(opportunity, user, from_stage, to_stage, reason: str = ""):
    return _record(
        STAGE_ADVANCED, opportunity, user, **_stage("from", from_stage), **_stage("to", to_stage), reason=reason
    )


def stage_moved_back(opportunity, user, from_stage, to_stage, reason: str):
    return _record(
        STAGE_MOVED_BACK, opportunity, user, **_stage("from", from_stage), **_stage("to", to_stage), reason=reason
    )


def stage_skipped(opportunity, user, from_stage, skipped):
    return _record(STAGE_SKIPPED, opportunity, user, **_stage("from", from_stage), **_stage("to", skipped))


def _deliverable(kind, opportunity, deliverable, user, reason: str = ""):
    return _record(
        kind,
        opportunity,
        user,
        subject=deliverable,
        title=deliverable.title,
        version=deliverable.version,
        deliverable_type_id=deliverable.deliverable_type_id,
        **({"reason": reason} if reason else {}),
    )


def deliverable_submitted(opportunity, deliverable, user):
    return _deliverable(DELIVERABLE_SUBMITTED, opportunity, deliverable, user)


def deliverable_approved(opportunity, deliverable, user):
    return _deliverable(DELIVERABLE_APPROVED, opportunity, deliverable, user)


def deliverable_returned(opportunity, deliverable, user, reasons: list[str]):
    return _deliverable(DELIVERABLE_RETURNED, opportunity, deliverable, user, reason="\n".join(reasons))


def deliverable_withdrawn(opportunity, deliverable, user):
    return _deliverable(DELIVERABLE_WITHDRAWN, opportunity, deliverable, user)


def task_done(opportunity, task, user):
    return _record(TASK_DONE, opportunity, user, subject=task, title=task.title, stage_id=task.stage_id)


def task_reopened(opportunity, task, user):
    return _record(TASK_REOPENED, opportunity, user, subject=task, title=task.title, stage_id=task.stage_id)


def task_reassigned(opportunity, task, user, previous):
    return _record(
        TASK_REASSIGNED,
        opportunity,
        user,
        subject=task,
        title=task.title,
        stage_id=task.stage_id,
        role=task.role,
        assignee_id=task.assignee_id,
        assignee=task.assignee.display_name,
        previous_id=previous.pk if previous else None,
        previous=previous.display_name if previous else "",
    )


def closed(opportunity, user, *, status: str, reason: str, winning_competitor: str = ""):
    return _record(
        CLOSED,
        opportunity,
        user,
        status=status,
        **_stage("from", opportunity.current_stage),
        reason=reason,
        winning_competitor=winning_competitor,
    )


def reopened(opportunity, user, reason: str):
    return _record(REOPENED, opportunity, user, reason=reason)


def member_added(opportunity, user, member):
    return _record(MEMBER_ADDED, opportunity, user, member_id=member.pk, member=member.display_name)


def member_added_by_assignment(opportunity, member, request):
    """`member` joined the team because he accepted the service request `request` (he is the
    actor: nobody else added him)."""
    return _record(
        MEMBER_ADDED_BY_ASSIGNMENT,
        opportunity,
        member,
        member_id=member.pk,
        member=member.display_name,
        request_id=request.pk,
        request=request.code,
    )


def member_removed(opportunity, user, member):
    return _record(MEMBER_REMOVED, opportunity, user, member_id=member.pk, member=member.display_name)
