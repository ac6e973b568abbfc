"""Thin views: access helper → form → service → redirect (re-render keeping input on refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.accounts.roles import Role, has_role
from presales.lib.audit import history_rows
from presales.lib.excel import EXPORT_CHUNK, xlsx_stream_response
from presales.lib.paging import SEARCH_MAX, list_page
from presales.lib.sections import sections_for
from presales.lib.sorting import sort_rows
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, run_with_messages, save_form_through
from presales.opportunities.access import get_opportunity_for
from presales.solutions import access, selectors, services
from presales.solutions.forms import QAForm, QAItemFormSet, ReviewForm, SolutionForm, VersionForm
from presales.solutions.models import Review, Solution, SolutionStatus, VersionStatus


def _detail_url(solution) -> str:
    return reverse("solutions:detail", args=[solution.pk])


def _filtered(request):
    """The list's filters as typed (a search is cut to 100 characters) and the rows they select."""
    filters = {
        "q": request.GET.get("q", "").strip()[:SEARCH_MAX],
        "status": request.GET.get("status", ""),
        "mine": request.GET.get("mine") == "1",
    }
    qs = selectors.solution_list(request.user, **filters)
    rows, sort = sort_rows(request, qs, selectors.SOLUTION_SORTING)
    return filters, rows, sort


@login_required
def solution_list(request):
    filters, rows, sort = _filtered(request)
    return render(
        request,
        "solutions/list.html",
        {
            "nav": "solutions",
            **list_page(request, rows),
            **filters,
            "sort": sort,
            "statuses": SolutionStatus.choices,
        },
    )


