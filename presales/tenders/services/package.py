"""The bid team, its tasks and the bid package checklist (商务标书, 技术标书, 技术偏差表, 型式试验
报告, 生产许可证…): each item has an owner, a due date, a status and its file — or, for a
qualification document, the library document with its validity date."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, apply_changes, check_version, require
from presales.tenders import access, events
from presales.tenders.models import (
    BidTask,
    BidTeamMember,
    PackageItem,
    PackageItemType,
    Tender,
    WorkStatus,
)
from presales.tenders.services._common import lock, save

TASK_FIELDS = ["title", "owner", "due_on", "status"]
PACKAGE_FIELDS = ["title", "required", "owner", "due_on", "status", "note"]


# Team ---------------------------------------------------------------------------------------


@transaction.atomic
def team_add(*, tender: Tender, user: User, member: User, role: str = "") -> BidTeamMember:
    locked = lock(tender)
    require(access.can_manage_team(user, locked))
    if not member.is_active:
        raise ServiceError(_("This account is disabled."))
    role = (role or "").strip()
    if len(role) > 60:
        raise ServiceError(_("Say the role in at most 60 characters."))
    row, created = BidTeamMember.objects.get_or_create(tender=locked, user=member, defaults={"role": role})
    if not created:
        if row.role == role:
            raise ServiceError(_("%(name)s is already on the bid team.") % {"name": member.display_name})
        row.role = role
        row.save(update_fields=["role"])
    events.team_changed(locked, user, person=member.display_name, change="added")
    return row


@transaction.atomic
def team_remove(*, member: BidTeamMember, user: User) -> None:
    locked = lock(member.tender)
    require(access.can_manage_team(user, locked))
    name = member.user.display_name
    member.delete()
    events.team_changed(locked, user, person=name, change="removed")


# Tasks --------------------------------------------------------------------------------------


def _check_task(task: BidTask) -> None:
    task.title = (task.title or "").strip()
    if not task.title:
        raise ServiceError(_("Say what the task is."))
    if task.status not in WorkStatus.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))


@transaction.atomic
def task_add(*, tender: Tender, user: User, data: dict) -> BidTask:
    locked = lock(tender)
    require(access.can_work_on(user, locked))
    task = BidTask(tender=locked)
    apply_changes(task, data, TASK_FIELDS)
    _check_task(task)
    save(task, user)
    events.task_changed(locked, user, task=task.title, change="added")
    return task


@transaction.atomic
def task_update(*, task: BidTask, user: User, data: dict) -> BidTask:
    locked = lock(task.tender)
    require(access.can_work_on(user, locked) or (locked.is_working and task.owner_id == user.pk))
    task = BidTask.objects.select_for_update(of=("self",)).get(pk=task.pk)
    changed = apply_changes(task, data, TASK_FIELDS)
    _check_task(task)
    if changed:
        save(task, user)
        events.task_changed(locked, user, task=task.title, change=",".join(changed))
    return task


# The package --------------------------------------------------------------------------------


def _lock_item(item: PackageItem) -> tuple[Tender, PackageItem]:
    locked = lock(item.tender)
    row = PackageItem.objects.select_for_update(of=("self",)).select_related("item_type").get(pk=item.pk)
    return locked, row


def _can_work_on_item(user: User, tender: Tender, item: PackageItem) -> bool:
    return access.can_work_on(user, tender) or (tender.is_working and item.owner_id == user.pk)


def _check_item(item: PackageItem) -> None:
    item.title = (item.title or "").strip()
    item.note = (item.note or "").strip()
    if item.status not in WorkStatus.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))


@transaction.atomic
def package_item_add(*, tender: Tender, user: User, item_type: PackageItemType, data: dict) -> PackageItem:
    """Add what this tender requires beyond the default list (an item type again, with its
    details: a second 授权书, the 报价一览表 of lot 2)."""
    locked = lock(tender)
    require(access.can_work_on(user, locked))
    if not item_type.is_active:
        raise ServiceError(_("This kind of document is no longer used."))
    item = PackageItem(tender=locked, item_type=item_type)
    apply_changes(item, data, PACKAGE_FIELDS)
    _check_item(item)
    save(item, user)
    events.package_changed(locked, user, item=str(item), change="added")
    return item


@transaction.atomic
def package_item_update(
    *, item: PackageItem, user: User, data: dict, seen_version: int | str | None = None
) -> PackageItem:
    locked, row = _lock_item(item)
    require(_can_work_on_item(user, locked, row))
    check_version(row, seen_version)
    changed = apply_changes(row, data, PACKAGE_FIELDS)
    _check_item(row)
    if changed:
        row.version += 1
        save(row, user)
        events.package_changed(locked, user, item=str(row), change=",".join(changed))
    return row


@transaction.atomic
def package_item_attach_file(*, item: PackageItem, user: User, file) -> PackageItem:
    """Attach the item's file (checked by presales.lib.uploads.check_upload in the form or
    API): it replaces a library document, and the item counts as done."""
    locked, row = _lock_item(item)
    require(_can_work_on_item(user, locked, row))
    if file is None:
        raise ServiceError(_("Choose the file to upload."))
    row.file = file
    row.document = None
    row.status = WorkStatus.DONE
    row.version += 1
    save(row, user)
    events.package_changed(locked, user, item=str(row), change="file")
    return row


@transaction.atomic
def package_item_attach_document(*, item: PackageItem, user: User, document) -> PackageItem:
    """Take the item from the library (a type-test report, a licence): a document the user
    may read; an expired one is refused (its validity date has passed)."""
    from presales.knowledge.access import can_read_document
    from presales.knowledge.models import Document

    locked, row = _lock_item(item)
    require(_can_work_on_item(user, locked, row))
    document_pk = getattr(document, "pk", None)
    document = (
        Document.objects.filter(pk=document_pk).select_related("folder").first() if document_pk is not None else None
    )
    if document is None or not can_read_document(user, document):
        raise ServiceError(_("Choose a library document you may read."))
    if document.is_expired:
        raise ServiceError(
            _("“%(title)s” expired on %(date)s: upload its renewal to the library first.")
            % {"title": document.title, "date": document.valid_until.isoformat()}
        )
    if row.file:
        row.file = ""
        row.original_name = ""
    row.document = document
    row.status = WorkStatus.DONE
    row.version += 1
    save(row, user)
    events.package_changed(locked, user, item=str(row), change="document")
    return row
