"""Library documents attached to opportunities, solutions and quotes (links, not copies),
and publishing an approved deliverable or solution version to the library in one action.
Rules: presales.knowledge.access_reuse."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.knowledge import access_reuse as access
from presales.knowledge import events_reuse as events
from presales.knowledge.models import Document, Folder
from presales.knowledge.models_reuse import DocumentLink
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text, require
from presales.lib.uploads import LIBRARY_EXTENSIONS, check_upload

NOTE_MAX = 200  # DocumentLink.note


def _target_field(target) -> str:
    from presales.opportunities.models import Opportunity
    from presales.quotes.models import Quote
    from presales.solutions.models import Solution

    for model, field in ((Opportunity, "opportunity"), (Solution, "solution"), (Quote, "quote")):
        if isinstance(target, model):
            return field
    raise TypeError(f"a library document cannot be linked to {type(target).__name__}")


@transaction.atomic
def document_link(*, user: User, document: Document, target, note: str = "") -> DocumentLink:
    """Attach a library document to an opportunity, a solution or a quote: whoever may change
    the target, with a published document he may read; once per target."""
    field = _target_field(target)
    require(access.can_change_target(user, target))
    if not access.can_link_document(user, document):
        raise ServiceError(_("Choose a published library document you can read."))
    note = " ".join((note or "").split())
    check_text(_("Note"), note, NOTE_MAX)
    if DocumentLink.objects.filter(document=document, **{field: target}).exists():
        raise ServiceError(_("“%(title)s” is already attached here.") % {"title": document.title})
    try:
        with transaction.atomic():
            link = DocumentLink.objects.create(document=document, added_by=user, note=note, **{field: target})
    except IntegrityError as exc:  # the same link added at the same moment by someone else
        raise ServiceError(_("“%(title)s” is already attached here.") % {"title": document.title}) from exc
    events.document_linked(document, target, user)
    return link


@transaction.atomic
def document_unlink(*, user: User, link: DocumentLink) -> None:
    """Detach: whoever may change the target and sees the document (the link's only trace
    left is the event; the document itself is untouched)."""
    link = DocumentLink.objects.select_related("document", "opportunity", "solution", "quote").get(pk=link.pk)
    target = link.target
    require(access.can_change_target(user, target))
    from presales.knowledge.access import can_read_document

    require(can_read_document(user, link.document))
    link.delete()
    events.document_unlinked(link.document, target, user)


def publish_refusal(source) -> str:
    """Why `source` (a Deliverable or a SolutionVersion) cannot be published now ("" if it can)."""
    from presales.opportunities.models import Deliverable, DeliverableStatus
    from presales.solutions.models import SolutionVersion, VersionStatus

    if isinstance(source, Deliverable):
        if source.status != DeliverableStatus.APPROVED:
            return _("Only an approved deliverable is published to the library.")
        if not source.file:
            return _("This deliverable has no file to publish.")
        if DocumentLink.objects.filter(source_deliverable=source).exists():
            return _("This deliverable is already in the library.")
        return ""
    if isinstance(source, SolutionVersion):
        if source.status != VersionStatus.APPROVED:
            return _("Only a signed-off solution version is published to the library.")
        if DocumentLink.objects.filter(source_solution_version=source).exists():
            return _("This solution version is already in the library.")
        return ""
    raise TypeError(f"{type(source).__name__} is not published to the library")


def _source_facts(source) -> dict:
    from presales.opportunities.models import Deliverable

    if isinstance(source, Deliverable):
        opportunity = source.opportunity
        return {
            "opportunity": opportunity,
            "link": {"opportunity": opportunity, "source_deliverable": source},
            "title": source.title,
            "name": f"{source.title} v{source.version}",
        }
    solution = source.solution
    return {
        "opportunity": solution.opportunity,
        "link": {"solution": solution, "source_solution_version": source},
        "title": solution.title,
        "name": f"{solution.code} v{source.number}",
    }


@transaction.atomic
def document_publish_from(*, user: User, source, folder: Folder, title: str = "", description: str = "") -> Document:
    """Put an approved deliverable or a signed-off solution version into the library in one
    action: a published document whose first version is a copy of the file (its text
    extracted), linked back to the opportunity or the solution. Who publishes is who may add
    documents to the folder (its editors, the managers: the curators who publish anyway) and
    sees the source. The file must be one the library takes (the one upload check)."""
    from presales.knowledge.services.documents import document_create
    from presales.knowledge.services.lifecycle import document_publish
    from presales.opportunities.access import sees_opportunity

    facts = _source_facts(source)
    if not sees_opportunity(user, facts["opportunity"].pk):
        raise PermissionDenied
    from presales.knowledge.access import can_add_document

    folder = Folder.objects.select_related("library").get(pk=folder.pk)
    require(can_add_document(user, folder), _("Only the folder's editors and the presales managers may do this."))
    reason = publish_refusal(source)
    if reason:
        raise ServiceError(reason)
    title = " ".join((title or facts["title"]).split())
    check_text(_("Description"), description, TEXT_SHORT)
    with source.file.open("rb") as handle:
        file = File(handle, name=source.file_name)
        try:
            check_upload(file, LIBRARY_EXTENSIONS)
        except forms.ValidationError as exc:
            raise ServiceError(exc.messages) from exc
        document = document_create(
            user=user,
            folder=folder,
            data={"title": title, "description": description},
            file=file,
            industries=[facts["opportunity"].industry] if facts["opportunity"].industry else [],
            change_note=_("Published from %(source)s") % {"source": facts["name"]},
        )
    document = document_publish(document=document, user=user)
    DocumentLink.objects.create(document=document, added_by=user, note=facts["name"][:NOTE_MAX], **facts["link"])
    events.published_from(document, facts["name"], facts["opportunity"], user)
    return document
