from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from presales.catalog import access, configurator, selectors, services, spreadsheet
from presales.catalog.forms import (
    ConfiguratorForm,
    DatasheetForm,
    PriceForm,
    ProductFilterForm,
    ProductForm,
)
from presales.catalog.models import Component, ComponentCategory
from presales.catalog.services import ImportReport
from presales.lib.audit import history_rows
from presales.lib.excel import xlsx_response
from presales.lib.forms import id_from
from presales.lib.imports import import_page
from presales.lib.sections import sections_for
from presales.lib.uploads import serve_file
from presales.lib.views import create_through, form_errors_to_messages, run_with_messages, save_form_through


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------
def _filters(request, tree=None) -> ProductFilterForm:
    form = ProductFilterForm(request.GET or None, tree=tree)
    form.is_valid()
    return form


@login_required
def product_list(request):
    access.require_browse(request.user)
    tree = selectors.category_tree()
    form = _filters(request, tree)
    filters = getattr(form, "cleaned_data", {})
    products = selectors.product_list(request.user, filters, tree)
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    selected = filters.get("category")
    return render(
        request,
        "catalog/list.html",
        {
            "nav": "catalog",
            "filter_form": form,
            "tree": tree,
            "selected_category": selected.pk if selected else None,
            "page": page,
            "total": page.paginator.count,
            "query": query.urlencode(),
            "sees_cost": access.sees_cost(request.user),
            "can_edit": access.can_edit_catalog(request.user),
        },
    )


@login_required
def product_detail(request, pk):
    product = access.get_product_for(request.user, pk)
    context = selectors.product_detail(request.user, product)
    can_edit = access.can_edit_catalog(request.user)
    context.update(
        {
            "nav": "catalog",
            "product": product,
            "can_edit": can_edit,
            "datasheet_form": DatasheetForm() if can_edit else None,
            # History lists every field's changes, costs included: only for those who see cost.
            "history": history_rows(product) if access.sees_cost(request.user) else None,
        }
    )
    return render(request, "catalog/detail.html", context)


@login_required
def product_create(request):
    access.require_edit(request.user)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = create_through(form, lambda: services.product_create(user=request.user, data=form.service_data()))
        if product is not None:
            messages.success(request, _("Product %(code)s created.") % {"code": product.model_code})
            return redirect("catalog:detail", pk=product.pk)
    return render(request, "catalog/form.html", {"nav": "catalog", "form": form})


@login_required
def product_edit(request, pk):
    product = access.get_product_for(request.user, pk, "edit")
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(
            form,
            lambda: services.product_update(
                user=request.user,
                product=product,
                data=form.service_data(),
                seen_version=form.cleaned_data.get("version"),
            ),
            current_version=lambda: access.get_product_for(request.user, pk).version,
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("catalog:detail", pk=pk)
    return render(request, "catalog/form.html", {"nav": "catalog", "form": form, "product": product})


@login_required
@require_POST
def datasheet_upload(request, pk):
    product = access.get_product_for(request.user, pk, "edit")
    form = DatasheetForm(request.POST, request.FILES)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.datasheet_add(
                user=request.user, product=product, file=form.cleaned_data["file"], title=form.cleaned_data["title"]
            ),
            _("Datasheet uploaded."),
        )
    else:
        form_errors_to_messages(request, form, labels=False)
    return redirect("catalog:detail", pk=pk)


@login_required
def datasheet_download(request, pk):
    datasheet = access.get_datasheet_for(request.user, pk)
    return serve_file(datasheet.file, datasheet.filename)


@login_required
@require_POST
def datasheet_delete(request, pk):
    datasheet = access.get_datasheet_for(request.user, pk)
    access.require_edit(request.user)
    product_id = datasheet.product_id
    services.datasheet_delete(user=request.user, datasheet=datasheet)
    messages.success(request, _("Datasheet deleted."))
    return redirect("catalog:detail", pk=product_id)


@login_required
def product_export(request):
    access.require_browse(request.user)
    form = _filters(request)
    products = selectors.product_list(request.user, getattr(form, "cleaned_data", {}))
    headers, rows = spreadsheet.products_workbook(products, with_cost=access.sees_cost(request.user))
    return xlsx_response("products.xlsx", _("Products"), headers, rows)


# ---------------------------------------------------------------------------
# Purchased components
# ---------------------------------------------------------------------------
@login_required
def component_list(request):
    access.require_browse(request.user)
    categories = selectors.component_categories()
    wanted = request.GET.get("category")
    category = next((c for c in categories if str(c.pk) == wanted), categories[0] if categories else None)
    context = {
        "nav": "catalog",
        "categories": categories,
        "category": category,
        "can_edit": access.can_edit_catalog(request.user),
    }
    if category is not None:
        context.update(selectors.component_page(request.user, category))
    return render(request, "catalog/components.html", context)


