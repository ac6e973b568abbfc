"""Quotes in the JSON API: read-only, exactly the rows the user sees on the pages. Cost,
channel price and margin fields exist only for users who see cost (omitted, not blanked).

A version can hold thousands of lines, so a list of versions carries none: each version has
its `line_count` and `lines_url`, /api/v1/quote-lines/?version=<id>, which pages through them.
One version read by id nests its first DETAIL_LINES lines (`lines_complete` says whether that
is all of them). The lines list is ordered (version, order, id), which an index serves."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from presales.accounts.roles import sees_cost
from presales.quotes.access import quotes_visible_to
from presales.quotes.models import Quote, QuoteLine, QuoteVersion

# The lines one version read by id nests; the rest are paged at its lines_url.
DETAIL_LINES = 200
# The API's order of a version's lines (index quote_line_version_order).
LINE_ORDER = ("version_id", "order", "id")
_ID = re.compile(r"[1-9][0-9]{0,17}")
ID_MAX = 10**18 - 1

COST_LINE_FIELDS = ["unit_cost", "channel_price", "cost"]
COST_VERSION_FIELDS = ["total_cost", "margin_amount", "margin_percent", "missing_cost"]
# Computed figures have no fixed width: a margin % on a tiny price can be far below -100 %, and
# a line from before the bounds (presales.lib.bounds) can sum beyond any column; reading either
# must never fail.
FIGURE = {"max_digits": None, "decimal_places": 2, "read_only": True}


class _CostAware(serializers.ModelSerializer):
    cost_fields: list[str] = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not sees_cost(request.user):
            for name in self.cost_fields:
                fields.pop(name, None)
        return fields


class QuoteLineSerializer(_CostAware):
    cost_fields = COST_LINE_FIELDS
    section = serializers.CharField(source="section.name", allow_null=True, default=None)
    amount = serializers.DecimalField(**FIGURE)
    cost = serializers.DecimalField(allow_null=True, **FIGURE)

    class Meta:
        model = QuoteLine
        fields = [
            "id",
            "version",
            "section",
            "order",
            "product",
            "model_code",
            "name",
            "spec",
            "unit",
            "quantity",
            "unit_price",
            "discount_percent",
            "tax_rate",
            "amount",
            "note",
            *COST_LINE_FIELDS,
        ]


def lines_url(request, version_id: int) -> str:
    url = f"{reverse('api:quoteline-list')}?version={version_id}"
    return request.build_absolute_uri(url) if request is not None else url


class QuoteVersionSerializer(_CostAware):
    """A version in a list: its figures and where its lines are, not the lines."""

    cost_fields = COST_VERSION_FIELDS
    quote = serializers.CharField(source="quote.code")
    margin_amount = serializers.DecimalField(**FIGURE)
    margin_percent = serializers.DecimalField(allow_null=True, **FIGURE)
    lines_url = serializers.SerializerMethodField(
        help_text="The version's lines, paged: /api/v1/quote-lines/?version=<id>."
    )

    class Meta:
        model = QuoteVersion
        fields = [
            "id",
            "quote",
            "number",
            "status",
            "purpose",
            "note",
            "total_amount",
            "total_net",
            "line_count",
            "created_at",
            "submitted_at",
            "approved_at",
            "lines_url",
            *COST_VERSION_FIELDS,
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_lines_url(self, version) -> str:
        return lines_url(self.context.get("request"), version.pk)


class QuoteVersionDetailSerializer(QuoteVersionSerializer):
    """One version read by id: as in the list, with its first DETAIL_LINES lines."""

    lines = serializers.SerializerMethodField(help_text=f"The first {DETAIL_LINES} lines (the order of quote-lines).")
    lines_complete = serializers.SerializerMethodField(
        help_text="Whether `lines` holds every line of the version; if not, page through `lines_url`."
    )

    class Meta(QuoteVersionSerializer.Meta):
        fields = [*QuoteVersionSerializer.Meta.fields, "lines", "lines_complete"]

    @extend_schema_field(QuoteLineSerializer(many=True))
    def get_lines(self, version) -> list:
        lines = version.lines.select_related("section").order_by(*LINE_ORDER)[:DETAIL_LINES]
        return QuoteLineSerializer(lines, many=True, context=self.context).data

    def get_lines_complete(self, version) -> bool:
        return version.line_count <= DETAIL_LINES


class QuoteSerializer(serializers.ModelSerializer):
    opportunity = serializers.CharField(source="opportunity.code")
    versions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "code", "title", "opportunity", "created_at", "updated_at", "versions"]


class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteSerializer

    def get_queryset(self):
        return (
            quotes_visible_to(self.request.user)
            .select_related("opportunity")
            .prefetch_related("versions")
            .order_by("-created_at", "-id")
        )


class QuoteVersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteVersionSerializer

    def get_serializer_class(self):
        return QuoteVersionDetailSerializer if self.action == "retrieve" else QuoteVersionSerializer

    def get_queryset(self):
        return (
            QuoteVersion.objects.filter(quote__in=quotes_visible_to(self.request.user))
            .select_related("quote")
            .order_by("-created_at", "-id")
        )


VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": ID_MAX},
    description="Only the lines of this quote version (its id), given once; not a whole number from 1 up: 400.",
)


@extend_schema_view(list=extend_schema(parameters=[VERSION_PARAMETER]))
class QuoteLineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteLineSerializer

    def get_queryset(self):
        # An IN over the visible versions, not a join: the lines are then read in the order of
        # the index (version, order, id) up to the page's end, with no sort of every line.
        visible = QuoteVersion.objects.filter(quote__in=quotes_visible_to(self.request.user)).values("pk")
        qs = QuoteLine.objects.filter(version_id__in=visible)
        if self.action == "list":
            version = self._version()
            if version is not None:
                qs = qs.filter(version_id=version)
        return qs.select_related("section").order_by(*LINE_ORDER)

    def _version(self) -> int | None:
        values = self.request.query_params.getlist("version")
        if not values:
            return None
        if len(values) > 1 or not _ID.fullmatch(values[0]):
            raise ValidationError({"version": [_("Give one quote version id, a whole number from 1 up.")]})
        return int(values[0])


def register(router) -> None:
    router.register("quotes", QuoteViewSet, basename="quote")
    router.register("quote-versions", QuoteVersionViewSet, basename="quoteversion")
    router.register("quote-lines", QuoteLineViewSet, basename="quoteline")
