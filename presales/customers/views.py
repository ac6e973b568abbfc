from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from presales.customers import access, selectors, services
from presales.customers.forms import ContactForm, CustomerFilterForm, CustomerForm
from presales.customers.models import Contact
from presales.customers.spreadsheet import IMPORT_COLUMNS, customers_workbook_rows, parse_import
from presales.lib.audit import history_rows
from presales.lib.excel import EXPORT_CHUNK, xlsx_response, xlsx_stream_response
from presales.lib.imports import import_page
from presales.lib.paging import list_page
from presales.lib.sections import sections_for
from presales.lib.sorting import sort_rows
from presales.lib.views import create_through, save_form_through


def _filters(request) -> CustomerFilterForm:
    form = CustomerFilterForm(request.GET or None)
    form.is_valid()
    return form


@login_required
def customer_list(request):
    form = _filters(request)
    customers, sort = sort_rows(
        request, selectors.customer_list(request.user, getattr(form, "cleaned_data", {})), selectors.CUSTOMER_SORTING
    )
    page = list_page(request, customers)
    page["page"].object_list = selectors.with_visible_counts(request.user, page["page"].object_list)
    return render(
        request,
        "customers/list.html",
        {
            "nav": "customers",
            "filter_form": form,
            "sort": sort,
            **page,
            "can_create": access.can_create(request.user),
            "can_import": access.can_import(request.user),
        },
    )


@login_required
def customer_export(request):
    form = _filters(request)
    customers, _sort = sort_rows(
        request, selectors.customer_list(request.user, getattr(form, "cleaned_data", {})), selectors.CUSTOMER_SORTING
    )
    headers, rows = customers_workbook_rows(customers.iterator(chunk_size=EXPORT_CHUNK))
    return xlsx_stream_response("customers.xlsx", _("Customers"), headers, rows)


@login_required
def customer_import_template(request):
    return xlsx_response("customer-import-template.xlsx", _("Customers"), list(IMPORT_COLUMNS), [])


@login_required
def customer_import(request):
    if not access.can_import(request.user):
        raise PermissionDenied
    return import_page(
        request,
        parse=parse_import,
        run=lambda rows: services.customers_import(user=request.user, rows=rows),
        title=_("Import customers"),
        columns=IMPORT_COLUMNS,
        success_message=lambda report: _("%(n)d customers imported.") % {"n": len(report.created)},
        success_url=reverse("customers:list"),
        template_url=reverse("customers:import_template"),
        context={"nav": "customers"},
    )


@login_required
def customer_create(request):
    if not access.can_create(request.user):
        raise PermissionDenied
    form = CustomerForm(request.POST or None, can_reassign=access.can_reassign(request.user))
    if request.method == "POST" and form.is_valid():
        customer = create_through(
            form, lambda: services.customer_create(user=request.user, data=form.cleaned_data), field="name"
        )
        if customer is not None:
            messages.success(request, _("Customer “%(name)s” created.") % {"name": customer.name})
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"nav": "customers", "form": form})


@login_required
def customer_edit(request, pk):
    customer = access.get_customer_for(request.user, pk, "edit")
    form = CustomerForm(request.POST or None, instance=customer, can_reassign=access.can_reassign(request.user))
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(
            form,
            lambda: services.customer_update(
                customer=customer,
                user=request.user,
                data=form.cleaned_data,
                seen_version=form.cleaned_data.get("version"),
            ),
            current_version=lambda: access.get_customer_for(request.user, pk).version,
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("customers:detail", pk=pk)
    return render(request, "customers/form.html", {"nav": "customers", "form": form, "customer": customer})


@login_required
def customer_detail(request, pk):
    customer = access.get_customer_for(request.user, pk)
    return render(
        request,
        "customers/detail.html",
        {
            "nav": "customers",
            "customer": customer,
            "contacts": customer.contacts.all(),
            "can_edit": access.can_edit(request.user, customer),
            # The cards of the apps built on customers (opportunities, service requests, …).
            "sections": sections_for("customer", customer, request.user),
            "contact_form": ContactForm(),
            "history": history_rows(
                customer,
                related=[
                    (
                        Contact.history.filter(customer_id=customer.pk),
                        lambda record: _("Contact %(name)s") % {"name": record.name},
                    )
                ],
            ),
        },
    )


@login_required
def contact_edit(request, pk, contact_pk=None):
    customer = access.get_customer_for(request.user, pk, "edit")
    contact = get_object_or_404(customer.contacts, pk=contact_pk) if contact_pk else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        saved = save_form_through(
            form,
            lambda: services.contact_save(
                customer=customer,
                user=request.user,
                data=form.cleaned_data,
                contact=contact,
                seen_version=form.cleaned_data.get("version"),
            ),
            current_version=lambda: getattr(Contact.objects.filter(pk=contact.pk).first(), "version", 0),
        )
        if saved:
            messages.success(request, _("Contact saved."))
            return redirect("customers:detail", pk=pk)
    return render(
        request,
        "customers/contact_form.html",
        {"nav": "customers", "form": form, "customer": customer, "contact": contact},
    )


@login_required
@require_POST
def contact_delete(request, pk, contact_pk):
    customer = access.get_customer_for(request.user, pk, "edit")
    contact = get_object_or_404(customer.contacts, pk=contact_pk)
    services.contact_delete(contact=contact, user=request.user)
    messages.success(request, _("Contact deleted."))
    return redirect("customers:detail", pk=pk)
