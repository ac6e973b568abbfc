"""The contract list's and the profit list's filters (django-filter), applied to the
visible queryset only: a filter narrows what the user sees, it never widens it."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.contracts.models import Contract, ContractStatus
from presales.lib.forms import BootstrapFormMixin, DateInput
from presales.lib.paging import CUSTOMER_NAMES, SEARCH_MAX, contains_any
from presales.lib.sorting import Sorting

# The column heads of both lists (presales.lib.sorting); each first field has an index.
SORTING = Sorting(
    {
        "number": ("number",),
        "title": ("title",),
        "kind": ("kind",),
        "amount": ("amount",),
        "status": ("status",),
        "signed": ("signed_on",),
        "created": ("created_at",),
    },
    default="-created",
)


class ContractFilterForm(BootstrapFormMixin, django_filters.filterset.forms.Form):
    pass


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("Number, title or customer")}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ContractStatus.choices, empty_label=_("All"))

    class Meta:
        model = Contract
        fields: list[str] = []
        form = ContractFilterForm

    def filter_q(self, queryset, name, value):
        """The contract number, its title, party A and the customer's name (full or short)."""
        return queryset.filter(
            contains_any(value, "number", "title", "party_a", *(f"opportunity__{f}" for f in CUSTOMER_NAMES))
        )


class ProfitFilter(ContractFilter):
    """The profit list: the contract list's filters, plus customer, sales owner, signing
    dates and whether finance has marked the costs complete (final) or not (provisional)."""

    customer = django_filters.CharFilter(label=_("Customer"), method="filter_customer", max_length=SEARCH_MAX)
    owner = django_filters.ModelChoiceFilter(
        label=_("Sales owner"),
        field_name="opportunity__sales_owner",
        queryset=get_user_model().objects.filter(is_active=True),
        empty_label=_("All"),
    )
    signed_from = django_filters.DateFilter(
        label=_("Signed from"), field_name="signed_on", lookup_expr="gte", widget=DateInput
    )
    signed_to = django_filters.DateFilter(
        label=_("Signed to"), field_name="signed_on", lookup_expr="lte", widget=DateInput
    )
    costs = django_filters.ChoiceFilter(
        label=_("Costs complete"),
        choices=[("yes", _("Yes (final profit)")), ("no", _("No (provisional profit)"))],
        empty_label=_("All"),
        method="filter_costs",
    )

    def filter_customer(self, queryset, name, value):
        return queryset.filter(
            Q(opportunity__customer__name__icontains=value) | Q(opportunity__customer__short_name__icontains=value)
        )

    def filter_costs(self, queryset, name, value):
        return queryset.filter(costs_complete=value == "yes")
