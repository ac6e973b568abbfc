"""Thin views of the library: access helper → form → service → redirect (re-render keeping input
on refusal). Files are served only here, after the permission check — never from MEDIA_URL."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from presales.knowledge import access, reuse, selectors, services
from presales.knowledge.forms import (
    DocumentCreateForm,
    DocumentEditForm,
    DocumentGrantsForm,
    FolderForm,
    VersionForm,
)
from presales.knowledge.models import ContentKind, DocumentStatus, DocumentVersion, Folder, Library
from presales.lib.forms import id_from
from presales.lib.paging import list_page
from presales.lib.sorting import sort_rows
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, get_or_404, run_with_messages, save_form_through

TAG_MAX = 30
INLINE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
# The inline file view is framed by the document page (same origin): its own policy says so,
# the rest of the site keeps frame-ancestors 'none' and X-Frame-Options DENY.
FRAMED_CSP = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}


def _doc_url(document) -> str:
    return reverse("knowledge:document", args=[document.pk])


@login_required
def home(request):
    rights = access.folder_rights(request.user)
    return render(
        request,
        "knowledge/home.html",
        {
            "nav": "library",
            "tree": selectors.library_tree(request.user, rights),
            "recent": selectors.recent_documents(request.user, rights),
            "popular": selectors.most_downloaded(request.user, rights),
            "due": selectors.due_for_review(request.user),
            "can_manage": access.can_manage_folders(request.user),
            # The same rule as document_create's folders (editable folders of active libraries).
            "can_add": rights.everything or bool(rights.editable),
        },
    )


@login_required
def folder_detail(request, pk):
    rights = access.folder_rights(request.user)  # read once for every check of the page
    folder = access.get_folder_for(request.user, pk, rights)
    status = request.GET.get("status", "")
    tag = request.GET.get("tag", "").strip()[:TAG_MAX]
    product = id_from(request.GET.get("product", ""))
    rows = selectors.folder_documents(request.user, folder, rights, status=status, tag=tag, product=product)
    rows, sort = sort_rows(request, rows, selectors.FOLDER_SORTING)
    visible_children = access.folders_visible_to(request.user, rights).filter(parent=folder).order_by("order", "name")
    return render(
        request,
        "knowledge/folder.html",
        {
            "nav": "library",
            "folder": folder,
            "path": selectors.folder_path(folder),
            "children": visible_children,
            **list_page(request, rows, per_page=25),
            "sort": sort,
            "status": status if status in DocumentStatus.values else "",
            "tag": tag,
            "product": product,
            "statuses": DocumentStatus.choices,
            "tags": selectors.folder_tags(folder),
            "products": selectors.folder_products(folder),
            "can_add": access.can_add_document(request.user, folder, rights),
            "can_manage": access.can_manage_folders(request.user),
        },
    )


@login_required
def document_detail(request, pk):
    document = access.get_document_for(request.user, pk)
    user = request.user
    version = document.current_version
    kind = version.content_kind if version else ""
    return render(
        request,
        "knowledge/document.html",
        {
            "nav": "library",
            "document": document,
            "path": selectors.folder_path(document.folder),
            "versions": selectors.versions_of(document),
            "version": version,
            "preview": "frame" if kind == ContentKind.PDF else "image" if kind == ContentKind.IMAGE else "text",
            "actions": services.allowed_actions(user, document),
            "can_edit": access.can_edit_document(user, document) and document.status != DocumentStatus.ARCHIVED,
            "can_set_rules": document.owner_id == user.pk or access.is_curator(user, document),
            "tags": list(document.tags.order_by("name")),
            "products": list(document.products.order_by("model_code")),
            "grants": list(document.grants.select_related("department", "person")),
            "reuse": _reuse(document),
        },
    )


def _reuse(document) -> list[tuple[object, int]]:
    """("used in" kind, count) for each kind of link registered (presales.knowledge.reuse)."""
    counts = document.reuse_counts()
    return [(counter.label, counts.get(counter.key, 0)) for counter in reuse.counters()]


def _folders_to_add(user):
    rights = access.folder_rights(user)
    folders = Folder.objects.select_related("library").filter(library__is_active=True)
    if not rights.everything:
        folders = folders.filter(pk__in=sorted(rights.editable))
    return folders.order_by("library__order", "order", "name")


@login_required
def document_create(request):
    folders = _folders_to_add(request.user)
    if not folders.exists():
        raise PermissionDenied
    initial = {"folder": id_from(request.GET.get("folder", ""))}
    form = DocumentCreateForm(request.POST or None, request.FILES or None, folders=folders, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = create_through(
            form,
            lambda: services.document_create(
                user=request.user,
                folder=data["folder"],
                data=data,
                file=data["file"],
                tags=data["tags"],
                products=data["products"],
                industries=data["industries"],
                grants=form.grant_specs(),
            ),
        )
        if document is not None:
            messages.success(request, _("Document added as a draft."))
            return redirect(_doc_url(document))
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("Add a document"), "multipart": True,
         "cancel_url": reverse("knowledge:home"), "testid": "document-form"},
    )  # fmt: skip


@login_required
def document_edit(request, pk):
    document = access.get_document_for(request.user, pk, edit=True)
    form = DocumentEditForm(request.POST or None, document=document, folders=_folders_to_add(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.document_update(  # noqa: E731
            document=document,
            user=request.user,
            data=data,
            folder=data["folder"],
            tags=data["tags"],
            products=data["products"],
            industries=data["industries"],
        )
        if save_form_through(form, call):
            messages.success(request, _("Document saved."))
            return redirect(_doc_url(document))
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("Edit document"), "document": document,
         "cancel_url": _doc_url(document), "testid": "document-edit"},
    )  # fmt: skip


@login_required
def version_create(request, pk):
    document = access.get_document_for(request.user, pk, edit=True)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.document_add_version(  # noqa: E731
            document=document, user=request.user, file=data["file"], change_note=data["change_note"]
        )
        if save_form_through(form, call):
            messages.success(request, _("New version uploaded."))
            return redirect(_doc_url(document))
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("Upload a new version"), "document": document, "multipart": True,
         "cancel_url": _doc_url(document), "testid": "version-form"},
    )  # fmt: skip


@login_required
def document_grants(request, pk):
    document = access.get_document_for(request.user, pk)
    if not (document.owner_id == request.user.pk or access.is_curator(request.user, document)):
        raise PermissionDenied
    form = DocumentGrantsForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.document_set_grants(  # noqa: E731
            document=document, user=request.user, access_mode=form.cleaned_data["access"], grants=form.grant_specs()
        )
        if save_form_through(form, call):
            messages.success(request, _("Rules saved."))
            return redirect(_doc_url(document))
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("Who may read and edit"), "document": document,
         "cancel_url": _doc_url(document), "testid": "grants-form"},
    )  # fmt: skip


ACTIONS = {
    "submit": services.document_submit_review,
    "publish": services.document_publish,
    "review_done": services.document_review_done,
    "expire": services.document_expire,
    "archive": services.document_archive,
    "restore": services.document_restore,
}


@login_required
@require_POST
def document_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    document = access.get_document_for(request.user, pk)
    reason = services.refusal(request.user, document, action)
    if reason:  # the button was stale or crafted: say why, change nothing
        messages.error(request, reason)
        return redirect(_doc_url(document))
    done = _("Done: %(action)s.") % {"action": services.TRANSITIONS[action].label}
    run_with_messages(request, lambda: ACTIONS[action](document=document, user=request.user), done)
    return redirect(_doc_url(document))


def _version_for(user, pk) -> DocumentVersion:
    """The version, 404 unless its document is visible to `user` (as the document page)."""
    version = get_or_404(DocumentVersion.objects.all(), pk=pk)
    version.document = access.get_document_for(user, version.document_id)
    return version


@login_required
def version_download(request, pk):
    """The file as an attachment; each download counts on the document."""
    version = _version_for(request.user, pk)
    response = serve_file(version.file, version.original_name)
    services.document_record_download(document=version.document, user=request.user)
    return response


@login_required
@xframe_options_sameorigin
@csp_override(FRAMED_CSP)
def version_inline(request, pk):
    """PDF and images shown in the browser (the document page frames or embeds this view):
    inline, with the type the upload check confirmed from the content."""
    version = _version_for(request.user, pk)
    content_type = INLINE_TYPES.get(version.extension)
    if content_type is None or not version.file:
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type, as_attachment=False, filename=version.file_name)
    response["Cache-Control"] = "private, no-store"
    return response


# Folders (admins and presales managers) ---------------------------------------------------------


@login_required
def folder_create(request, library_pk):
    if not access.can_manage_folders(request.user):
        raise PermissionDenied
    library = get_object_or_404(Library, pk=id_from(str(library_pk)) or 0)
    initial = {"parent": id_from(request.GET.get("parent", ""))}
    form = FolderForm(request.POST or None, library=library, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        folder = create_through(
            form,
            lambda: services.folder_create(
                user=request.user, library=library, parent=data["parent"], data=data, grants=form.grant_specs()
            ),
        )
        if folder is not None:
            messages.success(request, _("Folder created."))
            return redirect("knowledge:folder", folder.pk)
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("New folder in %(library)s") % {"library": library.name},
         "cancel_url": reverse("knowledge:home"), "testid": "folder-form"},
    )  # fmt: skip


@login_required
def folder_edit(request, pk):
    if not access.can_manage_folders(request.user):
        raise PermissionDenied
    folder = access.get_folder_for(request.user, pk)
    form = FolderForm(request.POST or None, library=folder.library, folder=folder)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            with transaction.atomic():  # the folder and its rules saved together, or neither
                services.folder_update(user=request.user, folder=folder, data=data)
                services.folder_set_grants(user=request.user, folder=folder, grants=form.grant_specs())

        if save_form_through(form, call):
            messages.success(request, _("Folder saved."))
            return redirect("knowledge:folder", folder.pk)
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": _("Edit folder"),
         "cancel_url": reverse("knowledge:folder", args=[folder.pk]), "testid": "folder-form"},
    )  # fmt: skip
