"""Who may see and do what in the library — the one place these rules live (docs/permissions.md).

- Admins and presales managers manage everything: every folder and document, whatever its
  rules or status. An account that holds no role reads nothing (as the catalog).
- A folder's rules: while `inherit` is set, its parent's (a top folder that inherits: everyone
  reads, nobody but the managers edits); otherwise its own — `access` everyone or restricted,
  and its grants (read, or edit which includes read) to everyone, a department, a role or
  one person. Folders of an inactive library are closed to all but the managers.
- A document's readers: its folder's readers, or — when its `access` is "own" — those its own
  grants name (narrower or wider than the folder). Its editors: its owner, its folder's
  editors (they curate the folder, whatever a document's own rules), and, when "own", those
  its own edit grants name.
- Drafts, documents in review and archived documents are seen by their editors only;
  published and review-overdue (expired) ones by every reader.
- Curators (managers and the folder's editors) publish, expire and restore; see the
  transition table in presales.knowledge.services.

The folder rules are computed once per call in Python from two small reads (all folders,
the grants that name the user): folders are data, a few hundred at most.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, user_roles
from presales.knowledge.models import (
    Document,
    DocumentAccess,
    DocumentGrant,
    DocumentStatus,
    Folder,
    FolderAccess,
    FolderGrant,
    GrantTarget,
    Right,
)
from presales.lib.services import require
from presales.lib.views import get_or_404

# Statuses every reader sees; the others only the document's editors.
OPEN_STATUSES = (DocumentStatus.PUBLISHED, DocumentStatus.EXPIRED)


def is_library_manager(user: User) -> bool:
    """Admins and presales managers manage the whole library (the seed: 技术主管 keeps 知识库)."""
    return has_role(user, Role.ADMIN, Role.PRESALES_MANAGER)


def grants_naming(user: User) -> Q:
    """The grants that apply to `user`: to everyone, his department, a role he holds, him."""
    q = Q(target=GrantTarget.EVERYONE) | Q(target=GrantTarget.PERSON, person_id=user.pk)
    if user.department_id:
        q |= Q(target=GrantTarget.DEPARTMENT, department_id=user.department_id)
    roles = user_roles(user)
    if roles:
        q |= Q(target=GrantTarget.ROLE, role__in=sorted(roles))
    return q


@dataclass(frozen=True)
class FolderRights:
    readable: frozenset[int]
    editable: frozenset[int]
    everything: bool = False  # a manager: every folder, read and edit

    def can_read(self, folder_id: int) -> bool:
        return self.everything or folder_id in self.readable

    def can_edit(self, folder_id: int) -> bool:
        return self.everything or folder_id in self.editable


def folder_rights(user: User) -> FolderRights:
    """Which folders `user` reads and edits (two queries; none for a manager)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user_roles(user):
        return FolderRights(frozenset(), frozenset())  # an account holding no role reads nothing (as the catalog)
    if is_library_manager(user):
        return FolderRights(frozenset(), frozenset(), everything=True)
    folders = {
        row[0]: row for row in Folder.objects.values_list("pk", "parent_id", "inherit", "access", "library__is_active")
    }
    granted: dict[int, set[str]] = {}
    for folder_id, right in FolderGrant.objects.filter(grants_naming(user)).values_list("folder_id", "right"):
        granted.setdefault(folder_id, set()).add(right)

    def rule_of(pk: int) -> int | None:
        """The folder whose own rules apply (None: a top folder that inherits, open to all)."""
        seen = set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            _pk, parent, inherit, _access, _active = folders[pk]
            if not inherit:
                return pk
            pk = parent
        return None

    readable, editable = set(), set()
    for pk, (_pk, _parent, _inherit, _access, active) in folders.items():
        if not active:
            continue
        source = rule_of(pk)
        rights = granted.get(source, set()) if source is not None else set()
        open_to_all = source is None or folders[source][3] == FolderAccess.EVERYONE
        if Right.EDIT in rights:
            editable.add(pk)
        if open_to_all or rights:
            readable.add(pk)
    return FolderRights(frozenset(readable), frozenset(editable))


def folders_visible_to(user: User, rights: FolderRights | None = None) -> QuerySet[Folder]:
    rights = rights or folder_rights(user)
    folders = Folder.objects.select_related("library")
    return folders if rights.everything else folders.filter(pk__in=sorted(rights.readable))


