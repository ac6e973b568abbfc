"""Thin views: access helper → form → service → redirect (re-render keeping input on refusal)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from presales.accounts.roles import sees_cost
from presales.lib.audit import history_rows
from presales.lib.excel import EXPORT_CHUNK, XLSX_CONTENT_TYPE, money, percent, xlsx_stream_response
from presales.lib.paging import SEARCH_MAX, list_page
from presales.lib.sections import sections_for
from presales.lib.services import ServiceError
from presales.lib.sorting import sort_rows
from presales.lib.views import create_through, get_or_404, run_with_messages, save_form_through
from presales.opportunities.access import get_opportunity_for
from presales.quotes import access, exports, selectors, services
from presales.quotes.forms import AddConfigurationForm, LineForm, NewVersionForm, ProductLineForm, QuoteForm
from presales.quotes.models import Purpose, QuoteLine, QuoteVersion, VersionStatus

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _version_url(version) -> str:
    return reverse("quotes:version", args=[version.pk])


def _filtered(request):
    filters = {"q": request.GET.get("q", "").strip()[:SEARCH_MAX], "status": request.GET.get("status", "")}
    rows, sort = sort_rows(request, selectors.quote_list(request.user, **filters), selectors.QUOTE_SORTING)
    return filters, rows, sort


@login_required
def quote_list(request):
    filters, rows, sort = _filtered(request)
    page = list_page(request, rows)
    page["page"].object_list = selectors.with_margin(page["page"].object_list, request.user)
    return render(
        request,
        "quotes/list.html",
        {
            "nav": "quotes",
            **page,
            **filters,
            "sort": sort,
            "statuses": VersionStatus.choices,
            "show_cost": sees_cost(request.user),
        },
    )


@login_required
def quote_list_export(request):
    """The list as filtered, searched and sorted, streamed: only the quotes the user sees, the
    cost and margin columns only for who sees cost (left out, not blanked)."""
    _filters, rows, _sort = _filtered(request)
    show_cost = sees_cost(request.user)
    headers = [
        _("Code"),
        _("Title"),
        _("Opportunity"),
        _("Customer"),
        _("Latest version"),
        _("Status"),
        _("Total (tax incl.)"),
    ]
    if show_cost:
        headers += [_("Total cost"), _("Gross margin %")]

    def data():
        for quote in selectors.quote_rows_for_export(rows, request.user, EXPORT_CHUNK):
            row = [
                quote.code,
                quote.title,
                quote.opportunity.name,
                quote.opportunity.customer.name,
                f"v{quote.latest_number}" if quote.latest_number else "",
                quote.latest_status_label,
                money(quote.latest_total),
            ]
            if show_cost:
                row += [money(quote.latest_cost), percent(quote.latest_margin_percent)]
            yield row

    return xlsx_stream_response("quotes.xlsx", _("Quotes"), headers, data())


@login_required
def quote_create(request):
    opportunity = get_opportunity_for(request.user, request.GET.get("opportunity") or request.POST.get("opportunity"))
    if not access.can_create(request.user, opportunity):
        raise PermissionDenied
    title = _("%(opportunity)s quote list") % {"opportunity": opportunity.name}
    form = QuoteForm(request.POST or None, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        quote = create_through(
            form,
            lambda: services.quote_create(user=request.user, opportunity=opportunity, title=form.cleaned_data["title"]),
        )
        if quote is not None:
            messages.success(request, _("Quote created. Add its lines."))
            return redirect(_version_url(quote.versions.get(number=1)))
    return render(
        request,
        "quotes/form.html",
        {
            "nav": "quotes",
            "form": form,
            "opportunity": opportunity,
            "title": _("New quote"),
            "cancel_url": reverse("opportunities:detail", args=[opportunity.pk]),
            "testid": "quote-form",
        },
    )


@login_required
def quote_detail(request, pk):
    quote = access.get_quote_for(request.user, pk)
    versions = list(quote.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "quotes/detail.html",
        {
            "nav": "quotes",
            "quote": quote,
            "versions": versions,
            "show_cost": sees_cost(request.user),
            "can_new_version": access.can_edit(request.user, quote)
            and not any(v.status == VersionStatus.IN_REVIEW for v in versions),
            "history": history_rows(quote),
            # Cards of the apps built on quotes (the library's documents): presales.lib.sections.
            "sections": sections_for("quote", quote, request.user),
        },
    )


def _products(request):
    q = request.GET.get("product_q", "").strip()
    if not q:
        return q, []
    from presales.catalog.models import Product, ProductStatus

    products = Product.objects.filter(status=ProductStatus.ACTIVE).filter(
        Q(model_code__icontains=q) | Q(name__icontains=q)
    )
    return q, list(products.order_by("model_code")[:20])


@login_required
def version_detail(request, pk, line_form=None, version_form=None):
    version = access.get_version_for(request.user, pk)
    context = selectors.version_detail(
        request.user, version, open_section=selectors.parse_section_key(request.GET.get("section"))
    )
    product_q, products = _products(request)
    context.update(
        {
            "nav": "quotes",
            "line_form": line_form or LineForm(show_cost=context["show_cost"], initial={"version": version.version}),
            "version_form": version_form or NewVersionForm(),
            "product_q": product_q,
            "products": products,
            "purposes": Purpose.choices,
        }
    )
    return render(request, "quotes/version.html", context)


@login_required
def version_section_lines(request, pk, key):
    """One section of a version page (quotes/_section.html): opened with its lines, or closed
    (`?collapsed=1`) to its name, line count and subtotal. Without htmx: the page with it open."""
    version = access.get_version_for(request.user, pk)
    section_id = selectors.parse_section_key(key)
    if section_id is False:
        raise Http404
    collapsed = request.GET.get("collapsed") == "1"
    if not request.htmx:
        return redirect(_version_url(version) if collapsed else _lines_url(version, section_id, force=True))
    context = selectors.section_lines(request.user, version, section_id, collapsed=collapsed)
    if context["g"] is None:
        raise Http404
    return render(request, "quotes/_section.html", context)


def _lines_url(version, section_id, *, force=False) -> str:
    """Where a change of a line without script returns to: the lines, with the line's section
    open when the version shows its sections collapsed."""
    if not (force or selectors.is_large(version)):
        return _version_url(version) + "#lines"
    key = selectors.section_key(section_id)
    return f"{_version_url(version)}?section={key}#section-{key}"


@login_required
@require_POST
def line_add(request, pk):
    version = access.get_version_for(request.user, pk, "edit")
    show_cost = sees_cost(request.user)
    form = LineForm(request.POST, show_cost=show_cost)
    if form.is_valid():

        def call():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.LINE_FIELDS}
            services.line_add(
                version=version,
                user=request.user,
                data=data,
                seen_version=form.cleaned_data.get("version"),
                section_name=form.cleaned_data.get("section_name", ""),
            )

        if save_form_through(form, call, current_version=lambda: QuoteVersion.objects.get(pk=version.pk).version):
            messages.success(request, _("Line added."))
            return redirect(_version_url(version) + "#lines")
    return version_detail(request, pk, line_form=form)


@login_required
@require_POST
def product_add(request, pk):
    from presales.catalog.models import Product

    version = access.get_version_for(request.user, pk, "edit")
    form = ProductLineForm(request.POST)
    if form.is_valid():
        product = get_or_404(Product.objects, pk=form.cleaned_data["product"])
        run_with_messages(
            request,
            lambda: services.line_add_product(
                version=version,
                user=request.user,
                product=product,
                quantity=form.cleaned_data["quantity"],
                seen_version=form.cleaned_data.get("version"),
                section_name=form.cleaned_data.get("section_name", ""),
            ),
            _("Added %(product)s.") % {"product": product},
        )
    elif "quantity" in form.errors:
        for error in form.errors["quantity"]:
            messages.error(request, f"{form.fields['quantity'].label}: {error}")
    else:
        messages.error(request, _("Give a quantity above 0."))
    return redirect(_version_url(version) + "#lines")


def _in_place(request, version, *, section_id, line_pk=None, flash=(), level="success", changed=True):
    """The htmx answer to an edit or delete of one line (quotes/_line_changed.html); after a
    change the new edit counter goes to the page's hidden version fields (js/quotes.js)."""
    context = selectors.line_in_place(request.user, version, section_id=section_id, line_pk=line_pk)
    context.update({"flash": list(flash), "flash_level": level, "changed": changed})
    if changed and context["show_cost"]:  # the margin moved: so may the price review's route
        context["routing"] = selectors.routing_preview(version)
    response = render(request, "quotes/_line_changed.html", context)
    if changed:
        response["HX-Trigger"] = json.dumps({"quoteVersionChanged": {"version": version.version}})
    return response


