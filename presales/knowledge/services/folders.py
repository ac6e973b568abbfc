"""Folders: create, change (rename, move, order, rules), set grants — admins and presales
managers only (libraries and folders are the library's structure, kept by its managers)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.knowledge import access, events
from presales.knowledge.models import Folder, FolderAccess, Library
from presales.knowledge.services.grants import GrantSpec, check_grants, replace_grants
from presales.lib.services import ServiceError, apply_changes, check_text_limits, require

FOLDER_FIELDS = ["name", "description", "order", "inherit", "access"]


def _check(folder: Folder) -> None:
    folder.name = " ".join((folder.name or "").split())
    if not folder.name:
        raise ServiceError(_("Give the folder a name."))
    if folder.access not in FolderAccess.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))
    if folder.parent is not None:
        if folder.parent.library_id != folder.library_id:
            raise ServiceError(_("A folder and its parent folder are in the same library."))
        ancestor: Folder | None = folder.parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if folder.pk is not None and ancestor.pk == folder.pk:
                raise ServiceError(_("A folder cannot be moved into itself or one of its sub-folders."))
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    clash = Folder.objects.filter(library_id=folder.library_id, parent_id=folder.parent_id, name=folder.name)
    if clash.exclude(pk=folder.pk).exists():
        raise ServiceError(_("There is already a folder “%(name)s” here.") % {"name": folder.name})
    check_text_limits(folder)


def _save(folder: Folder) -> None:
    try:
        with transaction.atomic():
            folder.save()
    except IntegrityError as exc:  # a folder of that name made at the same moment
        raise ServiceError(_("There is already a folder “%(name)s” here.") % {"name": folder.name}) from exc


@transaction.atomic
def folder_create(
    *, user: User, library: Library, data: dict, parent: Folder | None = None, grants: Iterable[GrantSpec] = ()
) -> Folder:
    require(access.can_manage_folders(user))
    folder = Folder(library=library, parent=parent)
    apply_changes(folder, data, FOLDER_FIELDS)
    _check(folder)
    _save(folder)
    replace_grants(folder.grants, check_grants(grants))
    events.folder_created(folder, user)
    return folder


@transaction.atomic
def folder_update(*, user: User, folder: Folder, data: dict) -> Folder:
    """Rename, move (`parent` in data: within the same library, never under itself), reorder,
    or change whether it inherits and who reads it."""
    require(access.can_manage_folders(user))
    locked = Folder.objects.select_for_update(of=("self",)).get(pk=folder.pk)
    changed = apply_changes(locked, data, [*FOLDER_FIELDS, "parent"])
    _check(locked)
    if changed:
        _save(locked)
        events.folder_changed(locked, user, changed)
    return locked


@transaction.atomic
def folder_set_grants(*, user: User, folder: Folder, grants: Iterable[GrantSpec]) -> Folder:
    require(access.can_manage_folders(user))
    locked = Folder.objects.select_for_update(of=("self",)).get(pk=folder.pk)
    if replace_grants(locked.grants, check_grants(grants)):
        events.folder_grants_changed(locked, user)
    return locked