@login_required
def component_detail(request, pk):
    access.require_browse(request.user)
    component = get_object_or_404(
        access.components_visible_to(request.user).select_related("brand", "supplier", "category"), pk=pk
    )
    sees = access.sees_component_prices(request.user)
    can_edit = access.can_edit_catalog(request.user)
    form = PriceForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        access.require_edit(request.user)
        if form.is_valid():
            data = form.cleaned_data
            if save_form_through(
                form, lambda: services.component_price_add(user=request.user, component=component, **data)
            ):
                messages.success(request, _("Price recorded."))
                return redirect("catalog:component", pk=pk)
    return render(
        request,
        "catalog/component.html",
        {
            "nav": "catalog",
            "component": component,
            "prices": selectors.price_history(component) if sees else None,
            "sees_prices": sees,
            "form": form,
        },
    )


@login_required
def component_export(request):
    access.require_browse(request.user)
    sees = access.sees_component_prices(request.user)
    wanted = id_from(request.GET.get("category"))
    category = ComponentCategory.objects.filter(pk=wanted).first() if wanted else None
    if sees:
        components = selectors.priced_components(category)
    else:
        components = Component.objects.select_related("brand", "supplier", "category").order_by(
            "category__order", "category__name", "spec", "brand__name", "model"
        )
        if category is not None:
            components = components.filter(category=category)
    headers, rows = spreadsheet.components_workbook(components, with_prices=sees)
    return xlsx_response("components.xlsx", _("Components"), headers, rows)


# ---------------------------------------------------------------------------
# Imports (products, component prices): one spreadsheet each, the lib import page
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Import:
    filename: str  # of the empty template
    sheet: Promise
    title: Promise
    columns: dict
    parse: Callable
    service: Callable[..., ImportReport]
    done: Callable[[ImportReport], str]  # the success message
    list_url: str
    template_url: str


PRODUCT_IMPORT = _Import(
    filename="product-import-template.xlsx",
    sheet=gettext_lazy("Products"),
    title=gettext_lazy("Import products"),
    columns=spreadsheet.PRODUCT_COLUMNS,
    parse=spreadsheet.parse_products,
    service=services.products_import,
    done=lambda r: _("%(c)d products created, %(u)d updated.") % {"c": len(r.created), "u": len(r.updated)},
    list_url="catalog:list",
    template_url="catalog:import_template",
)
COMPONENT_IMPORT = _Import(
    filename="component-price-template.xlsx",
    sheet=gettext_lazy("Components"),
    title=gettext_lazy("Import component prices"),
    columns=spreadsheet.COMPONENT_COLUMNS,
    parse=spreadsheet.parse_component_prices,
    service=services.component_prices_import,
    done=lambda r: _("%(c)d components created, %(u)d prices recorded.") % {"c": len(r.created), "u": len(r.updated)},
    list_url="catalog:components",
    template_url="catalog:component_import_template",
)


IMPORTS = {"products": PRODUCT_IMPORT, "components": COMPONENT_IMPORT}


@login_required
def import_template(request, kind: str):
    """The empty spreadsheet of an import (`kind` from the URL: products or components)."""
    spec = IMPORTS[kind]
    access.require_edit(request.user)
    return xlsx_response(spec.filename, str(spec.sheet), list(spec.columns), [])


@login_required
def import_rows(request, kind: str):
    """The import page of `kind` (the lib import form, view and template)."""
    spec = IMPORTS[kind]
    access.require_edit(request.user)
    return import_page(
        request,
        parse=spec.parse,
        run=lambda rows: spec.service(user=request.user, rows=rows),
        title=str(spec.title),
        columns=spec.columns,
        success_message=spec.done,
        success_url=reverse(spec.list_url),
        template_url=reverse(spec.template_url),
        context={"nav": "catalog"},
    )


# ---------------------------------------------------------------------------
# Configurator
# ---------------------------------------------------------------------------
@login_required
def configurator_page(request):
    access.require_browse(request.user)
    form = ConfiguratorForm(request.GET or None, rules=configurator.system_rules())
    configuration = form.configuration if form.is_valid() else None
    return render(
        request,
        "catalog/configurator.html",
        {
            "nav": "catalog",
            "form": form,
            "selected": form.selected,
            "errors": form.problems,
            "configuration": configuration,
            "sees_cost": access.sees_cost(request.user),
            # What the apps built on the catalog offer for a configuration (quotes: "add to a quote").
            "sections": sections_for("configurator", configuration, request.user) if configuration else [],
            "rules": form.rules,
        },
    )
