"""The one search in the JSON API: GET /api/v1/search/?q=…&type=…&page=….

The same search and the same rules of who sees what as the /search/ page
(presales.search.selectors.search): a row the caller may not see is never a hit, a count or a
facet. Each hit carries its title and snippet as plain text (no HTML, no <mark>), its address
and score. Every parameter is given at most once; anything the schema does not allow (a
second `q`, a `q` longer than SEARCH_MAX, an unknown type, a page that is not a whole number
from 1 to PAGE_MAX, a year out of range) is a 400 naming the parameter; a page past the last
is a 404, as in every list of the API.
"""

from __future__ import annotations

import html

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from presales.api.pagination import StrictPageNumberPagination
from presales.lib.paging import SEARCH_MAX
from presales.search import registry, selectors
from presales.search.views import FACET_VALUE_MAX, PAGE_MAX, YEAR_MAX, YEAR_MIN, whole_number

PER_PAGE = 20
FACET_NAMES = ("type", "library", "product", "industry", "year")


def plain(markup: str) -> str:
    """The text of a highlighted title or snippet: tags dropped, entities read back."""
    return html.unescape(strip_tags(str(markup or "")))


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(min_value=0)


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The source's code, e.g. opportunity, solution, document.")
    type_label = serializers.CharField(help_text="The type's name in the caller's language.")
    id = serializers.IntegerField(source="object_id")
    title = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(help_text="Plain text around the words found (no HTML).")
    url = serializers.SerializerMethodField(help_text="The page of the object (absolute).")
    score = serializers.FloatField()
    flags = serializers.ListField(child=serializers.CharField(), help_text='e.g. ["expired"]')

    def get_title(self, hit) -> str:
        return plain(hit.title_html) or hit.title

    def get_snippet(self, hit) -> str:
        return plain(hit.snippet_html)

    def get_url(self, hit) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request is not None and hit.url else hit.url


class SearchResultSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0, help_text="Every hit the caller may see, on all pages.")
    page = serializers.IntegerField(min_value=1)
    pages = serializers.IntegerField(min_value=0)
    facets = serializers.DictField(
        child=FacetSerializer(many=True), help_text="Per facet (type, library, product, industry, year): its values."
    )
    hits = SearchHitSerializer(many=True)


def _text_parameter(name: str, description: str, max_length: int = FACET_VALUE_MAX) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "maxLength": max_length}, description=description)


PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": SEARCH_MAX},
        description=f"The words to find, at most {SEARCH_MAX} characters, given once. Empty: no hits.",
    ),
    OpenApiParameter(
        "type",
        {"type": "string", "enum": [source.type for source in registry.sources()]},
        description="Only hits of this type (a source's code), given once.",
    ),
    _text_parameter("library", "Only documents of this library (a facet value), given once."),
    _text_parameter("product", "Only hits of this product (a facet value), given once."),
    _text_parameter("industry", "Only hits of this industry code (a facet value), given once."),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
        description="Only hits of this year, given once.",
    ),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": PAGE_MAX},
        description=f"A page of {PER_PAGE} hits, from 1 to {PAGE_MAX}, given once. Past the last page: 404.",
    ),
]


def _once(params, name: str, max_length: int = FACET_VALUE_MAX) -> str:
    """The parameter's one value as given (its length counted before stripping, as the
    schema counts it), stripped; "" when absent."""
    values = params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("Give this parameter once.")]})
    if values and len(values[0]) > max_length:
        raise ValidationError({name: [_("At most %(n)d characters.") % {"n": max_length}]})
    return values[0].strip() if values else ""


def read_params(params) -> dict:
    """The search's arguments from the query string, or a 400 naming what is wrong."""
    q = _once(params, "q", SEARCH_MAX)
    kind = _once(params, "type")
    if kind and registry.get(kind) is None:
        raise ValidationError({"type": [_("There is no such type of result.")]})
    facets = {}
    for name in ("library", "product", "industry"):
        value = _once(params, name)
        if value:
            facets[name] = value
    if "year" in params:  # a number as given: empty or with spaces is not one
        year = _once(params, "year", 4) and params["year"]
        if not whole_number(year, 4) or not YEAR_MIN <= int(year) <= YEAR_MAX:
            message = _("The year must be a whole number from %(low)d to %(high)d.")
            raise ValidationError({"year": [message % {"low": YEAR_MIN, "high": YEAR_MAX}]})
        facets["year"] = year
    page = "1"
    if "page" in params:  # as given: empty or with spaces is a 400, as in every list of the API
        if len(params.getlist("page")) > 1:
            raise ValidationError({"page": [_("Give one page number, a whole number from 1 up.")]})
        page = params["page"]
    if not whole_number(page, 6) or not 1 <= int(page) <= PAGE_MAX:
        raise ValidationError({"page": [_("The page must be a whole number from 1 to %(high)d.") % {"high": PAGE_MAX}]})
    return {"q": q, "types": (kind,) if kind else (), "facets": facets, "page": int(page)}


def _past_the_end(page: int) -> NotFound:
    return NotFound(StrictPageNumberPagination.invalid_page_message.format(page_number=page))


class OneAnswerSchema(AutoSchema):
    """The search's `list` answers one object (total, facets, hits), not a list of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SearchViewSet(viewsets.ViewSet):
    """Search everything the caller may see."""

    schema = OneAnswerSchema()

    @extend_schema(parameters=PARAMETERS, responses={200: SearchResultSerializer}, operation_id="search")
    def list(self, request):
        args = read_params(request.query_params)
        q = args.pop("q").replace("\x00", "")
        if not q:
            empty = {"total": 0, "page": 1, "pages": 0, "facets": {}, "hits": []}
            if args["page"] > 1:
                raise _past_the_end(args["page"])
            return Response(SearchResultSerializer(empty).data)
        results = selectors.search(request.user, q, per_page=PER_PAGE, **args)
        if args["page"] > max(results.pages, 1):
            raise _past_the_end(args["page"])
        data = {
            "total": results.total,
            "page": results.page,
            "pages": results.pages,
            "facets": {name: results.facets.get(name, []) for name in FACET_NAMES if name in results.facets},
            "hits": results.hits,
        }
        return Response(SearchResultSerializer(data, context={"request": request}).data)


def register(router) -> None:
    router.register("search", SearchViewSet, basename="search")
