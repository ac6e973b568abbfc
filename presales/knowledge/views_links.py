"""The buttons of the "Library documents" cards: attach, detach, publish. Each checks
access, calls one service and goes back to the page it came from, with the outcome as a
message (a refusal says why)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.knowledge.forms_reuse import LinkForm, PublishForm
from presales.knowledge.models import Document, Folder
from presales.knowledge.models_reuse import DocumentLink
from presales.knowledge.services import links as services
from presales.lib.paging import SEARCH_MAX
from presales.lib.views import form_errors_to_messages, get_or_404, run_with_messages


def _target_for(user, target_type: str, pk):
    """The object a link is about, if `user` sees it (else 404), and its page."""
    if target_type == "opportunity":
        from presales.opportunities.access import get_opportunity_for

        return get_opportunity_for(user, pk), _url(target_type, pk)
    if target_type == "solution":
        from presales.solutions.access import get_solution_for

        return get_solution_for(user, pk), _url(target_type, pk)
    from presales.quotes.access import get_quote_for

    return get_quote_for(user, pk), _url(target_type, pk)


def _url(target_type: str, pk) -> str:
    from django.urls import reverse

    name = {"opportunity": "opportunities:detail", "solution": "solutions:detail", "quote": "quotes:detail"}
    return reverse(name[target_type], args=[pk]) + "#library-card"


@login_required
@require_POST
def link_add(request):
    form = LinkForm(request.POST)
    if not form.is_valid():
        if form.has_error("target_type") or form.has_error("target_id"):
            raise PermissionDenied
        target_type = form.cleaned_data["target_type"]
        form_errors_to_messages(request, form)
        return redirect(_url(target_type, form.cleaned_data["target_id"]))
    data = form.cleaned_data
    target, url = _target_for(request.user, data["target_type"], data["target_id"])
    from presales.knowledge.access import documents_visible_to

    document = get_or_404(documents_visible_to(request.user), pk=data["document"])
    run_with_messages(
        request,
        lambda: services.document_link(user=request.user, document=document, target=target, note=data["note"]),
        _("“%(title)s” attached from the library.") % {"title": document.title},
    )
    return redirect(_url(data["target_type"], target.pk))


@login_required
def link_find(request):
    """The documents to attach, as the options of the card's list: those matching what is
    typed (the one search module, best first), else the most recent; only published ones the
    user reads and not attached yet. For who may change the target only."""
    from django.shortcuts import render

    from presales.knowledge import access_reuse, selectors_reuse

    target_type = request.GET.get("target_type", "")
    if target_type not in ("opportunity", "solution", "quote"):
        raise PermissionDenied
    target, _page = _target_for(request.user, target_type, request.GET.get("target_id"))
    if not access_reuse.can_change_target(request.user, target):
        raise PermissionDenied
    documents = selectors_reuse.find_linkable(
        request.user, target, field_name=target_type, q=request.GET.get("q", "")[:SEARCH_MAX]
    )
    return render(request, "knowledge/links/_options.html", {"documents": documents})


@login_required
@require_POST
def link_remove(request, pk):
    from presales.knowledge.access import documents_visible_to

    link = get_or_404(
        DocumentLink.objects.filter(document__in=documents_visible_to(request.user).values("pk")).select_related(
            "document"
        ),
        pk=pk,
    )
    target_type = "opportunity" if link.opportunity_id else "solution" if link.solution_id else "quote"
    target, _page = _target_for(request.user, target_type, link.opportunity_id or link.solution_id or link.quote_id)
    run_with_messages(
        request,
        lambda: services.document_unlink(user=request.user, link=link),
        _("“%(title)s” detached; it stays in the library.") % {"title": link.document.title},
    )
    return redirect(_url(target_type, target.pk))


@login_required
@require_POST
def publish(request):
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    data = form.cleaned_data
    from presales.opportunities.access import on_visible_opportunities

    if data["source_type"] == "deliverable":
        from presales.opportunities.models import Deliverable

        source = get_or_404(
            on_visible_opportunities(Deliverable.objects.select_related("opportunity"), request.user),
            pk=data["source_id"],
        )
        back = _url("opportunity", source.opportunity_id)
    else:
        from presales.solutions.access import solutions_visible_to
        from presales.solutions.models import SolutionVersion

        source = get_or_404(
            SolutionVersion.objects.select_related("solution", "solution__opportunity").filter(
                solution__in=solutions_visible_to(request.user).values("pk")
            ),
            pk=data["source_id"],
        )
        back = _url("solution", source.solution_id)
    folder = get_or_404(Folder.objects.select_related("library"), pk=data["folder"])
    published: list[Document] = []
    run_with_messages(
        request,
        lambda: published.append(services.document_publish_from(user=request.user, source=source, folder=folder)),
        lambda: (
            _("Published to the library as “%(title)s” in %(folder)s.")
            % {"title": published[0].title, "folder": folder.name}
        ),
    )
    return redirect(back)
