"""The context a paginated list page shares: the page asked for, the total, and the list's
other query parameters for the pager's links."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest

# The longest search a list reads (longer text typed or crafted is cut, never an error).
SEARCH_MAX = 100

# Where a list's search looks for the customer's name, through a relation to the customer.
CUSTOMER_NAMES = ("customer__name", "customer__short_name")


def contains_any(text: str, *fields: str) -> Q:
    """A list's search: rows where any of `fields` contains `text` (case-insensitive)."""
    return reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))


def list_page(request: HttpRequest, rows, *, per_page: int = 50, param: str = "page") -> dict:
    """`page` (from ?page=, the last one when past the end), `total` and `query` (the filters
    without the page number). A page with two lists gives the second its own `param`
    (includes/pagination.html links with it when passed as `param`)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return {"page": page, "total": page.paginator.count, "query": query.urlencode()}
