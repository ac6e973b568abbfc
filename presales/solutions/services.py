"""Every change to solutions, reviews, Q&A records and handovers: one function each, in a
transaction, permission checked first, with an event (presales.solutions.events) and history."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.roles import Role, has_role
from presales.approvals.models import Approval
from presales.approvals.services import approval_submit
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import (
    ServiceError,
    apply_changes,
    check_text,
    check_text_limits,
    check_version,
    next_numbered_code,
    require,
)
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import Opportunity, StageRole
from presales.opportunities.stage_roles import check_in_stage_role
from presales.solutions import access, events
from presales.solutions.models import (
    REVIEW_POINTS,
    AcceptanceReport,
    AcceptanceStatus,
    Handover,
    HandoverChecklistItem,
    QAItem,
    QASession,
    Review,
    ReviewConclusion,
    Solution,
    SolutionStatus,
    SolutionVersion,
    SupportVisit,
    VersionStatus,
)

SIGNOFF_TEMPLATE = "solution_signoff"
ACCEPTANCE_TEMPLATE = "acceptance_report"

SOLUTION_FIELDS = ["title", "scope", "due_date", "service_request"]
VERSION_FIELDS = ["summary", "main_equipment", "cost_low", "cost_high", "change_reason"]
REVIEW_FIELDS = [
    "chair",
    "held_on",
    "place",
    "minutes",
    *[f"{name}_{part}" for name, _label in REVIEW_POINTS for part in ("rating", "comment")],
    "conclusion",
]
HANDOVER_FIELDS = ["implementation_lead", "schedule", "planned_start", "planned_end", "handed_over_at", "notes"]
ACCEPTANCE_FIELDS = ["accepted_on", "summary"]


def default_checklist(opportunity: Opportunity) -> list[str]:
    """The documents handed to the implementation team (the seed's 交接 list)."""
    names = ["《解决方案》", "《项目报价清单》", "购销合同/采购合同"]
    if opportunity.has_tender:
        names += ["技术标书", "技术偏差表"]
    names += ["CAD图纸", "施工组织计划与施工方案"]
    return names


def _check_request(solution: Solution) -> None:
    request = solution.service_request
    if request is not None and request.opportunity_id != solution.opportunity_id:
        raise ServiceError(
            _("Service request %(code)s is not one of this opportunity's requests.") % {"code": request.code}
        )


def _lock_solution(solution: Solution) -> Solution:
    return Solution.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=solution.pk)


def _lock_version(version: SolutionVersion) -> SolutionVersion:
    return (
        SolutionVersion.objects.select_for_update(of=("self",))
        .select_related("solution", "solution__opportunity")
        .get(pk=version.pk)
    )


def refresh_status(solution: Solution, user) -> None:
    """A solution's status is its latest version's (an approved one wins over newer drafts
    only while it is the latest)."""
    latest = solution.versions.order_by("-number").first()
    if latest is None:
        status = SolutionStatus.NEW
    elif latest.status == VersionStatus.SUPERSEDED:
        status = SolutionStatus.APPROVED
    else:
        status = latest.status
    if solution.status != status:
        solution.status = status
        _save(solution, user, update_fields=["status", "updated_at"])


def version_url(version: SolutionVersion) -> str:
    return reverse("solutions:detail", args=[version.solution_id]) + f"#version-{version.number}"


def _set_people(relation, people, name: str, changed: list[str]) -> None:
    """Set a many-to-many list of people; note it in `changed` when it differs."""
    if people is None:
        return
    new = {person.pk for person in people}
    if new != set(relation.values_list("pk", flat=True)):
        relation.set(people)
        changed.append(name)


def _check_note(note: str) -> None:
    check_text(_("Note"), note, TEXT_SHORT)


def _check_cost(data: dict) -> None:
    low, high = data.get("cost_low"), data.get("cost_high")
    if low is not None and high is not None and low > high:
        raise ServiceError(_("The cost range is reversed: “from” is above “to”."))


# Solutions -----------------------------------------------------------------------------------


