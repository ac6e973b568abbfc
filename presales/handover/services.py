"""Every change to a handover to implementation and its acceptance report: one function
each, in a transaction, the handover's row locked and the permission checked first, with an
event (presales.handover.events) and history. The acceptance report is confirmed through
the approvals engine (template "acceptance_report"); its hooks are the `on_acceptance_*`
functions, registered in apps.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.approvals.models import Approval
from presales.approvals.services import approval_submit
from presales.handover import access, events
from presales.handover.models import AcceptanceReport, AcceptanceStatus, Handover, HandoverChecklistItem, SupportVisit
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import (
    ServiceError,
    apply_changes,
    check_text,
    check_text_limits,
    check_version,
    require,
    set_people,
)
from presales.lib.services import save_with_history as _save
from presales.opportunities.models import Opportunity, StageRole
from presales.opportunities.stage_roles import check_in_stage_role

ACCEPTANCE_TEMPLATE = "acceptance_report"

HANDOVER_FIELDS = ["implementation_lead", "schedule", "planned_start", "planned_end", "handed_over_at", "notes"]
VISIT_FIELDS = ["visited_on", "engineer", "place", "work_done", "issues", "hours"]
ACCEPTANCE_FIELDS = ["accepted_on", "summary"]


def default_checklist(opportunity: Opportunity) -> list[str]:
    """The documents handed to the implementation team (the seed's 交接 list)."""
    names = ["《解决方案》", "《项目报价清单》", "购销合同/采购合同"]
    if opportunity.has_tender:
        names += ["技术标书", "技术偏差表"]
    names += ["CAD图纸", "施工组织计划与施工方案"]
    return names


def handover_url(handover: Handover) -> str:
    return reverse("handover:detail", args=[handover.opportunity_id])


def _locked_for_change(handover: Handover, user: User) -> Handover:
    """The handover, its row locked, once `user` may change it (every write but the start
    begins so: the lock serialises the writers of a handover and of its report)."""
    locked = Handover.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=handover.pk)
    require(access.can_change_handover(user, locked))
    return locked


@transaction.atomic
def handover_start(
    *, opportunity: Opportunity, user: User, data: dict | None = None, team: Iterable[User] = ()
) -> Handover:
    """Hand an opportunity in the implementation stage over (once), with the seed's list of
    documents to hand over."""
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


@transaction.atomic
def handover_update(
    *,
    handover: Handover,
    user: User,
    data: dict,
    team: Iterable[User] | None = None,
    plan: File | None = None,
    seen_version: int | None = None,
) -> Handover:
    """Save the handover unless someone else saved it since `seen_version` was read."""
    locked = _locked_for_change(handover, user)
    check_version(locked, seen_version)
    if data.get("planned_start") and data.get("planned_end") and data["planned_start"] > data["planned_end"]:
        raise ServiceError(_("The planned end is before the planned start."))
    changed = apply_changes(locked, data, HANDOVER_FIELDS)
    if plan:
        locked.construction_plan = plan
        changed.append("construction_plan")
    set_people(locked.implementation_team, team, "implementation_team", changed)
    if changed:
        locked.version += 1
    _save(locked, user)
    events.handover_updated(locked, user, changed)
    return locked


@transaction.atomic
def checklist_set(
    *, item: HandoverChecklistItem, user: User, handed_over: bool, note: str | None = None
) -> HandoverChecklistItem:
    locked = _locked_for_change(item.handover, user)
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
def checklist_add(*, handover: Handover, user: User, name: str) -> HandoverChecklistItem:
    locked = _locked_for_change(handover, user)
    item = HandoverChecklistItem(handover=locked, name=(name or "").strip())
    if not item.name:
        raise ServiceError(_("Name the document."))
    check_text_limits(item)
    item.save()
    events.checklist_added(locked, item, user)
    return item


@transaction.atomic
def visit_add(*, handover: Handover, user: User, data: dict) -> SupportVisit:
    locked = _locked_for_change(handover, user)
    visit = SupportVisit(handover=locked, created_by=user)
    apply_changes(visit, data, VISIT_FIELDS)
    check_text_limits(visit)
    visit.save()
    events.visit_added(locked, visit, user)
    return visit


@transaction.atomic
def acceptance_save(
    *, handover: Handover, user: User, data: dict, file: File | None = None, seen_version: int | None = None
) -> AcceptanceReport:
    """Write or correct the acceptance report; a correction based on an old copy
    (`seen_version`) is refused."""
    locked = _locked_for_change(handover, user)
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
def acceptance_submit(*, report: AcceptanceReport, user: User, note: str = "") -> AcceptanceReport:
    """Send the acceptance report, dated and with the customer's signed copy, to the
    technical head and then the sales head."""
    locked_handover = _locked_for_change(report.handover, user)
    check_text(_("Note"), note, TEXT_SHORT)
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


def on_acceptance_approved(report: AcceptanceReport, approval: Approval, user: User) -> None:
    """The approved report is the 《项目验收报告》 deliverable of 实施 (its exit)."""
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


def on_acceptance_rejected(report: AcceptanceReport, approval: Approval, user: User, reasons: list[str]) -> None:
    report.status = AcceptanceStatus.RETURNED
    report.return_reasons = "\n".join(reasons)
    _save(report, user, reason="; ".join(reasons), update_fields=["status", "return_reasons"])
    events.acceptance_returned(report.handover, user, reasons)


def on_acceptance_withdrawn(report: AcceptanceReport, approval: Approval, user: User) -> None:
    report.status = AcceptanceStatus.DRAFT
    _save(report, user, update_fields=["status"])
    events.acceptance_withdrawn(report.handover, user)
