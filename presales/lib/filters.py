"""django-filter pieces shared by the list pages."""

from __future__ import annotations

import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class OrderingFilter(django_filters.OrderingFilter):
    """Sort choices whose labels follow the language of each request.

    django-filter builds its "… (descending)" labels once, when the FilterSet class is
    defined, in whatever language is active then; these stay lazy.
    """

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", format_lazy(_("{} (descending)"), label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]