@transaction.atomic
def solution_create(*, user, opportunity: Opportunity, data: dict, designers=(), team=()) -> Solution:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    require(access.can_create_solution(user, opportunity))
    code = next_numbered_code(Solution.objects.filter(opportunity=opportunity), f"{opportunity.code}-S")
    solution = Solution(opportunity=opportunity, code=code, created_by=user)
    apply_changes(solution, data, SOLUTION_FIELDS)
    _check_request(solution)
    if not solution.title.strip():
        raise ServiceError(_("Give the solution a title."))
    _save(solution, user)
    solution.designers.set(designers or [user])
    solution.team.set(team)
    events.solution_created(solution, user)
    return solution


@transaction.atomic
def solution_update(
    *, solution: Solution, user, data: dict, designers=None, team=None, seen_version: int | None = None
) -> Solution:
    """Save the report unless someone else saved it since `seen_version` was read (the
    designers and the team count as part of it)."""
    locked = _lock_solution(solution)
    require(access.can_change(user, locked))
    check_version(locked, seen_version)
    changed = apply_changes(locked, data, SOLUTION_FIELDS)
    _check_request(locked)
    if designers is not None and not designers:
        raise ServiceError(_("A solution needs at least one designer."))
    _set_people(locked.designers, designers, "designers", changed)
    _set_people(locked.team, team, "team", changed)
    if changed:
        locked.version += 1
        _save(locked, user)
    events.solution_updated(locked, user, changed)
    return locked


@transaction.atomic
def version_create(*, solution: Solution, user, data: dict, file) -> SolutionVersion:
    """Upload a new version (方案修改流程: every version after the first says why)."""
    locked = _lock_solution(solution)
    require(access.can_change(user, locked))
    versions = list(locked.versions.order_by("-number"))
    problems = []
    if any(v.status == VersionStatus.SIGNING for v in versions):
        problems.append(_("A version is in sign-off: wait for the decision or withdraw it first."))
    number = (versions[0].number + 1) if versions else 1
    if number > 1 and not (data.get("change_reason") or "").strip():
        problems.append(
            _("Say why the solution changed (reason of change): version %(n)s follows an earlier one.") % {"n": number}
        )
    if not file:
        problems.append(_("Attach the solution document (docx, pdf or pptx)."))
    if not (data.get("summary") or "").strip():
        problems.append(_("Write a summary of the solution."))
    if problems:
        raise ServiceError(problems)
    _check_cost(data)
    version = SolutionVersion(solution=locked, number=number, created_by=user)
    apply_changes(version, data, VERSION_FIELDS)
    version.file = file
    _save(version, user)
    refresh_status(locked, user)
    events.version_created(version, user)
    return version


# Review and sign-off ---------------------------------------------------------------------------


