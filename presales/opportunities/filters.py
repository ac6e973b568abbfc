"""The opportunity list's filters (django-filter), applied to the visible queryset only."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.lib.forms import BootstrapFormMixin, DateInput
from presales.lib.sorting import Sorting
from presales.opportunities.models import Opportunity, OpportunityStatus, Stage

# The list's column heads (presales.lib.sorting); each first field has an index.
SORTING = Sorting(
    {
        "code": ("code",),
        "name": ("name",),
        "stage": ("current_stage__order",),
        "status": ("status",),
        "amount": ("expected_amount",),
        "sign_date": ("expected_sign_date",),
        "created": ("created_at",),
        "in_stage": ("stage_entered_at",),
    },
    default="-created",
)


class OpportunityFilterForm(BootstrapFormMixin, django_filters.filterset.forms.Form):
    pass


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Code, name or customer")}),
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"),
        field_name="current_stage",
        queryset=Stage.objects.filter(template__is_default=True),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OpportunityStatus.choices, empty_label=_("All"))
    owner = django_filters.ModelChoiceFilter(
        label=_("Sales owner"),
        field_name="sales_owner",
        queryset=get_user_model().objects.filter(is_active=True),
        empty_label=_("All"),
    )
    customer = django_filters.CharFilter(label=_("Customer"), method="filter_customer")
    amount_min = django_filters.NumberFilter(label=_("Amount from"), field_name="expected_amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=_("Amount to"), field_name="expected_amount", lookup_expr="lte")
    sign_from = django_filters.DateFilter(
        label=_("Sign date from"), field_name="expected_sign_date", lookup_expr="gte", widget=DateInput
    )
    sign_to = django_filters.DateFilter(
        label=_("Sign date to"), field_name="expected_sign_date", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []
        form = OpportunityFilterForm

    def filter_q(self, queryset, name, value):
        """Code, name or the customer's name (full or short)."""
        return queryset.filter(
            Q(name__icontains=value)
            | Q(code__icontains=value)
            | Q(customer__name__icontains=value)
            | Q(customer__short_name__icontains=value)
        )

    def filter_customer(self, queryset, name, value):
        return queryset.filter(Q(customer__name__icontains=value) | Q(customer__short_name__icontains=value))