def documents_visible_to(user: User, rights: FolderRights | None = None) -> QuerySet[Document]:
    """Every document `user` may see (rules in the module docstring)."""
    rights = rights or folder_rights(user)
    documents = Document.objects.all()
    if rights.everything:
        return documents
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return documents.none()
    if not user_roles(user):
        return documents.filter(owner_id=user.pk)
    named = DocumentGrant.objects.filter(grants_naming(user))
    editable = (
        Q(owner_id=user.pk)
        | Q(folder_id__in=sorted(rights.editable))
        | Q(access=DocumentAccess.OWN, pk__in=named.filter(right=Right.EDIT).values("document_id"))
    )
    readable = Q(access=DocumentAccess.INHERIT, folder_id__in=sorted(rights.readable)) | Q(
        access=DocumentAccess.OWN, pk__in=named.values("document_id")
    )
    return documents.filter(editable | (readable & Q(status__in=OPEN_STATUSES)))


def visible_document_ids(user: User) -> QuerySet | None:
    """What the search module asks (Source.visible): the pks `user` may see, None for all."""
    if not user_roles(user):  # an account holding no role finds nothing (and runs no search query)
        return Document.objects.none()
    rights = folder_rights(user)
    return None if rights.everything else documents_visible_to(user, rights).values("pk")


# Guards on one document ------------------------------------------------------------------------


def _own_grant_rights(user: User, document: Document) -> set[str]:
    if document.access != DocumentAccess.OWN:
        return set()
    cache = getattr(document, "_own_rights", None)
    if cache is None or cache[0] != user.pk:
        rights = set(document.grants.filter(grants_naming(user)).values_list("right", flat=True))
        cache = (user.pk, rights)
        document._own_rights = cache  # type: ignore[attr-defined]  # per object: one read per request
    return cache[1]


def _rights(user: User, document: Document, rights: FolderRights | None) -> FolderRights:
    """The user's folder rights: given, or read once and kept on the document for this user."""
    if rights is not None:
        return rights
    cache = getattr(document, "_rights", None)
    if cache is None or cache[0] != user.pk:
        cache = (user.pk, folder_rights(user))
        document._rights = cache  # type: ignore[attr-defined]  # per object: one read per request
    return cache[1]


def is_curator(user: User, document: Document, rights: FolderRights | None = None) -> bool:
    """Managers and the folder's editors: they publish, expire and restore."""
    return _rights(user, document, rights).can_edit(document.folder_id)


def can_edit_document(user: User, document: Document, rights: FolderRights | None = None) -> bool:
    return (
        document.owner_id == user.pk
        or is_curator(user, document, rights)
        or Right.EDIT in _own_grant_rights(user, document)
    )


def can_read_document(user: User, document: Document, rights: FolderRights | None = None) -> bool:
    rights = _rights(user, document, rights)
    if can_edit_document(user, document, rights):
        return True
    if document.status not in OPEN_STATUSES or not user_roles(user):
        return False
    if document.access == DocumentAccess.OWN:
        return bool(_own_grant_rights(user, document))
    return rights.can_read(document.folder_id)


def can_add_document(user: User, folder: Folder, rights: FolderRights | None = None) -> bool:
    """Add documents to a folder: its editors and the managers."""
    rights = rights or folder_rights(user)
    return folder.library.is_active and rights.can_edit(folder.pk)


def can_manage_folders(user: User) -> bool:
    """Create, rename, move folders and set their grants: admins and presales managers."""
    return is_library_manager(user)


def get_document_for(user: User, pk: object, *, edit: bool = False) -> Document:
    """The document, or 404 when `user` may not see it; 403 when he sees it but may not edit."""
    rights = folder_rights(user)
    document = get_or_404(
        documents_visible_to(user, rights).select_related("folder", "folder__library", "owner", "current_version"),
        pk=pk,
    )
    document._rights = (user.pk, rights)  # type: ignore[attr-defined]  # the guards of this request reuse them
    if edit:
        require(can_edit_document(user, document, rights))
    return document


def get_folder_for(user: User, pk: object, rights: FolderRights | None = None) -> Folder:
    return get_or_404(folders_visible_to(user, rights), pk=pk)
