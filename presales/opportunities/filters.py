"""The opportunity list's filters (django-filter), applied to the visible queryset only."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.lib.filters import OrderingFilter
from presales.lib.forms import BootstrapFormMixin, DateInput
from presales.opportunities.models import Opportunity, OpportunityStatus, Stage


class OpportunityFilterForm(BootstrapFormMixin, django_filters.filterset.forms.Form):
    pass


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
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

    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("created_at", "created"),
            ("expected_amount", "amount"),
            ("expected_sign_date", "sign_date"),
            ("current_stage__order", "stage"),
            ("stage_entered_at", "in_stage"),
            ("code", "code"),
        ),
        field_labels={
            "created_at": _("Creation time"),
            "expected_amount": _("Expected amount"),
            "expected_sign_date": _("Expected sign date"),
            "current_stage__order": _("Stage"),
            "stage_entered_at": _("In stage since"),
            "code": _("Code"),
        },
        empty_label=_("Default order"),
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []
        form = OpportunityFilterForm

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_customer(self, queryset, name, value):
        return queryset.filter(Q(customer__name__icontains=value) | Q(customer__short_name__icontains=value))
