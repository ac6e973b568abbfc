"""Registering a tender, its data, files and lots, and cancelling it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, apply_changes, check_text, check_version, require
from presales.opportunities.models import FulfilledBy, Opportunity, StageRole
from presales.opportunities.services import deliverable_record_approved
from presales.tenders import access, events
from presales.tenders.models import (
    BidDecision,
    Lot,
    PackageItem,
    PackageItemType,
    ReviewItemTemplate,
    Tender,
    TenderFile,
    TenderFileKind,
    TenderReview,
    TenderStatus,
)
from presales.tenders.services._common import lock, save, tender_url

# What tender_register and tender_update copy from the form.
TENDER_FIELDS = [
    "number",
    "title",
    "buyer",
    "agency",
    "evaluation_method",
    "questions_due_at",
    "submission_due_at",
    "opening_at",
    "bond_amount",
    "bond_way",
    "bond_due_on",
    "bond_paid_on",
    "bond_return_due_on",
    "bond_returned_on",
    "note",
]
LOT_FIELDS = ["number", "name", "budget", "bid"]
TENDER_STAGE_ROLES = (StageRole.TENDER, StageRole.BIDDING)


def _check_tender(tender: Tender) -> None:
    problems = []
    if not (tender.number or "").strip():
        problems.append(_("Give the tender number."))
    if not (tender.title or "").strip():
        problems.append(_("Give the tender's title."))
    if not (tender.buyer or "").strip():
        problems.append(_("Give the buyer."))
    if tender.submission_due_at is None:
        problems.append(_("Give the bid submission deadline."))
    due: datetime | None = tender.submission_due_at
    if due and tender.questions_due_at and tender.questions_due_at > due:
        problems.append(_("Questions are due before the bid submission deadline."))
    if due and tender.opening_at and tender.opening_at < due:
        problems.append(_("The bid opening is at or after the submission deadline."))
    if tender.bond_amount is not None and tender.bond_amount < 0:
        problems.append(_("The bid bond cannot be negative."))
    if tender.bond_returned_on and not tender.bond_paid_on:
        problems.append(_("A bond is returned only after it was paid: give the day it was paid."))
    if tender.bond_paid_on and tender.bond_returned_on and tender.bond_returned_on < tender.bond_paid_on:
        problems.append(_("The bond is returned after it was paid."))
    if problems:
        raise ServiceError(problems)


def _stage_names(opportunity: Opportunity) -> str:
    names = (
        opportunity.template.stages.filter(role__in=TENDER_STAGE_ROLES).order_by("order").values_list("name", flat=True)
    )
    return "、".join(f"“{n}”" for n in names) or "—"


@transaction.atomic
def tender_register(*, opportunity: Opportunity, user: User, data: dict) -> Tender:
    """Register the tender the buyer published, on an opportunity in the 招标 or 投标 stage
    (the seed: "工程进入招投标选择供应商"); one active tender per opportunity (a cancelled one
    may be followed by a new call). The tender gets the active review checklist and the
    required bid package items, and records the 招标文件 output of the stage."""
    locked_opp = Opportunity.objects.select_for_update().select_related("current_stage").get(pk=opportunity.pk)
    require(access.can_register(user, locked_opp))
    if locked_opp.current_stage.role not in TENDER_STAGE_ROLES:
        raise ServiceError(
            _("A tender is registered in the stage %(stages)s; this opportunity is in “%(stage)s”.")
            % {"stages": _stage_names(locked_opp), "stage": locked_opp.current_stage.name}
        )
    if Tender.objects.filter(opportunity=locked_opp).active().exists():
        raise ServiceError(_("This opportunity already has an open tender: cancel it before registering another."))
    tender = Tender(opportunity=locked_opp, created_by=user)
    apply_changes(tender, data, TENDER_FIELDS)
    if not (tender.buyer or "").strip():
        tender.buyer = locked_opp.customer.name
    for name in ("number", "title", "buyer", "agency"):
        setattr(tender, name, (getattr(tender, name) or "").strip())
    _check_tender(tender)
    save(tender, user)
    BidDecision.objects.create(tender=tender)
    TenderReview.objects.bulk_create(
        TenderReview(
            tender=tender, template=t, kind=t.kind, text=t.text, order=t.order, checks_bid_price=t.checks_bid_price
        )
        for t in ReviewItemTemplate.objects.filter(is_active=True)
    )
    PackageItem.objects.bulk_create(
        PackageItem(tender=tender, item_type=t, required=True)
        for t in PackageItemType.objects.filter(is_active=True, required=True)
    )
    events.registered(tender, user)
    deliverable_record_approved(
        opportunity=locked_opp,
        user=user,
        fulfilled_by=FulfilledBy.TENDER,
        title=f"招标文件 {tender.number}",
        source_url=tender_url(tender),
        note=f"{tender.number} {tender.title}",
    )
    return tender


@transaction.atomic
def tender_update(*, tender: Tender, user: User, data: dict, seen_version: int | str | None = None) -> Tender:
    locked = lock(tender)
    require(access.can_edit(user, locked))
    check_version(locked, seen_version)
    changed = apply_changes(locked, data, TENDER_FIELDS)
    for name in ("number", "title", "buyer", "agency"):
        setattr(locked, name, (getattr(locked, name) or "").strip())
    _check_tender(locked)
    if changed:
        locked.version += 1
        save(locked, user)
        events.updated(locked, user, changed)
    return locked


@transaction.atomic
def tender_file_add(
    *, tender: Tender, user: User, file, kind: str = TenderFileKind.TENDER_DOCUMENT, note: str = ""
) -> TenderFile:
    """Attach a tender file (the tender document, a clarification, an addendum); the file
    went through presales.lib.uploads.check_upload (the form, the API)."""
    locked = lock(tender)
    require(access.can_edit(user, locked))
    if kind not in TenderFileKind.values:
        raise ServiceError(_("Choose what kind of file this is."))
    if file is None:
        raise ServiceError(_("Choose the file to upload."))
    check_text(_("Note"), note, 300)
    row = TenderFile(tender=locked, kind=kind, note=(note or "").strip(), uploaded_by=user)
    row.file = file
    row.save()
    events.file_added(locked, user, kind=kind, file=row.file_name)
    return row


@transaction.atomic
def tender_file_remove(*, tender_file: TenderFile, user: User) -> None:
    locked = lock(tender_file.tender)
    require(access.can_edit(user, locked))
    name = tender_file.file_name
    tender_file.delete()
    events.file_removed(locked, user, file=name)


def _check_lot(lot: Lot) -> None:
    problems = []
    if not (lot.number or "").strip():
        problems.append(_("Give the lot number."))
    if not (lot.name or "").strip():
        problems.append(_("Give the lot's name."))
    if problems:
        raise ServiceError(problems)
    duplicate = Lot.objects.filter(tender_id=lot.tender_id, number=lot.number).exclude(pk=lot.pk)
    if duplicate.exists():
        raise ServiceError(_("The tender already has a lot %(number)s.") % {"number": lot.number})


@transaction.atomic
def lot_add(*, tender: Tender, user: User, data: dict) -> Lot:
    locked = lock(tender)
    require(access.can_work_on(user, locked))
    lot = Lot(tender=locked)
    apply_changes(lot, data, LOT_FIELDS)
    lot.number, lot.name = (lot.number or "").strip(), (lot.name or "").strip()
    _check_lot(lot)
    save(lot, user)
    events.lots_changed(locked, user, lot=lot.number, change="added")
    return lot


@transaction.atomic
def lot_update(*, lot: Lot, user: User, data: dict) -> Lot:
    locked = lock(lot.tender)
    require(access.can_work_on(user, locked))
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    changed = apply_changes(lot, data, LOT_FIELDS)
    lot.number, lot.name = (lot.number or "").strip(), (lot.name or "").strip()
    _check_lot(lot)
    if changed:
        save(lot, user)
        events.lots_changed(locked, user, lot=lot.number, change="changed")
    return lot


@transaction.atomic
def lot_remove(*, lot: Lot, user: User) -> None:
    locked = lock(lot.tender)
    require(access.can_work_on(user, locked))
    number = lot.number
    lot._history_user = user  # type: ignore[attr-defined]
    lot.delete()
    events.lots_changed(locked, user, lot=number, change="removed")


@transaction.atomic
def tender_cancel(*, tender: Tender, user: User, reason: str) -> Tender:
    """The buyer cancelled the call (流标/废标/终止): the tender ends, the opportunity stays
    open for a new call."""
    locked = lock(tender)
    require(access.can_record_outcome(user, locked))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the tender is cancelled."))
    check_text(_("Reason"), reason, TEXT_SHORT)
    locked.status = TenderStatus.CANCELLED
    locked.version += 1
    save(locked, user, reason=reason)
    events.cancelled(locked, user, reason=reason)
    return locked
