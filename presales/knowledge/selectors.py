"""Reads of the library, each limited to what the user may see (presales.knowledge.access),
each a fixed number of queries whatever the number of folders and documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from presales.accounts.models import User
from presales.catalog.models import Product
from presales.knowledge import access
from presales.knowledge.access import FolderRights
from presales.knowledge.models import Document, DocumentStatus, DocumentVersion, Folder, Library, Tag
from presales.lib.lifecycle import DUE_WITHIN_DAYS
from presales.lib.sorting import Sorting

FOLDER_SORTING = Sorting(
    {"updated": ("updated_at",), "title": ("title",), "downloads": ("download_count",)}, default="-updated"
)


@dataclass
class FolderNode:
    folder: Folder
    count: int = 0  # visible documents in this folder
    total: int = 0  # … and in its sub-folders
    children: list[FolderNode] = field(default_factory=list)


@dataclass
class LibraryNode:
    library: Library
    folders: list[FolderNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(node.total for node in self.folders)


def library_tree(user: User, rights: FolderRights | None = None) -> list[LibraryNode]:
    """The libraries with the folder trees the user reads and his visible documents counted
    per folder (one grouped query). A folder the user may not read is left out with its
    sub-folders, even readable ones: a tree shows the path it hangs on."""
    rights = rights or access.folder_rights(user)
    folders = list(access.folders_visible_to(user, rights).order_by("library__order", "library__name", "order", "name"))
    counts = dict(
        access.documents_visible_to(user, rights)
        .exclude(status=DocumentStatus.ARCHIVED)
        .order_by()
        .values_list("folder_id")
        .annotate(n=Count("pk"))
    )
    nodes = {f.pk: FolderNode(f, counts.get(f.pk, 0)) for f in folders}
    libraries: dict[int, LibraryNode] = {}
    for folder in folders:
        if not folder.library.is_active and not rights.everything:
            continue
        node = nodes[folder.pk]
        if folder.parent_id is None:
            libraries.setdefault(folder.library_id, LibraryNode(folder.library)).folders.append(node)
        elif folder.parent_id in nodes:
            nodes[folder.parent_id].children.append(node)

    def total(node: FolderNode) -> int:
        node.total = node.count + sum(total(child) for child in node.children)
        return node.total

    for library in libraries.values():
        for node in library.folders:
            total(node)
    return list(libraries.values())


def _listed(rows: QuerySet[Document]) -> QuerySet[Document]:
    return rows.select_related("folder", "folder__library", "owner", "current_version")


def recent_documents(user: User, rights: FolderRights | None = None, *, limit: int = 8) -> list[Document]:
    rows = access.documents_visible_to(user, rights).filter(status__in=access.OPEN_STATUSES)
    return list(_listed(rows).order_by("-updated_at", "-pk")[:limit])


def most_downloaded(user: User, rights: FolderRights | None = None, *, limit: int = 8) -> list[Document]:
    rows = access.documents_visible_to(user, rights).filter(status__in=access.OPEN_STATUSES, download_count__gt=0)
    return list(_listed(rows).order_by("-download_count", "-pk")[:limit])


def due_for_review(user: User, *, limit: int = 20) -> list[Document]:
    """The user's own documents due for review within DUE_WITHIN_DAYS, or overdue."""
    horizon = timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS)
    rows = Document.objects.filter(
        owner=user, status__in=access.OPEN_STATUSES, next_review_on__lte=horizon
    ).select_related("folder", "folder__library")
    return list(rows.order_by("next_review_on", "pk")[:limit])


def folder_documents(
    user: User,
    folder: Folder,
    rights: FolderRights | None = None,
    *,
    status: str = "",
    tag: str = "",
    product: int | None = None,
) -> QuerySet[Document]:
    """The documents of one folder the user sees (archived ones only when asked for), with
    what the list shows in the same queries."""
    rows = access.documents_visible_to(user, rights).filter(folder=folder)
    if status in DocumentStatus.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.exclude(status=DocumentStatus.ARCHIVED)
    if tag:
        rows = rows.filter(tags__name=tag)
    if product:
        rows = rows.filter(products__pk=product)
    return _listed(rows).prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))


def folder_tags(folder: Folder) -> list[str]:
    return list(Tag.objects.filter(documents__folder=folder).order_by("name").values_list("name", flat=True).distinct())


def folder_products(folder: Folder) -> list[tuple[int, str]]:
    """The products the folder's documents are about, for its filter: (id, "code name")."""
    rows = (
        Product.objects.filter(library_documents__folder=folder)
        .order_by("model_code")
        .values_list("pk", "model_code", "name")
        .distinct()
    )
    return [(pk, f"{code} {name}") for pk, code, name in rows]


def folder_path(folder: Folder) -> list[Folder]:
    """The folder's ancestors, top first (one query per level: folders are a few levels deep)."""
    path, seen = [], set()
    current: Folder | None = folder
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        path.append(current)
        current = current.parent
    return list(reversed(path))


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("uploaded_by").order_by("-number"))
