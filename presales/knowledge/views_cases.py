"""Pages of success cases and competitor profiles: access check → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.customers.models import Industry
from presales.knowledge import access_reuse as access
from presales.knowledge import selectors_reuse as selectors
from presales.knowledge.forms_reuse import CaseFilterForm, CompetitorForm, SuccessCaseForm
from presales.knowledge.models_reuse import SuccessCase
from presales.knowledge.services import cases as services
from presales.lib.audit import history_rows
from presales.lib.paging import SEARCH_MAX, list_page
from presales.lib.sections import sections_for
from presales.lib.services import require
from presales.lib.views import create_through, get_or_404, run_with_messages, save_form_through

CASES_PER_PAGE = 25


def _case_for(user, pk) -> SuccessCase:
    return get_or_404(access.cases_visible_to(user).select_related("customer", "opportunity", "owner"), pk=pk)


@login_required
def case_list(request):
    require(access.can_read_cases(request.user))
    filter_form = CaseFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    from presales.catalog.models import Product

    context = {
        "nav": "library",
        "filters": filters,
        "industries": Industry.choices,
        "products": Product.objects.filter(success_cases__isnull=False).distinct().order_by("model_code"),
        "can_create": access.can_write_cases(request.user),
        **list_page(request, selectors.case_list(request.user, filters=filters), per_page=CASES_PER_PAGE),
    }
    return render(request, "knowledge/cases/list.html", context)


@login_required
def case_detail(request, pk):
    case = _case_for(request.user, pk)
    context = selectors.case_detail(request.user, case)
    context.update({"nav": "library", "history": history_rows(case)})
    return render(request, "knowledge/cases/detail.html", context)


def _case_form_page(request, form, title, cancel_url):
    return render(
        request,
        "knowledge/form.html",
        {"nav": "library", "form": form, "title": title, "cancel_url": cancel_url, "testid": "case-form"},
    )


@login_required
def case_create(request):
    require(access.can_write_cases(request.user))
    form = SuccessCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = create_through(
            form,
            lambda: services.case_create(
                user=request.user, data=data, products=data["products"], documents=data["documents"]
            ),
        )
        if case is not None:
            messages.success(request, _("Success case added."))
            return redirect("cases:detail", case.pk)
    return _case_form_page(request, form, _("New success case"), reverse("cases:list"))


@login_required
def case_edit(request, pk):
    require(access.can_write_cases(request.user))
    case = _case_for(request.user, pk)
    form = SuccessCaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form_through(
            form,
            lambda: services.case_update(
                user=request.user,
                case=SuccessCase.objects.get(pk=case.pk),
                data=data,
                products=data["products"],
                documents=data["documents"],
                seen_version=data.get("version"),
            ),
            current_version=lambda: SuccessCase.objects.get(pk=case.pk).version,
        ):
            messages.success(request, _("Success case saved."))
            return redirect("cases:detail", case.pk)
    return _case_form_page(request, form, _("Edit success case"), reverse("cases:detail", args=[case.pk]))


# Competitors ----------------------------------------------------------------------------------


def _competitor_for(user, pk):
    return get_or_404(access.competitors_visible_to(user), pk=pk)


@login_required
def competitor_list(request):
    require(access.can_read_competitors(request.user))
    from django.db.models import Q

    rows = access.competitors_visible_to(request.user).order_by("name")
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
    context = {
        "nav": "library",
        "q": q,
        "can_create": access.can_write_competitors(request.user),
        "can_sync": access.can_sync_competitors(request.user),
        **list_page(request, rows, per_page=50),
    }
    return render(request, "knowledge/competitors/list.html", context)


@login_required
def competitor_detail(request, pk):
    competitor = _competitor_for(request.user, pk)
    context = selectors.competitor_detail(request.user, competitor)
    context.update({"nav": "library", "history": history_rows(competitor)})
    context["sections"] = sections_for("competitor", competitor, request.user)  # e.g. the bids lost to them
    return render(request, "knowledge/competitors/detail.html", context)


@login_required
def competitor_create(request):
    require(access.can_write_competitors(request.user))
    form = CompetitorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        competitor = create_through(
            form, lambda: services.competitor_create(user=request.user, data=data, documents=data["documents"])
        )
        if competitor is not None:
            messages.success(request, _("Competitor profile added."))
            return redirect("competitors:detail", competitor.pk)
    return render(
        request,
        "knowledge/form.html",
        {
            "nav": "library",
            "form": form,
            "title": _("New competitor profile"),
            "cancel_url": reverse("competitors:list"),
            "testid": "competitor-form",
        },
    )


@login_required
def competitor_edit(request, pk):
    require(access.can_write_competitors(request.user))
    competitor = _competitor_for(request.user, pk)
    form = CompetitorForm(request.POST or None, instance=competitor, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form_through(
            form,
            lambda: services.competitor_update(
                user=request.user,
                competitor=competitor,
                data=data,
                documents=data["documents"],
                seen_version=data.get("version"),
            ),
            current_version=lambda: type(competitor).objects.get(pk=competitor.pk).version,
        ):
            messages.success(request, _("Competitor profile saved."))
            return redirect("competitors:detail", competitor.pk)
    return render(
        request,
        "knowledge/form.html",
        {
            "nav": "library",
            "form": form,
            "title": _("Edit competitor profile"),
            "cancel_url": reverse("competitors:detail", args=[competitor.pk]),
            "testid": "competitor-form",
        },
    )


@login_required
@require_POST
def competitor_sync(request):
    require(access.can_sync_competitors(request.user))
    created: list = []
    run_with_messages(
        request,
        lambda: created.extend(services.competitors_sync_from_opportunities(user=request.user)),
        lambda: (
            _("%(count)s competitor profiles created from the opportunities.") % {"count": len(created)}
            if created
            else _("Every competitor named in the opportunities already has a profile.")
        ),
    )
    return redirect("competitors:list")
