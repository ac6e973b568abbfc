"""Page numbers, checked strictly: `?page=` must be one whole number from 1 up.

DRF's own paginator reads the last of repeated values, takes an empty `page` as page 1 and
the word "last" as the last page, and answers 404 to "abc". Here anything the schema does
not allow is a 400 naming the parameter; a page past the end stays a 404, as in DRF. The page
size is fixed (settings PAGE_SIZE): there is no `page_size` parameter."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

_WHOLE_NUMBER = re.compile(r"[1-9][0-9]*")
# Longer than this, a well-formed page number is past the end of any list (and int() of a
# few thousand digits raises).
_MAX_DIGITS = 18


class StrictPageNumberPagination(PageNumberPagination):
    last_page_strings = ()
    invalid_page_message = gettext_lazy("Page {page_number} does not exist: the list has fewer pages.")
    page_size_query_param = None
    # API reference text, in English like the rest of the schema.
    page_query_description = (
        "A page number from 1 up, given once. Not a whole number, empty or repeated: 400; past the last page: 404."
    )

    def get_page_number(self, request, paginator):
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        if len(values) > 1 or not _WHOLE_NUMBER.fullmatch(values[0]):
            raise ValidationError({self.page_query_param: [_("Give one page number, a whole number from 1 up.")]})
        if len(values[0]) > _MAX_DIGITS:
            raise NotFound(self.invalid_page_message.format(page_number=values[0][:_MAX_DIGITS] + "…"))
        return int(values[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
