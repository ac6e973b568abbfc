"""The opportunity list's filters (django-filter), applied to the visible queryset only."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.customers.models import Industry
from presales.lib.bounds import MONEY_COLUMN_MAX
from presales.lib.forms import BootstrapFormMixin, DateInput
from presales.lib.paging import CUSTOMER_NAMES, contains_any
from presales.lib.sorting import Sorting
from presales.opportunities.access import opportunities_visible_to
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
    # The list's search first; the board's filters (declared on BoardFilter) after it.
    field_order = ["q", "stage", "status", "mine", "owner", "customer"]


def _amount(label, lookup: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        field_name="expected_amount",
        lookup_expr=lookup,
        min_value=Decimal(0),
        max_value=MONEY_COLUMN_MAX,
        max_digits=14,
        decimal_places=2,
    )


class BoardFilter(django_filters.FilterSet):
    """What the board filters by: whose, the sales owner, industry, amount and expected
    (sign) date. The list understands the same parameters, so a column's "more" link opens
    the list with the board's filters. Always applied to a queryset already scoped by
    opportunities_visible_to; the sales owners offered are those of the opportunities the
    user sees, so the choice names nobody else (and another owner matches nothing)."""

    mine = django_filters.ChoiceFilter(
        label=_("Whose"), choices=[("1", _("Mine"))], empty_label=_("All I can see"), method="filter_mine"
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Sales owner"),
        field_name="sales_owner",
        queryset=get_user_model().objects.none(),
        empty_label=_("All"),
    )
    industry = django_filters.ChoiceFilter(label=_("Industry"), choices=Industry.choices, empty_label=_("All"))
    amount_min = _amount(_("Amount from"), "gte")
    amount_max = _amount(_("Amount to"), "lte")
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

    def __init__(self, data=None, queryset=None, *, user: User, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        self.filters["owner"].queryset = (
            get_user_model()
            .objects.filter(pk__in=opportunities_visible_to(user).values("sales_owner"))
            .order_by("full_name", "username")
        )

    def filter_queryset(self, queryset):
        # An owner not offered (someone whose opportunities the user does not see) matches nothing.
        if "owner" in self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(Q(sales_owner=self.user) | Q(presales_lead=self.user)) if value else queryset


class OpportunityFilter(BoardFilter):
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
    customer = django_filters.CharFilter(label=_("Customer"), method="filter_customer")

    class Meta:
        model = Opportunity
        fields: list[str] = []
        form = OpportunityFilterForm

    def filter_q(self, queryset, name, value):
        """Code, name or the customer's name (full or short)."""
        return queryset.filter(contains_any(value, "name", "code", *CUSTOMER_NAMES))

    def filter_customer(self, queryset, name, value):
        return queryset.filter(contains_any(value, *CUSTOMER_NAMES))