@login_required
def solution_export(request):
    """The list as filtered, searched and sorted, streamed: only the solutions the user sees."""
    _filters, rows, _sort = _filtered(request)
    headers = [
        _("Code"),
        _("Title"),
        _("Opportunity"),
        _("Customer"),
        _("Designers"),
        _("Latest version"),
        _("Status"),
        _("Due date"),
        _("Created by"),
        _("Created at"),
    ]
    data = (
        [
            s.code,
            s.title,
            s.opportunity.name,
            s.opportunity.customer.name,
            "、".join(d.display_name for d in s.designers.all()),
            f"v{s.latest_number}" if s.latest_number else "",
            s.get_status_display(),
            s.due_date,
            s.created_by.display_name,
            timezone.localtime(s.created_at).replace(tzinfo=None),
        ]
        for s in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    return xlsx_stream_response("solutions.xlsx", _("Solutions"), headers, data)


@login_required
def solution_create(request):
    opportunity = get_opportunity_for(request.user, request.GET.get("opportunity") or request.POST.get("opportunity"))
    if not access.can_create_solution(request.user, opportunity):
        raise PermissionDenied
    initial = {"designers": [request.user], "service_request": request.GET.get("request")}
    form = SolutionForm(request.POST or None, initial=initial, opportunity=opportunity)
    if request.method == "POST" and form.is_valid():
        solution = create_through(
            form,
            lambda: services.solution_create(
                user=request.user,
                opportunity=opportunity,
                data=form.cleaned_data,
                designers=form.cleaned_data["designers"],
                team=form.cleaned_data["team"],
            ),
        )
        if solution is not None:
            messages.success(request, _("Solution design report created. Upload version 1 of the solution."))
            return redirect("solutions:version_create", solution.pk)
    return render(
        request,
        "solutions/form.html",
        {
            "nav": "solutions",
            "form": form,
            "opportunity": opportunity,
            "title": _("New solution design report"),
            "cancel_url": reverse("opportunities:detail", args=[opportunity.pk]),
            "testid": "solution-form",
        },
    )


@login_required
def solution_edit(request, pk):
    solution = access.get_solution_for(request.user, pk, "change")
    form = SolutionForm(request.POST or None, instance=solution, opportunity=solution.opportunity)
    if request.method == "POST" and form.is_valid():

        def call():
            services.solution_update(
                solution=solution,
                user=request.user,
                data=form.cleaned_data,
                designers=form.cleaned_data["designers"],
                team=form.cleaned_data["team"],
                seen_version=form.cleaned_data["version"],
            )

        if save_form_through(form, call, current_version=lambda: Solution.objects.get(pk=pk).version):
            messages.success(request, _("Solution saved."))
            return redirect(_detail_url(solution))
    return render(
        request,
        "solutions/form.html",
        {
            "nav": "solutions",
            "form": form,
            "opportunity": solution.opportunity,
            "solution": solution,
            "title": _("Edit solution design report"),
            "cancel_url": _detail_url(solution),
            "testid": "solution-form",
        },
    )


@login_required
def solution_detail(request, pk):
    solution = access.get_solution_for(request.user, pk)
    context = selectors.solution_detail(request.user, solution)
    focus = context["focus"]
    context.update(
        {
            "nav": "solutions",
            "submit_url": reverse("solutions:signoff_submit", args=[focus.pk]) if focus else "",
            "can_submit_focus": bool(focus and context["can_submit"] and focus.status == VersionStatus.IN_REVIEW),
            "submit_hint": _("Needs a review with all four points rated and the conclusion “pass”.")
            if focus and focus.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
            else "",
            "history": history_rows(solution),
            # Cards of the apps built on solutions (the library's documents): presales.lib.sections.
            "sections": sections_for("solution", solution, request.user),
        }
    )
    return render(request, "solutions/detail.html", context)


@login_required
def version_create(request, pk):
    solution = access.get_solution_for(request.user, pk, "change")
    last = solution.versions.order_by("-number").first()
    number = (last.number + 1) if last else 1
    initial = {}
    if last:
        initial = {f: getattr(last, f) for f in ("summary", "main_equipment", "cost_low", "cost_high")}
    form = VersionForm(request.POST or None, request.FILES or None, number=number, initial=initial)
    if request.method == "POST" and form.is_valid():

        def call():
            services.version_create(
                solution=solution, user=request.user, data=form.cleaned_data, file=form.cleaned_data.get("file")
            )

        if save_form_through(form, call):
            messages.success(request, _("Version %(n)s uploaded.") % {"n": number})
            return redirect(_detail_url(solution))
    return render(
        request,
        "solutions/version_form.html",
        {"nav": "solutions", "form": form, "solution": solution, "number": number, "cancel_url": _detail_url(solution)},
    )


@login_required
def version_download(request, pk):
    version = access.get_version_for(request.user, pk)
    return serve_file(version.file, version.file_name)


@login_required
def review_edit(request, pk):
    version = access.get_version_for(request.user, pk, "review")
    solution = version.solution
    review = getattr(version, "review", None) if hasattr(version, "review") else None
    initial = {} if review else {"chair": request.user if has_role(request.user, Role.PRESALES_MANAGER) else None}
    form = ReviewForm(request.POST or None, instance=review, initial=initial)
    if request.method == "POST" and form.is_valid():

        def call():
            services.review_record(
                version=version,
                user=request.user,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                seen_version=form.cleaned_data["version"],
            )

        if save_form_through(form, call, current_version=lambda: Review.objects.get(version=version).edit_version):
            messages.success(request, _("Review meeting recorded."))
            return redirect(_detail_url(solution) + f"#version-{version.number}")
    return render(
        request,
        "solutions/review_form.html",
        {
            "nav": "solutions",
            "form": form,
            "solution": solution,
            "version": version,
            "cancel_url": _detail_url(solution),
        },
    )


@login_required
@require_POST
def signoff_submit(request, pk):
    version = access.get_version_for(request.user, pk, "submit")
    run_with_messages(
        request,
        lambda: services.signoff_submit(version=version, user=request.user, note=request.POST.get("note", "")),
        _("Version %(n)s sent for sign-off.") % {"n": version.number},
    )
    return redirect(_detail_url(version.solution) + f"#version-{version.number}")


@login_required
def qa_create(request, pk):
    version = access.get_version_for(request.user, pk, "change")
    form = QAForm(request.POST or None)
    items = QAItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():

        def call():
            services.qa_record(
                version=version,
                user=request.user,
                data=form.cleaned_data,
                attendees=form.cleaned_data["our_attendees"],
                items=[f.cleaned_data for f in items.forms if f.cleaned_data],
            )

        if save_form_through(form, call):
            messages.success(request, _("On-site Q&A recorded."))
            return redirect(_detail_url(version.solution) + f"#version-{version.number}")
    return render(
        request,
        "solutions/qa_form.html",
        {
            "nav": "solutions",
            "form": form,
            "items": items,
            "solution": version.solution,
            "version": version,
            "cancel_url": _detail_url(version.solution),
        },
    )