def _refresh(request, message: str) -> HttpResponse:
    """A change the rows cannot show in place (a line moved to another section, the last
    line gone): the page reloads, with the message."""
    messages.success(request, message)
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
def line_row(request, pk):
    """The read-only row of one line (the edit form's "cancel" in place)."""
    line = access.get_line_for(request.user, pk)
    return _in_place(request, line.version, section_id=line.section_id, line_pk=line.pk, changed=False)


@login_required
def line_edit(request, pk):
    """Edit one line. From the version page (htmx) the form takes the place of the line's row
    and saving answers the row, its section's subtotal and the totals; as a page otherwise."""
    line = access.get_line_for(request.user, pk, "edit")
    version = line.version
    show_cost = sees_cost(request.user)
    prefix = f"line{line.pk}" if request.htmx else None
    form = LineForm(
        request.POST or None, instance=line, show_cost=show_cost, initial={"version": version.version}, prefix=prefix
    )
    section_before = line.section_id
    if request.method == "POST" and form.is_valid():

        def call():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.LINE_FIELDS}
            services.line_update(
                line=line,
                user=request.user,
                data=data,
                seen_version=form.cleaned_data.get("version"),
                section_name=form.cleaned_data.get("section_name", ""),
            )

        if save_form_through(form, call, current_version=lambda: QuoteVersion.objects.get(pk=version.pk).version):
            if not request.htmx:
                messages.success(request, _("Line saved."))
                large = selectors.is_large(version)
                saved = QuoteLine.objects.only("section_id").get(pk=line.pk) if large else line
                return redirect(_lines_url(version, saved.section_id))
            version.refresh_from_db()
            saved = QuoteLine.objects.only("section_id").get(pk=line.pk)
            if saved.section_id != section_before:
                return _refresh(request, _("Line saved."))
            return _in_place(request, version, section_id=saved.section_id, line_pk=line.pk, flash=[_("Saved.")])
    if request.htmx:
        return render(
            request,
            "quotes/_line_edit_row.html",
            {"form": form, "line": line, "version": version, "show_cost": show_cost},
        )
    return render(
        request,
        "quotes/line_form.html",
        {
            "nav": "quotes",
            "form": form,
            "version": version,
            "quote": version.quote,
            "title": _("Edit line"),
            "cancel_url": _version_url(version),
            "testid": "line-form",
            "sections": list(version.sections.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request, pk):
    """Delete one line. The version page's delete button posts here through htmx (the row goes,
    the totals follow); without script its link is this address's GET: a page that asks first."""
    line = access.get_line_for(request.user, pk, "edit")
    version = line.version
    if request.method == "GET":
        return render(
            request,
            "quotes/line_delete.html",
            {
                "nav": "quotes",
                "line": line,
                "version": version,
                "quote": version.quote,
                "cancel_url": _lines_url(version, line.section_id),
            },
        )
    if not request.htmx:
        run_with_messages(
            request,
            lambda: services.line_delete(line=line, user=request.user, seen_version=request.POST.get("version")),
            _("Line deleted."),
        )
        return redirect(_lines_url(version, line.section_id))
    try:
        services.line_delete(line=line, user=request.user, seen_version=request.POST.get("version"))
    except ServiceError as exc:  # the row stays, with the reason above the lines
        return _in_place(
            request,
            version,
            section_id=line.section_id,
            line_pk=line.pk,
            flash=exc.messages,
            level="danger",
            changed=False,
        )
    version.refresh_from_db()
    if not version.line_count:
        return _refresh(request, _("Line deleted."))
    return _in_place(request, version, section_id=line.section_id, flash=[_("Deleted.")])


@login_required
@require_POST
def version_create(request, pk):
    quote = access.get_quote_for(request.user, pk, "edit")
    form = NewVersionForm(request.POST)
    latest = quote.versions.order_by("-number").first()
    if form.is_valid():
        version = create_through(
            form, lambda: services.version_create(quote=quote, user=request.user, note=form.cleaned_data["note"])
        )
        if version is not None:
            messages.success(request, _("Version %(n)s started.") % {"n": version.number})
            return redirect(_version_url(version))
    if latest is None:
        raise Http404
    return version_detail(request, latest.pk, version_form=form)


@login_required
@require_POST
def submit(request, pk):
    version = access.get_version_for(request.user, pk, "submit")
    purpose = request.POST.get("purpose", "")
    run_with_messages(
        request,
        lambda: services.submit_for_review(
            version=version, user=request.user, purpose=purpose, note=request.POST.get("note", "")
        ),
        _("Version %(n)s sent to price review.") % {"n": version.number},
    )
    return redirect(_version_url(version))


@login_required
@require_POST
def add_configuration(request):
    """Add a configured system (catalog configurator) to a draft quote version in one action.
    A value or current the configurator refuses re-renders the form with the reason and what
    was posted; a refusal of the quote (not a draft any more, beyond its limits) is a message
    on the version page."""
    from presales.catalog.models import SystemRule

    version = access.get_version_for(request.user, request.POST.get("version_id"), "edit")
    rule = get_or_404(SystemRule.objects.select_related("code_rule"), pk=request.POST.get("system_rule"))
    form = AddConfigurationForm(request.POST, system_rule=rule)
    if not form.is_valid():
        return render(
            request,
            "quotes/add_configuration.html",
            {"nav": "quotes", "form": form, "version": version, "system_rule": rule},
        )
    again = request.POST.get("again", "")
    if again not in (services.ADD_AGAIN, services.REPLACE):
        again = ""
    configuration = form.cleaned_data["configuration"]
    try:
        services.add_configuration(version=version, user=request.user, configuration=configuration, again=again)
    except services.DuplicateConfiguration:
        # Already in the version: ask whether to add it again or replace the earlier lines.
        return render(
            request,
            "quotes/configuration_again.html",
            {
                "nav": "quotes",
                "version": version,
                "system_rule": rule,
                "configuration": configuration,
                "earlier": list(services.configuration_lines(version, configuration).select_related("section")),
                "posted": [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "again")],
            },
        )
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_version_url(version) + "#lines")
    if again == services.REPLACE:
        messages.success(request, _("Configuration replaced in %(version)s.") % {"version": version})
    else:
        messages.success(request, _("Configuration added to %(version)s.") % {"version": version})
    return redirect(_version_url(version) + "#lines")


@login_required
def export_xlsx(request, pk):
    version = access.get_version_for(request.user, pk)
    data = exports.build_xlsx(version, show_cost=sees_cost(request.user))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.quote.code}-v{version.number}.xlsx"'
    return response


@login_required
def export_docx(request, pk):
    version = access.get_version_for(request.user, pk)
    data = exports.build_docx(version, show_cost=sees_cost(request.user))
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.quote.code}-v{version.number}.docx"'
    return response
