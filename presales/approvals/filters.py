"""The inbox's filters (django-filter), applied to what waits for the user only
(approvals.selectors.my_pending_assignments): by kind of object, by how long the step has
waited, by words of the title (a quote's or contract's number, a document's name) or of the
opportunity; sorted by the column heads."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from presales.approvals.registry import kind_choices
from presales.lib.forms import BootstrapFormMixin

SEARCH_MAX = 100


AGE_CHOICES = [
    ("today", _("Today")),
    ("3", _("Over 3 days")),
    ("7", _("Over 7 days")),
]

# The column heads' sorts: query parameter → the field (each has an index, approvals.models);
# "waiting" is when the step started waiting for the approver (its age).
SORTS = {
    "submitted": "step__approval__submitted_at",
    "waiting": "step__started_at",
    "amount": "step__approval__amount",
}


class InboxFilterForm(BootstrapFormMixin, django_filters.filterset.forms.Form):
    pass


class InboxFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=SEARCH_MAX)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=kind_choices, empty_label=_("All"), method="filter_kind"
    )
    age = django_filters.ChoiceFilter(
        label=_("Waiting"), choices=AGE_CHOICES, empty_label=_("All"), method="filter_age"
    )
    # Set by the column heads (a hidden field of the form): "amount", "-amount" …
    sort = django_filters.ChoiceFilter(
        choices=[(f"{sign}{key}", key) for key in SORTS for sign in ("", "-")], method="filter_sort"
    )

    class Meta:
        fields: list[str] = []
        form = InboxFilterForm

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(step__approval__title__icontains=value)
            | Q(step__approval__opportunity__code__icontains=value)
            | Q(step__approval__opportunity__name__icontains=value)
        )

    def filter_kind(self, queryset, name, value):
        app_label, _dot, model = value.partition(".")
        return queryset.filter(step__approval__target_type=ContentType.objects.get_by_natural_key(app_label, model))

    def filter_sort(self, queryset, name, value):
        field = SORTS[value.removeprefix("-")]
        if value.startswith("-"):
            return queryset.order_by(F(field).desc(nulls_last=True), "-pk")
        return queryset.order_by(F(field).asc(nulls_last=True), "pk")

    def filter_age(self, queryset, name, value):
        now = timezone.now()
        if value == "today":
            start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            return queryset.filter(step__started_at__gte=start)
        return queryset.filter(step__started_at__lt=now - timedelta(days=int(value)))