@transaction.atomic
def review_record(
    *, version: SolutionVersion, user, data: dict, attendees=(), seen_version: int | None = None
) -> Review:
    """Record (or correct) the review meeting of a version; the version becomes reviewed.
    A correction based on an old copy of the review (`seen_version`) is refused."""
    locked = _lock_version(version)
    require(access.can_record_review(user, locked.solution))
    if locked.status not in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.RETURNED):
        raise ServiceError(
            _("The review of a version in state “%(status)s” can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    chair = data.get("chair")
    if chair is None or not has_role(chair, Role.PRESALES_MANAGER):
        raise ServiceError(_("The review is chaired by a technical head (presales manager)."))
    review = Review.objects.filter(version=locked).first()  # the version's lock serialises its writers
    if review is None:
        review = Review(version=locked, recorded_by=user)
        apply_changes(review, data, REVIEW_FIELDS)
        _save(review, user)
        review.attendees.set(attendees)
    else:
        check_version(review, seen_version, field="edit_version")
        changed = apply_changes(review, data, REVIEW_FIELDS)
        _set_people(review.attendees, attendees, "attendees", changed)
        if changed:
            review.recorded_by = user
            review.edit_version += 1
            _save(review, user)
    if locked.status == VersionStatus.DRAFT:
        locked.status = VersionStatus.IN_REVIEW
        _save(locked, user, update_fields=["status"])
        refresh_status(locked.solution, user)
    events.review_recorded(locked, user)
    return review


def review_missing(version: SolutionVersion) -> list[str]:
    """What the review of a version still lacks before sign-off."""
    review = Review.objects.filter(version=version).first()
    if review is None:
        return [_("No review meeting is recorded for this version.")]
    missing = [
        _("The review has no rating of “%(point)s”.") % {"point": label}
        for name, label in REVIEW_POINTS
        if not getattr(review, f"{name}_rating")
    ]
    if review.conclusion != ReviewConclusion.PASS:
        missing.append(_("The review's conclusion is not “pass”."))
    return missing


@transaction.atomic
def signoff_submit(*, version: SolutionVersion, user, note: str = "") -> SolutionVersion:
    """Send a reviewed version to the technical, sales and commercial heads (in parallel)."""
    locked = _lock_version(version)
    solution = _lock_solution(locked.solution)
    require(access.can_submit_signoff(user, solution))
    _check_note(note)
    if locked.status == VersionStatus.RETURNED:
        raise ServiceError(_("This version was returned: upload a new version with the reason of change."))
    if locked.status != VersionStatus.IN_REVIEW:
        problems = [
            _("Only a reviewed version can be sent for sign-off (this one is “%(status)s”).")
            % {"status": locked.get_status_display()}
        ]
        if locked.status == VersionStatus.DRAFT:
            problems += review_missing(locked)
        raise ServiceError(problems)
    if solution.versions.filter(status=VersionStatus.SIGNING).exclude(pk=locked.pk).exists():
        raise ServiceError(_("Another version of this solution is in sign-off."))
    if solution.versions.filter(number__gt=locked.number).exists():
        raise ServiceError(
            _("Version %(n)s has been followed by a newer version: only the latest version can be signed off.")
            % {"n": locked.number}
        )
    missing = review_missing(locked)
    if missing:
        raise ServiceError(missing)
    approval_submit(target=locked, template=SIGNOFF_TEMPLATE, user=user, note=note)
    locked.status = VersionStatus.SIGNING
    locked.submitted_at = timezone.now()
    locked.return_reasons = ""
    _save(locked, user, update_fields=["status", "submitted_at", "return_reasons"])
    refresh_status(solution, user)
    events.signoff_submitted(locked, user)
    return locked


def on_version_approved(version: SolutionVersion, approval: Approval, user) -> None:
    from presales.opportunities.services import deliverable_record_approved

    solution = version.solution
    version.status = VersionStatus.APPROVED
    version.approved_at = timezone.now()
    _save(version, user, update_fields=["status", "approved_at"])
    for older in solution.versions.filter(status=VersionStatus.APPROVED).exclude(pk=version.pk):
        older.status = VersionStatus.SUPERSEDED
        _save(older, user, update_fields=["status"])
    refresh_status(solution, user)
    deliverable_record_approved(
        opportunity=solution.opportunity,
        user=user,
        fulfilled_by="solution",
        title=f"{solution.title} v{version.number}",
        source_url=version_url(version),
        file=version.file,
        note=_("Solution %(code)s version %(n)s signed off.") % {"code": solution.code, "n": version.number},
    )
    events.version_approved(version, user)


def on_version_rejected(version: SolutionVersion, approval: Approval, user, reasons: list[str]) -> None:
    version.status = VersionStatus.RETURNED
    version.return_reasons = "\n".join(reasons)
    _save(version, user, reason="; ".join(reasons), update_fields=["status", "return_reasons"])
    refresh_status(version.solution, user)
    events.version_returned(version, user, reasons)


def on_version_withdrawn(version: SolutionVersion, approval: Approval, user) -> None:
    version.status = VersionStatus.IN_REVIEW
    _save(version, user, update_fields=["status"])
    refresh_status(version.solution, user)
    events.version_withdrawn(version, user)


# On-site Q&A -------------------------------------------------------------------------------------


@transaction.atomic
def qa_record(*, version: SolutionVersion, user, data: dict, attendees=(), items=()) -> QASession:
    """Record an on-site Q&A (现场答疑) on a version that was submitted to the customer."""
    locked = _lock_version(version)
    require(access.can_change(user, locked.solution))
    if locked.status not in (VersionStatus.SIGNING, VersionStatus.APPROVED, VersionStatus.SUPERSEDED):
        raise ServiceError(_("On-site Q&A is recorded on a version that was sent for sign-off or approved."))
    items = [i for i in items if (i.get("question") or "").strip()]
    if not items and not (data.get("notes") or "").strip():
        raise ServiceError(_("Write at least one question (or the notes of the session)."))
    session = QASession(version=locked, created_by=user)
    apply_changes(session, data, ["held_on", "place", "customer_attendees", "notes"])
    rows = [
        QAItem(
            question=i["question"].strip(),
            answer=(i.get("answer") or "").strip(),
            follow_up=(i.get("follow_up") or "").strip(),
        )
        for i in items
    ]
    for row in [session, *rows]:
        check_text_limits(row)
    session.save()
    session.our_attendees.set(attendees)
    for row in rows:
        row.session = session
    QAItem.objects.bulk_create(rows)
    events.qa_recorded(locked, user)
    return session


# Handover to implementation ---------------------------------------------------------------------


@transaction.atomic
def handover_start(*, opportunity: Opportunity, user, data: dict | None = None, team=()) -> Handover:
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",)).select_related("current_stage").get(pk=opportunity.pk)
    )
    require(access.can_start_handover(user, opportunity))
    check_in_stage_role(
        opportunity,
        StageRole.IMPLEMENTATION,
        refusal=_(
            "The handover to implementation starts in the implementation stage; this opportunity is in “%(stage)s”."
        ),
    )
    if Handover.objects.filter(opportunity=opportunity).exists():
        raise ServiceError(_("This opportunity has already been handed over."))
    handover = Handover(opportunity=opportunity, created_by=user)
    apply_changes(handover, data or {}, HANDOVER_FIELDS)
    _save(handover, user)
    handover.implementation_team.set(team)
    HandoverChecklistItem.objects.bulk_create(
        [HandoverChecklistItem(handover=handover, name=name) for name in default_checklist(opportunity)]
    )
    events.handover_started(handover, user)
    return handover


def _lock_handover(handover: Handover) -> Handover:
    return Handover.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=handover.pk)


