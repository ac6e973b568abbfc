"""Every change to solutions, reviews and Q&A records: one function each, in a transaction,
permission checked first, with an event (presales.solutions.events) and history. (The
handover to implementation is presales.handover.)"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
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
    set_people,
)
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import Opportunity
from presales.solutions import access, events
from presales.solutions.models import (
    REVIEW_POINTS,
    QAItem,
    QASession,
    Review,
    ReviewConclusion,
    Solution,
    SolutionStatus,
    SolutionVersion,
    VersionStatus,
)

SIGNOFF_TEMPLATE = "solution_signoff"

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


def refresh_status(solution: Solution, user: User) -> None:
    """A solution's status is its latest version's (an approved one wins over newer drafts
    only while it is the latest)."""
    latest = solution.versions.order_by("-number").first()
    status: str
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


def _check_note(note: str) -> None:
    check_text(_("Note"), note, TEXT_SHORT)


def _check_cost(data: dict) -> None:
    low, high = data.get("cost_low"), data.get("cost_high")
    if low is not None and high is not None and low > high:
        raise ServiceError(_("The cost range is reversed: “from” is above “to”."))


# Solutions -----------------------------------------------------------------------------------


@transaction.atomic
def solution_create(
    *, user: User, opportunity: Opportunity, data: dict, designers: Iterable[User] = (), team: Iterable[User] = ()
) -> Solution:
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
    *,
    solution: Solution,
    user: User,
    data: dict,
    designers: Iterable[User] | None = None,
    team: Iterable[User] | None = None,
    seen_version: int | None = None,
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
    set_people(locked.designers, designers, "designers", changed)
    set_people(locked.team, team, "team", changed)
    if changed:
        locked.version += 1
        _save(locked, user)
    events.solution_updated(locked, user, changed)
    return locked


@transaction.atomic
def version_create(*, solution: Solution, user: User, data: dict, file: File | None) -> SolutionVersion:
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
    *,
    version: SolutionVersion,
    user: User,
    data: dict,
    attendees: Iterable[User] = (),
    seen_version: int | None = None,
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
        set_people(review.attendees, attendees, "attendees", changed)
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
def signoff_submit(*, version: SolutionVersion, user: User, note: str = "") -> SolutionVersion:
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


def on_version_approved(version: SolutionVersion, approval: Approval, user: User) -> None:
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


def on_version_rejected(version: SolutionVersion, approval: Approval, user: User, reasons: list[str]) -> None:
    version.status = VersionStatus.RETURNED
    version.return_reasons = "\n".join(reasons)
    _save(version, user, reason="; ".join(reasons), update_fields=["status", "return_reasons"])
    refresh_status(version.solution, user)
    events.version_returned(version, user, reasons)


def on_version_withdrawn(version: SolutionVersion, approval: Approval, user: User) -> None:
    version.status = VersionStatus.IN_REVIEW
    _save(version, user, update_fields=["status"])
    refresh_status(version.solution, user)
    events.version_withdrawn(version, user)


# On-site Q&A -------------------------------------------------------------------------------------


@transaction.atomic
def qa_record(
    *, version: SolutionVersion, user: User, data: dict, attendees: Iterable[User] = (), items: Iterable[dict] = ()
) -> QASession:
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
