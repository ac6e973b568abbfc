"""A change to an approved entry: proposed (AnswerChange), decided through the approvals
engine, applied when approved, returned with the reasons when rejected.

The category's owner approves: each category with an owner has its own approval template
(code "answer_change-<category id>", one step naming the owner), kept in line by
`template_for_category` when a change is proposed. A category without an owner, or a change
its owner proposes himself, goes to the "answer_change" template (the presales managers).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.answers import access, events, indexing
from presales.answers.models import AnswerCategory, AnswerChange, AnswerEntry, AnswerStatus, ChangeStatus
from presales.answers.services.entries import ENTRY_FIELDS, _lock_entry, apply_proposal, diff
from presales.approvals.models import ApprovalTemplate, ApprovalTemplateStep
from presales.approvals.services import approval_submit
from presales.events.registry import field_labels
from presales.lib.forms import TEXT_SHORT
from presales.lib.lifecycle import next_review_date
from presales.lib.services import ServiceError, check_text, save_with_history

BASE_TEMPLATE = "answer_change"


class _Probed(Exception):
    """Undoes the trial application of a proposal (its tags and products)."""


def template_for_category(category: AnswerCategory, submitter: User) -> str:
    """The code of the template that asks the category's owner (kept naming him), or the
    managers' template when the category has no active owner or he is the submitter."""
    owner = category.owner
    if owner is None or not owner.is_active or owner.pk == submitter.pk:
        return BASE_TEMPLATE
    code = f"{BASE_TEMPLATE}-{category.pk}"
    template = ApprovalTemplate.objects.filter(code=code).first()
    if template is None:
        template = ApprovalTemplate.objects.create(
            code=code,
            name=(_("Answer change: %(category)s") % {"category": category.name})[:100],
            target_type=ContentType.objects.get_for_model(AnswerChange),
            description=_("Kept by the answer library: the category's owner approves changes to its answers."),
        )
    step = template.steps.first()
    if step is None:
        step = ApprovalTemplateStep.objects.create(
            template=template, order=1, name=_("Category owner's approval")[:100], mode="any"
        )
    if list(step.approver_users.values_list("pk", flat=True)) != [owner.pk]:
        step.approver_users.set([owner])
    if not template.is_active:
        template.is_active = True
        template.save(update_fields=["is_active"])
    return code


def _summary(proposal: dict) -> str:
    names = [n for n in ENTRY_FIELDS if n in proposal] + [n for n in ("tags", "products") if n in proposal]
    return field_labels(AnswerEntry, names)[:300]


def change_propose(*, user: User, entry: AnswerEntry, data: dict, note: str = "") -> AnswerChange:
    """Called by entry_update inside its transaction, with the entry locked."""
    check_text(_("Note"), note, TEXT_SHORT)
    if AnswerChange.objects.filter(entry=entry, status=ChangeStatus.PENDING).exists():
        raise ServiceError(_("A change to this answer is already awaiting approval: wait for its decision."))
    proposal = diff(entry, data)
    if not proposal:
        raise ServiceError(_("Nothing was changed."))
    # Check the proposal as it would be applied, on a copy (the entry keeps its approved text).
    probe = AnswerEntry.objects.get(pk=entry.pk)
    try:
        with transaction.atomic():
            apply_proposal(probe, proposal)
            raise _Probed
    except _Probed:
        pass
    change = AnswerChange.objects.create(
        entry=entry, data=proposal, summary=_summary(proposal), note=(note or "").strip(), proposed_by=user
    )
    approval_submit(target=change, template=template_for_category(entry.category, user), user=user, note=note)
    events.change_proposed(entry, user, change.summary)
    return change


def _locked_change(change: AnswerChange) -> AnswerChange:
    return AnswerChange.objects.select_for_update().get(pk=change.pk)


@transaction.atomic
def on_approved(change: AnswerChange, approval, user: User) -> None:
    change = _locked_change(change)
    if change.status != ChangeStatus.PENDING:
        return
    entry = _lock_entry(change.entry)
    requirement_before = entry.requirement
    if entry.status == AnswerStatus.APPROVED:
        changed = apply_proposal(entry, change.data)
        if changed:
            entry.version += 1
            entry.next_review_on = next_review_date(entry)
            save_with_history(entry, change.proposed_by, reason=_("Proposed change approved"))
            if entry.requirement != requirement_before:
                indexing.index_entry(entry)
            events.entry_updated(entry, change.proposed_by, changed)
    change.status = ChangeStatus.APPROVED
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    events.change_decided(entry, user, ChangeStatus.APPROVED)


@transaction.atomic
def on_rejected(change: AnswerChange, approval, user: User, reasons: list[str]) -> None:
    change = _locked_change(change)
    change.status = ChangeStatus.REJECTED
    change.reasons = "\n".join(reasons)[:10_000]
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "reasons", "decided_at"])
    events.change_decided(change.entry, user, ChangeStatus.REJECTED)


@transaction.atomic
def on_withdrawn(change: AnswerChange, approval, user: User) -> None:
    change = _locked_change(change)
    change.status = ChangeStatus.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    events.change_decided(change.entry, user, ChangeStatus.WITHDRAWN)


def change_url(change: AnswerChange) -> str:
    return reverse("answers:entry", args=[change.entry_id])


def can_view_change(user, change: AnswerChange) -> bool:
    return access.can_view_entry(user, change.entry) and (
        access.is_writer(user) or access.is_curator(user, change.entry)
    )