@transaction.atomic
def handover_update(
    *, handover: Handover, user, data: dict, team=None, plan=None, seen_version: int | None = None
) -> Handover:
    """Save the handover unless someone else saved it since `seen_version` was read."""
    locked = _lock_handover(handover)
    require(access.can_change_handover(user, locked))
    check_version(locked, seen_version)
    if data.get("planned_start") and data.get("planned_end") and data["planned_start"] > data["planned_end"]:
        raise ServiceError(_("The planned end is before the planned start."))
    changed = apply_changes(locked, data, HANDOVER_FIELDS)
    if plan:
        locked.construction_plan = plan
        changed.append("construction_plan")
    _set_people(locked.implementation_team, team, "implementation_team", changed)
    if changed:
        locked.version += 1
    _save(locked, user)
    events.handover_updated(locked, user, changed)
    return locked


@transaction.atomic
def checklist_set(*, item: HandoverChecklistItem, user, handed_over: bool, note: str | None = None):
    locked = _lock_handover(item.handover)
    require(access.can_change_handover(user, locked))
    item = HandoverChecklistItem.objects.select_for_update().get(pk=item.pk, handover=locked)
    item.handed_over = handed_over
    if note is not None:
        item.note = note.strip()[:300]
    item.save()
    if handed_over:
        events.checklist_handed_over(locked, item, user)
    else:
        events.checklist_not_handed_over(locked, item, user)
    return item


@transaction.atomic
def checklist_add(*, handover: Handover, user, name: str) -> HandoverChecklistItem:
    locked = _lock_handover(handover)
    require(access.can_change_handover(user, locked))
    item = HandoverChecklistItem(handover=locked, name=(name or "").strip())
    if not item.name:
        raise ServiceError(_("Name the document."))
    check_text_limits(item)
    item.save()
    events.checklist_added(locked, item, user)
    return item


