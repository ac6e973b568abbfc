"""Thin views: access helper → form → service → redirect (re-render keeping input on refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.contracts import access, quoting, selectors, services
from presales.contracts.filters import SORTING, ContractFilter, ProfitFilter
from presales.contracts.forms import ContractForm, CostForm, FileForm, SignForm
from presales.contracts.models import ActualCost, Contract, ContractFile
from presales.contracts.spreadsheet import IMPORT_COLUMNS, costs_workbook_rows, parse_import
from presales.lib.audit import history_rows
from presales.lib.excel import EXPORT_CHUNK, money, percent, xlsx_response, xlsx_stream_response
from presales.lib.imports import import_page
from presales.lib.paging import list_page
from presales.lib.services import ServiceError
from presales.lib.sorting import sort_rows
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, get_or_404, run_with_messages, save_form_through
from presales.opportunities.access import get_opportunity_for


def _detail_url(contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def _filtered(request, filter_class=ContractFilter):
    """The filter set over the contracts the user sees, and its rows in the order asked for."""
    filterset = filter_class(request.GET or None, queryset=selectors.contract_list(request.user))
    rows, sort = sort_rows(request, filterset.qs, SORTING)
    return filterset, rows, sort


@login_required
def contract_list(request):
    filterset, rows, sort = _filtered(request)
    return render(
        request,
        "contracts/list.html",
        {
            "nav": "contracts",
            "filter": filterset,
            "sort": sort,
            **list_page(request, rows),
            "can_see_profit": access.can_see_cost(request.user),
        },
    )


@login_required
def contract_export(request):
    """The list as filtered, searched and sorted, streamed: only the contracts the user sees;
    cost and profit columns only for who sees cost (left out, not blanked)."""
    _filterset, rows, _sort = _filtered(request)
    show_cost = access.can_see_cost(request.user)
    if show_cost:
        rows = selectors.profit_rows(rows)
    headers = [
        _("Contract number"),
        _("Title"),
        _("Kind"),
        _("Opportunity"),
        _("Customer"),
        _("Amount (CNY)"),
        _("Status"),
        _("Signed on"),
        _("Delivery date"),
    ]
    if show_cost:
        headers += _profit_headers()

    def data():
        for c in rows.iterator(chunk_size=EXPORT_CHUNK):
            row = [
                c.number,
                c.title,
                c.get_kind_display(),
                c.opportunity.name,
                c.opportunity.customer.name,
                money(c.amount),
                c.get_status_display(),
                c.signed_on,
                c.delivery_date,
            ]
            if show_cost:
                row += _profit_cells(selectors.profit_of(c))
            yield row

    return xlsx_stream_response("contracts.xlsx", _("Contracts"), headers, data())


def _profit_headers() -> list[str]:
    return [
        _("Reviewed price (CNY)"),
        _("Planned cost (CNY)"),
        _("Actual cost (CNY)"),
        _("Profit (CNY)"),
        _("Margin %"),
        _("Profit status"),
    ]


def _profit_label(costs_complete: bool) -> str:
    return _("Final") if costs_complete else _("Provisional")


def _profit_cells(p: selectors.Profit) -> list:
    return [
        money(p.reviewed_price),
        money(p.planned_cost),
        money(p.actual_cost),
        money(p.profit) if p.profit_known else None,
        percent(p.margin) if p.profit_known else None,
        _profit_label(p.costs_complete),
    ]


def _profit_filtered(request):
    if not access.can_see_cost(request.user):
        raise PermissionDenied
    filterset, rows, sort = _filtered(request, ProfitFilter)
    return filterset, selectors.profit_rows(rows), sort


@login_required
def profit_list(request):
    """The profit across contracts (finance, managers, the general manager, commercial: who
    sees cost); the totals row sums every contract the filters select, not only this page."""
    filterset, rows, sort = _profit_filtered(request)
    page = list_page(request, rows)
    page["page"].object_list = [(c, selectors.profit_of(c)) for c in page["page"].object_list]
    return render(
        request,
        "contracts/profit_list.html",
        {
            "nav": "contracts",
            "filter": filterset,
            "sort": sort,
            **page,
            "totals": selectors.profit_totals(rows),
        },
    )


@login_required
def profit_export(request):
    """The profit list as filtered and sorted, streamed, with the same totals row."""
    _filterset, rows, _sort = _profit_filtered(request)
    totals = selectors.profit_totals(rows)
    headers = [
        _("Contract number"),
        _("Title"),
        _("Customer"),
        _("Sales owner"),
        _("Status"),
        _("Signed on"),
        *_profit_headers(),
    ]
    data = (
        [
            c.number,
            c.title,
            c.opportunity.customer.name,
            c.opportunity.sales_owner.display_name,
            c.get_status_display(),
            c.signed_on,
            *_profit_cells(selectors.profit_of(c)),
        ]
        for c in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    footer = [
        _("Total (%(count)d contracts)") % {"count": totals.count},
        "",
        "",
        "",
        "",
        "",
        money(totals.reviewed_price),
        money(totals.planned_cost),
        money(totals.actual_cost),
        money(totals.profit),
        percent(totals.margin),
        _("%(count)d provisional") % {"count": totals.provisional} if totals.provisional else _("Final"),
    ]
    return xlsx_stream_response("contract-profit.xlsx", _("Contract profit"), headers, data, footer=footer)


@login_required
def contract_create(request):
    opportunity = get_opportunity_for(request.user, request.GET.get("opportunity") or request.POST.get("opportunity"))
    if not access.can_draft(request.user, opportunity):
        raise PermissionDenied
    latest = quoting.approved_versions(opportunity).first()
    initial = {
        "kind": services.default_kind(opportunity),
        "title": opportunity.name,
        "party_a": opportunity.customer.name,
        "quote_version": latest,
        "amount": quoting.version_total(latest),
    }
    form = ContractForm(
        request.POST or None, request.FILES or None, initial=initial, opportunity=opportunity, creating=True
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "draft_file")}
        contract = create_through(
            form,
            lambda: services.contract_create(
                user=request.user, opportunity=opportunity, data=data, file=form.cleaned_data.get("draft_file")
            ),
        )
        if contract is not None:
            messages.success(request, _("Contract %(number)s drafted.") % {"number": contract.number})
            return redirect(_detail_url(contract))
    refusals = []
    if request.method == "GET":
        try:
            services.check_stage(opportunity)
        except ServiceError as exc:
            refusals = exc.messages
    return render(
        request,
        "contracts/form.html",
        {
            "nav": "contracts",
            "form": form,
            "opportunity": opportunity,
            "title": _("New contract"),
            "cancel_url": reverse("opportunities:detail", args=[opportunity.pk]),
            "action": f"{reverse('contracts:create')}?opportunity={opportunity.pk}",
            "refusals": refusals,
            "testid": "contract-form",
        },
    )


@login_required
def contract_edit(request, pk):
    contract = access.get_contract_for(request.user, pk, "edit")
    # On POST the form writes onto a copy: a refused save must not change the object shown.
    instance = Contract.objects.get(pk=contract.pk) if request.method == "POST" else contract
    form = ContractForm(request.POST or None, instance=instance, opportunity=contract.opportunity)
    if request.method == "POST" and form.is_valid():

        def call():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            services.contract_update(
                contract=contract, user=request.user, data=data, seen_version=form.cleaned_data.get("version")
            )

        if save_form_through(
            form, call, current_version=lambda: Contract.objects.values_list("version", flat=True).get(pk=contract.pk)
        ):
            messages.success(request, _("Contract saved."))
            return redirect(_detail_url(contract))
    return render(
        request,
        "contracts/form.html",
        {
            "nav": "contracts",
            "form": form,
            "opportunity": contract.opportunity,
            "contract": contract,
            "title": _("Edit contract"),
            "cancel_url": _detail_url(contract),
            "testid": "contract-form",
        },
    )


@login_required
def contract_detail(request, pk):
    contract = access.get_contract_for(request.user, pk)
    context = selectors.contract_detail(request.user, contract)
    context.update(
        {
            "nav": "contracts",
            "file_form": FileForm(),
            "sign_form": SignForm(),
            "cost_form": CostForm(),
            "submit_url": reverse("contracts:submit", args=[contract.pk]),
            "submit_hint": _("Needs the amount, both parties, the payment terms and the contract draft.")
            if contract.is_editable
            else "",
            "history": history_rows(contract),
        }
    )
    return render(request, "contracts/detail.html", context)


@login_required
@require_POST
def file_upload(request, pk):
    contract = access.get_contract_for(request.user, pk)
    if not access.can_draft(request.user, contract.opportunity):
        raise PermissionDenied
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.contract_add_file(
                contract=contract, user=request.user, file=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            ),
            _("File uploaded."),
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_detail_url(contract) + "#files")


@login_required
def file_download(request, pk):
    attachment = get_or_404(ContractFile.objects.select_related("contract"), pk=pk)
    access.get_contract_for(request.user, attachment.contract_id)
    return serve_file(attachment.file, attachment.file_name)


@login_required
@require_POST
def contract_submit(request, pk):
    contract = access.get_contract_for(request.user, pk, "submit")
    run_with_messages(
        request,
        lambda: services.contract_submit(contract=contract, user=request.user, note=request.POST.get("note", "")),
        _("Contract sent to contract review."),
    )
    return redirect(_detail_url(contract))


@login_required
@require_POST
def contract_sign(request, pk):
    contract = access.get_contract_for(request.user, pk, "sign")
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        if save_form_through(
            form,
            lambda: services.contract_sign(
                contract=contract,
                user=request.user,
                signed_on=form.cleaned_data["signed_on"],
                file=form.cleaned_data["file"],
            ),
        ):
            messages.success(request, _("Contract marked signed."))
            return redirect(_detail_url(contract))
    context = selectors.contract_detail(request.user, contract)
    context.update(
        {
            "nav": "contracts",
            "file_form": FileForm(),
            "sign_form": form,
            "cost_form": CostForm(),
            "submit_url": reverse("contracts:submit", args=[contract.pk]),
            "history": history_rows(contract),
        }
    )
    return render(request, "contracts/detail.html", context, status=200)


@login_required
@require_POST
def cost_add(request, pk):
    contract = access.get_contract_for(request.user, pk, "costs")
    form = CostForm(request.POST)
    if form.is_valid() and save_form_through(
        form, lambda: services.cost_add(contract=contract, user=request.user, data=form.cleaned_data)
    ):
        messages.success(request, _("Actual cost entered."))
        return redirect(_detail_url(contract) + "#costs")
    context = selectors.contract_detail(request.user, contract)
    context.update(
        {
            "nav": "contracts",
            "file_form": FileForm(),
            "sign_form": SignForm(),
            "cost_form": form,
            "submit_url": reverse("contracts:submit", args=[contract.pk]),
            "history": history_rows(contract),
        }
    )
    return render(request, "contracts/detail.html", context)


@login_required
@require_POST
def cost_delete(request, pk):
    cost = get_or_404(ActualCost.objects.select_related("contract"), pk=pk)
    contract = access.get_contract_for(request.user, cost.contract_id, "costs")
    run_with_messages(request, lambda: services.cost_delete(cost=cost, user=request.user), _("Actual cost deleted."))
    return redirect(_detail_url(contract) + "#costs")


@login_required
@require_POST
def costs_complete(request, pk):
    contract = access.get_contract_for(request.user, pk, "complete_costs")
    run_with_messages(
        request,
        lambda: services.contract_costs_complete(contract=contract, user=request.user),
        _("Actual costs marked complete: the profit is final."),
    )
    return redirect(_detail_url(contract) + "#profit")


@login_required
@require_POST
def costs_reopen(request, pk):
    contract = access.get_contract_for(request.user, pk, "complete_costs")
    run_with_messages(
        request,
        lambda: services.contract_costs_reopen(
            contract=contract, user=request.user, reason=request.POST.get("reason", "")
        ),
        _("Actual costs reopened: the profit is provisional again."),
    )
    return redirect(_detail_url(contract) + "#profit")


@login_required
def costs_import(request, pk):
    contract = access.get_contract_for(request.user, pk, "costs")
    return import_page(
        request,
        parse=parse_import,
        run=lambda rows: services.costs_import(contract=contract, user=request.user, rows=rows),
        title=_("Import actual costs"),
        columns=IMPORT_COLUMNS,
        success_message=lambda report: _("%(n)d actual costs imported.") % {"n": len(report.created)},
        success_url=_detail_url(contract) + "#costs",
        cancel_url=_detail_url(contract),
        template_url=reverse("contracts:costs_import_template"),
        context={
            "nav": "contracts",
            "contract": contract,
            "subject": contract.number,
            "breadcrumbs": [(reverse("contracts:list"), _("Contracts")), (_detail_url(contract), contract.number)],
            "form_testid": "cost-import-form",
        },
    )


@login_required
def costs_import_template(request):
    if not access.can_enter_costs(request.user):
        raise PermissionDenied
    return xlsx_response("actual-costs-template.xlsx", _("Actual costs"), list(IMPORT_COLUMNS), [])


@login_required
def costs_export(request, pk):
    contract = access.get_contract_for(request.user, pk)
    if not access.can_see_cost(request.user):
        raise PermissionDenied
    headers, rows = costs_workbook_rows(contract.actual_costs.all())
    return xlsx_response(f"{contract.number}-actual-costs.xlsx", _("Actual costs"), headers, rows)
