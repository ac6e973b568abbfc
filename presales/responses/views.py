"""The deviation table pages: thin, each calls its service. Rows are answered in place (htmx):
the row's form comes back with what was typed when the service refuses (a stale edit says
who changed the row)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.lib.excel import XLSX_CONTENT_TYPE
from presales.lib.forms import id_from
from presales.lib.paging import list_page
from presales.lib.services import ServiceError
from presales.lib.views import get_or_404, run_with_messages, save_form_through
from presales.responses import access, exports, selectors, services
from presales.responses.forms import (
    AcceptForm,
    AnswerForm,
    ClauseEditForm,
    FilterForm,
    ProductsForm,
    SpecUploadForm,
    SplitForm,
)
from presales.responses.models import Clause
from presales.responses.specs.extract import SpecError
from presales.tenders import access as tender_access
from presales.tenders.models import Tender

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PER_PAGE = 100


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _tender_url(tender: Tender) -> str:
    return reverse("tenders:detail", args=[tender.pk])


@login_required
def upload(request, tender_pk):
    tender = get_or_404(tender_access.tenders_visible_to(request.user).select_related("opportunity"), pk=tender_pk)
    if not tender_access.can_work_on(request.user, tender):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = SpecUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created = []

        def call():
            created.append(
                services.spec_upload(
                    user=request.user,
                    tender=tender,
                    file=form.cleaned_data["file"],
                    products=form.cleaned_data["products"],
                )
            )

        if save_form_through(form, call, field="file"):
            specification = created[0]
            messages.success(
                request, _("%(count)d clauses read and auto-filled.") % {"count": specification.clauses.count()}
            )
            return redirect("responses:table", specification.pk)
    return render(request, "responses/upload.html", {"tender": tender, "form": form})


def _row_context(request, clause: Clause, can_work: bool) -> dict:
    return {"clause": clause, "can_work": can_work}


@login_required
def table(request, pk):
    specification = access.get_specification_for(request.user, pk)
    can_work = access.can_work(request.user, specification)
    assignees = selectors.assignees(specification)
    filters = FilterForm(request.GET or None, assignees=assignees)
    status, assignee, star = "", None, False
    if filters.is_valid():
        status = filters.cleaned_data["status"] or ""
        assignee = filters.cleaned_data["assignee"]
        star = filters.cleaned_data["star"]
    rows = selectors.table(specification, status=status, assignee=assignee, star=star)
    context = {
        "specification": specification,
        "tender": specification.tender,
        "tender_url": _tender_url(specification.tender),
        "progress": selectors.progress(specification.clauses.all()),
        "filters": filters,
        "can_work": can_work,
        "assignees": assignees,
        "products_form": ProductsForm(initial={"products": list(specification.products.all())}),
        **list_page(request, rows, per_page=PER_PAGE),
    }
    return render(request, "responses/table.html", context)


def _row(request, clause_pk, can_work: bool, flash: str = "") -> HttpResponse:
    clause = Clause.objects.select_related("entry", "assigned_to", "answered_by", "specification").get(pk=clause_pk)
    return render(request, "responses/_row.html", {"clause": clause, "can_work": can_work, "flash": flash})


@login_required
def clause_row(request, pk):
    clause = access.get_clause_for(request.user, pk)
    return _row(request, clause.pk, access.can_work(request.user, clause.specification))


@login_required
def clause_answer(request, pk):
    """The answer form in place of the row (htmx), or as a page."""
    clause = access.get_clause_for(request.user, pk, write=True)
    initial = {
        "response": clause.response,
        "deviation": clause.deviation,
        "deviation_note": clause.deviation_note,
        "guarantee": clause.guarantee,
        "version": clause.version,
    }
    form = AnswerForm(request.POST or None, initial=initial, prefix=f"c{clause.pk}")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            services.clause_answer(
                user=request.user,
                clause=clause,
                response=data["response"],
                deviation=data["deviation"],
                deviation_note=data["deviation_note"],
                guarantee=data["guarantee"],
                save_to_library=data["save_to_library"],
                version=data["version"],
            )

        current = lambda: Clause.objects.get(pk=clause.pk).version  # noqa: E731
        if save_form_through(form, call, current_version=current):
            if request.htmx:
                return _row(request, clause.pk, True, flash=_("Saved."))
            messages.success(request, _("Answer saved."))
            return redirect(reverse("responses:table", args=[clause.specification_id]) + f"#clause-{clause.pk}")
    template = "responses/_answer_row.html" if request.htmx else "responses/answer.html"
    return render(request, template, {"clause": clause, "form": form})


@login_required
@require_POST
def clause_accept(request, pk):
    clause = access.get_clause_for(request.user, pk, write=True)
    form = AcceptForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.clause_accept(
                user=request.user,
                clause=clause,
                choice=form.cleaned_data["choice"] or 0,
                version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("This page is out of date: reload it and try again.")
    if request.htmx:
        response = _row(request, clause.pk, True, flash=error or _("Accepted."))
        return response
    if error:
        messages.error(request, error)
    return redirect(reverse("responses:table", args=[clause.specification_id]) + f"#clause-{clause.pk}")


@login_required
def clause_edit(request, pk):
    """Correct what extraction read: the wording, the number, the marks."""
    clause = access.get_clause_for(request.user, pk, write=True)
    initial = {"number": clause.number, "text": clause.text, "star": clause.star, "triangle": clause.triangle}
    form = ClauseEditForm(request.POST or None, initial={**initial, "version": clause.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        current = lambda: Clause.objects.get(pk=clause.pk).version  # noqa: E731
        call = lambda: services.clause_edit(  # noqa: E731
            user=request.user, clause=clause, data=data, version=form.cleaned_data["version"]
        )
        if save_form_through(form, call, current_version=current):
            messages.success(request, _("Clause saved."))
            return redirect(reverse("responses:table", args=[clause.specification_id]) + f"#clause-{clause.pk}")
    return render(request, "responses/clause_form.html", {"clause": clause, "form": form, "title": _("Edit clause")})


@login_required
def clause_split(request, pk):
    clause = access.get_clause_for(request.user, pk, write=True)
    form = SplitForm(request.POST or None, initial={"parts": clause.text, "version": clause.version})
    if request.method == "POST" and form.is_valid():
        current = lambda: Clause.objects.get(pk=clause.pk).version  # noqa: E731
        call = lambda: services.clause_split(  # noqa: E731
            user=request.user, clause=clause, parts=form.cleaned_data["parts"], version=form.cleaned_data["version"]
        )
        if save_form_through(form, call, current_version=current, field="parts"):
            messages.success(request, _("Clause split."))
            return redirect(reverse("responses:table", args=[clause.specification_id]) + f"#clause-{clause.pk}")
    return render(request, "responses/clause_form.html", {"clause": clause, "form": form, "title": _("Split clause")})


def _chosen(request, specification) -> list[Clause]:
    ids = [i for i in (id_from(v) for v in request.POST.getlist("clauses")[:500]) if i]
    return list(specification.clauses.filter(pk__in=ids))


@login_required
@require_POST
def merge(request, pk):
    specification = access.get_specification_for(request.user, pk, write=True)
    clauses = _chosen(request, specification)
    run_with_messages(request, lambda: services.clause_merge(user=request.user, clauses=clauses), _("Clauses merged."))
    return redirect("responses:table", specification.pk)


@login_required
@require_POST
def assign(request, pk):
    specification = access.get_specification_for(request.user, pk, write=True)
    clauses = _chosen(request, specification)
    assignee_id = id_from(request.POST.get("assignee", ""))
    assignee = next((u for u in selectors.assignees(specification) if u.pk == assignee_id), None)
    if assignee_id and assignee is None:
        messages.error(request, _("This page is out of date: reload it and try again."))
        return redirect("responses:table", specification.pk)
    run_with_messages(
        request,
        lambda: services.clauses_assign(
            user=request.user, specification=specification, clauses=clauses, assignee=assignee
        ),
        _("Clauses assigned."),
    )
    return redirect("responses:table", specification.pk)


@login_required
@require_POST
def autofill(request, pk):
    specification = access.get_specification_for(request.user, pk, write=True)
    form = ProductsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date: reload it and try again."))
        return redirect("responses:table", specification.pk)

    def call():
        services.spec_set_products(
            user=request.user, specification=specification, products=form.cleaned_data["products"]
        )
        services.spec_autofill(user=request.user, specification=specification)

    run_with_messages(request, call, _("The table is auto-filled again; answered clauses were kept."))
    return redirect("responses:table", specification.pk)


@login_required
def export_xlsx(request, pk):
    specification = access.get_specification_for(request.user, pk)
    rows = exports.rows_of_clauses(selectors.export_rows(specification))
    content = exports.table_xlsx(rows, title=_("Deviation table"))
    name = f"{specification.tender.number or specification.tender.pk}-技术偏差表.xlsx"
    return _download(content, name, XLSX_CONTENT_TYPE)


@login_required
def write_back(request, pk):
    """The buyer's own table, filled in (only a specification recognised as one)."""
    specification = access.get_specification_for(request.user, pk, write=True)
    if not specification.is_template:
        messages.error(request, _("This file is not a response table of the buyer: export the Excel table instead."))
        return redirect("responses:table", specification.pk)
    rows = exports.rows_of_clauses(selectors.export_rows(specification))
    try:
        with specification.file.open("rb") as handle:
            content = exports.filled_template(handle, specification.name, rows)
    except (FileNotFoundError, ValueError, SpecError) as exc:
        messages.error(request, _("The buyer's file could not be filled: %(error)s") % {"error": str(exc)[:200]})
        return redirect("responses:table", specification.pk)
    kind = DOCX_CONTENT_TYPE if specification.name.lower().endswith(".docx") else XLSX_CONTENT_TYPE
    return _download(content, specification.name, kind)


@login_required
def technical_bid(request, pk):
    """GET: choose the bid's sections among the library's published documents (the ones linked
    to the bid's products are ticked). POST: generate and download; without the picker's
    `choose` field (the table page's button) the linked documents are the sections."""
    specification = access.get_specification_for(request.user, pk, write=True)
    if request.method != "POST":
        linked, others = services.section_choices(specification, request.user)
        return render(
            request,
            "responses/technical_bid.html",
            {
                "nav": "tenders",
                "specification": specification,
                "tender": specification.tender,
                "linked": linked,
                "others": others,
                "choices_max": services.SECTION_CHOICES_MAX,
            },
        )
    document_ids = None
    if request.POST.get("choose"):
        document_ids = [i for i in (id_from(v) for v in request.POST.getlist("documents")[:500]) if i is not None]
    try:
        name, content = services.technical_bid_generate(
            user=request.user, specification=specification, document_ids=document_ids
        )
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("responses:table", specification.pk)
    return _download(content, name, DOCX_CONTENT_TYPE)


@login_required
def source_file(request, pk):
    specification = access.get_specification_for(request.user, pk)
    from presales.lib.uploads import serve_file

    response: FileResponse = serve_file(specification.file, specification.original_name)
    return response