@transaction.atomic
def visit_add(*, handover: Handover, user, data: dict) -> SupportVisit:
    locked = _lock_handover(handover)
    require(access.can_change_handover(user, locked))
    visit = SupportVisit(handover=locked, created_by=user)
    apply_changes(visit, data, ["visited_on", "engineer", "place", "work_done", "issues", "hours"])
    check_text_limits(visit)
    visit.save()
    events.visit_added(locked, visit, user)
    return visit


@transaction.atomic
def acceptance_save(
    *, handover: Handover, user, data: dict, file=None, seen_version: int | None = None
) -> AcceptanceReport:
    """Write or correct the acceptance report; a correction based on an old copy
    (`seen_version`) is refused."""
    locked = _lock_handover(handover)
    require(access.can_change_handover(user, locked))
    report = AcceptanceReport.objects.select_for_update().filter(handover=locked).first()
    if report is None:
        report = AcceptanceReport(handover=locked, created_by=user)
    elif report.status in (AcceptanceStatus.SUBMITTED, AcceptanceStatus.APPROVED):
        raise ServiceError(
            _("The acceptance report is %(status)s and can no longer be changed.")
            % {"status": report.get_status_display()}
        )
    else:
        check_version(report, seen_version)
    changed = apply_changes(report, data, ACCEPTANCE_FIELDS)
    if file:
        report.file = file
        changed.append("file")
    if report.pk and changed:
        report.version += 1
    if report.status == AcceptanceStatus.RETURNED:
        report.status = AcceptanceStatus.DRAFT
    _save(report, user)
    events.acceptance_saved(locked, user)
    return report


@transaction.atomic
def acceptance_submit(*, report: AcceptanceReport, user, note: str = "") -> AcceptanceReport:
    locked_handover = _lock_handover(report.handover)
    require(access.can_change_handover(user, locked_handover))
    _check_note(note)
    report = AcceptanceReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (AcceptanceStatus.DRAFT, AcceptanceStatus.RETURNED):
        raise ServiceError(_("The acceptance report is %(status)s.") % {"status": report.get_status_display()})
    missing = []
    if not report.accepted_on:
        missing.append(_("The acceptance date is missing."))
    if not report.file:
        missing.append(_("The signed acceptance report is not attached."))
    if missing:
        raise ServiceError(missing)
    approval_submit(target=report, template=ACCEPTANCE_TEMPLATE, user=user, note=note)
    report.status = AcceptanceStatus.SUBMITTED
    report.return_reasons = ""
    _save(report, user, update_fields=["status", "return_reasons"])
    events.acceptance_submitted(locked_handover, user)
    return report


def handover_url(handover: Handover) -> str:
    return reverse("solutions:handover", args=[handover.opportunity_id])


def on_acceptance_approved(report: AcceptanceReport, approval: Approval, user) -> None:
    from presales.opportunities.services import deliverable_record_approved

    report.status = AcceptanceStatus.APPROVED
    _save(report, user, update_fields=["status"])
    opportunity = report.handover.opportunity
    deliverable_record_approved(
        opportunity=opportunity,
        user=user,
        fulfilled_by="acceptance_report",
        title=_("Acceptance report %(code)s") % {"code": opportunity.code},
        source_url=handover_url(report.handover),
        file=report.file or None,
    )
    events.acceptance_approved(report.handover, user)


def on_acceptance_rejected(report: AcceptanceReport, approval: Approval, user, reasons: list[str]) -> None:
    report.status = AcceptanceStatus.RETURNED
    report.return_reasons = "\n".join(reasons)
    _save(report, user, reason="; ".join(reasons), update_fields=["status", "return_reasons"])
    events.acceptance_returned(report.handover, user, reasons)


def on_acceptance_withdrawn(report: AcceptanceReport, approval: Approval, user) -> None:
    report.status = AcceptanceStatus.DRAFT
    _save(report, user, update_fields=["status"])
    events.acceptance_withdrawn(report.handover, user)
