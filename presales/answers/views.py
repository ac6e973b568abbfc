"""Thin views of the answer library: access → form → service → redirect (re-render keeping
input on refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.answers import access, selectors, services, spreadsheet
from presales.answers.forms import EntryForm, ReasonForm, WordingForm
from presales.answers.models import AnswerChange, AnswerStatus, AnswerWording, ChangeStatus
from presales.approvals.models import Approval
from presales.lib.audit import history_rows
from presales.lib.excel import xlsx_response, xlsx_stream_response
from presales.lib.forms import id_from
from presales.lib.imports import import_page
from presales.lib.paging import list_page
from presales.lib.sorting import Sorting, sort_rows
from presales.lib.views import create_through, get_or_404, run_with_messages, save_form_through

SORTING = Sorting(
    {"code": ("code",), "updated": ("updated_at",), "review": ("next_review_on",), "used": ("usage_count",)},
    default="code",
)
QUERY_MAX = 100
EXPORT_CHUNK = 500


def _entry_url(entry) -> str:
    return reverse("answers:entry", args=[entry.pk])


def _require_reader(user) -> None:
    if not access.can_read_library(user):
        raise PermissionDenied


def _filters(request) -> dict:
    status = request.GET.get("status", "")
    return {
        "q": request.GET.get("q", "").strip()[:QUERY_MAX],
        "category": id_from(request.GET.get("category", "")),
        "status": status if status in AnswerStatus.values else "",
        "due": request.GET.get("due") == "1",
    }


def _rows(request, filters: dict):
    ids = None
    if filters["q"]:
        from presales.search.selectors import search

        results = search(request.user, filters["q"], types=["answer"], per_page=selectors.SEARCH_MAX)
        ids = [hit.object_id for hit in results.hits]
    return selectors.entry_list(
        request.user, category=filters["category"], status=filters["status"], due=filters["due"], ids=ids
    )


@login_required
def entry_list(request):
    _require_reader(request.user)
    filters = _filters(request)
    rows, sort = sort_rows(request, _rows(request, filters), SORTING)
    today = timezone.localdate()
    page = list_page(request, rows, per_page=25)
    for entry in page["page"]:
        entry.review_flag = services.review_state(entry, today)
    return render(
        request,
        "answers/list.html",
        {
            "nav": "answers",
            **page,
            "sort": sort,
            "filters": filters,
            "categories": selectors.categories(),
            "statuses": AnswerStatus.choices,
            "can_write": access.is_writer(request.user),
        },
    )


@login_required
def entry_detail(request, pk):
    entry = selectors.get_entry_for(request.user, pk)
    user = request.user
    changes = selectors.changes_of(entry)
    pending = next((c for c in changes if c.status == ChangeStatus.PENDING), None)
    approval = Approval.objects.for_target(pending).order_by("-round").first() if pending else None
    return render(
        request,
        "answers/entry.html",
        {
            "nav": "answers",
            "entry": entry,
            "review_flag": services.review_state(entry),
            "tags": list(entry.tags.order_by("name")),
            "products": list(entry.products.order_by("model_code")),
            "wordings": list(entry.wordings.select_related("created_by")),
            "usages": selectors.usages_of(entry),
            "changes": changes,
            "pending": pending,
            "approval": approval,
            "history": history_rows(entry, limit=30),
            "actions": services.allowed_actions(user, entry),
            "can_edit": access.can_edit_entry(user, entry),
            "wording_form": WordingForm() if access.can_edit_entry(user, entry) else None,
            "reason_form": ReasonForm(),
        },
    )


@login_required
def entry_create(request):
    if not access.is_writer(request.user):
        raise PermissionDenied
    form = EntryForm(request.POST or None, initial={"category": id_from(request.GET.get("category", ""))})
    if request.method == "POST" and form.is_valid():
        entry = create_through(form, lambda: services.entry_create(user=request.user, data=form.data_for_service()))
        if entry is not None:
            messages.success(request, _("Answer %(code)s added as a draft.") % {"code": entry.code})
            return redirect(_entry_url(entry))
    return render(
        request,
        "answers/form.html",
        {"nav": "answers", "form": form, "title": _("Add an answer"), "cancel_url": reverse("answers:list")},
    )


@login_required
def entry_edit(request, pk):
    entry = selectors.get_entry_for(request.user, pk)
    if not access.can_edit_entry(request.user, entry):
        raise PermissionDenied
    form = EntryForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        result = []

        def call():
            result.append(
                services.entry_update(
                    user=request.user,
                    entry=entry,
                    data=form.data_for_service(),
                    seen_version=form.cleaned_data.get("version"),
                    note=form.cleaned_data.get("note") or "",
                )
            )

        if save_form_through(form, call, current_version=lambda: type(entry).objects.get(pk=entry.pk).version):
            if isinstance(result[0], AnswerChange):
                messages.success(request, _("Change proposed: the category's owner approves it."))
            else:
                messages.success(request, _("Answer saved."))
            return redirect(_entry_url(entry))
    return render(
        request,
        "answers/form.html",
        {"nav": "answers", "form": form, "title": _("Edit answer %(code)s") % {"code": entry.code},
         "entry": entry, "cancel_url": _entry_url(entry)},
    )  # fmt: skip


ACTIONS = {
    "submit": lambda entry, user, reason: services.entry_submit_for_review(user=user, entry=entry),
    "approve": lambda entry, user, reason: services.entry_approve(user=user, entry=entry),
    "return": lambda entry, user, reason: services.entry_return(user=user, entry=entry, reason=reason),
    "review_done": lambda entry, user, reason: services.entry_mark_reviewed(user=user, entry=entry),
    "retire": lambda entry, user, reason: services.entry_retire(user=user, entry=entry, reason=reason),
    "restore": lambda entry, user, reason: services.entry_restore(user=user, entry=entry),
}


@login_required
@require_POST
def entry_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    entry = selectors.get_entry_for(request.user, pk)
    reason = services.refusal(request.user, entry, action)
    if reason:
        messages.error(request, reason)
        return redirect(_entry_url(entry))
    form = ReasonForm(request.POST)
    text = form.cleaned_data["reason"] if form.is_valid() else ""
    done = _("Done: %(action)s.") % {"action": services.TRANSITIONS[action].label}
    run_with_messages(request, lambda: ACTIONS[action](entry, request.user, text), done)
    return redirect(_entry_url(entry))


@login_required
@require_POST
def wording_create(request, pk):
    entry = selectors.get_entry_for(request.user, pk)
    if not access.can_edit_entry(request.user, entry):
        raise PermissionDenied
    form = WordingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_entry_url(entry))
    run_with_messages(
        request,
        lambda: services.wording_add(user=request.user, entry=entry, text=form.cleaned_data["text"]),
        _("Wording added."),
    )
    return redirect(_entry_url(entry))


@login_required
@require_POST
def wording_delete(request, pk):
    wording = get_or_404(AnswerWording.objects.select_related("entry"), pk=pk)
    entry = selectors.get_entry_for(request.user, wording.entry_id)
    if not access.can_edit_entry(request.user, entry):
        raise PermissionDenied
    run_with_messages(
        request, lambda: services.wording_remove(user=request.user, wording=wording), _("Wording removed.")
    )
    return redirect(_entry_url(entry))


@login_required
def entry_export(request):
    _require_reader(request.user)
    filters = _filters(request)
    rows, _sort = sort_rows(request, _rows(request, filters), SORTING)
    return xlsx_stream_response(
        "answer-library.xlsx",
        _("Answer library"),
        spreadsheet.EXPORT_COLUMNS,
        spreadsheet.export_rows(rows.iterator(chunk_size=EXPORT_CHUNK)),
        widths=spreadsheet.EXPORT_WIDTHS,
    )


@login_required
def import_template(request):
    if not access.is_writer(request.user):
        raise PermissionDenied
    return xlsx_response("answer-library-template.xlsx", _("Answer library"), spreadsheet.TEMPLATE_COLUMNS, [])


@login_required
def entry_import(request):
    if not access.is_writer(request.user):
        raise PermissionDenied

    def message(report) -> str:
        return _("Imported: %(created)d added, %(updated)d changed, %(proposed)d changes proposed.") % {
            "created": len(report.created),
            "updated": len(report.updated),
            "proposed": len(report.proposed),
        }

    return import_page(
        request,
        parse=spreadsheet.parse_import,
        run=lambda rows: spreadsheet.answers_import(user=request.user, rows=rows, name="upload"),
        title=_("Import answers"),
        columns=spreadsheet.TEMPLATE_COLUMNS,
        success_message=message,
        success_url=reverse("answers:list"),
        template_url=reverse("answers:import_template"),
        context={"nav": "answers"},
    )
