"""Quotes in the JSON API: read-only, exactly the rows the user sees on the pages. Cost,
channel price and margin fields exist only for users who see cost (omitted, not blanked)."""

from rest_framework import serializers, viewsets

from presales.accounts.roles import sees_cost
from presales.quotes.access import quotes_visible_to
from presales.quotes.models import Quote, QuoteLine, QuoteVersion

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


class QuoteVersionSerializer(_CostAware):
    cost_fields = COST_VERSION_FIELDS
    quote = serializers.CharField(source="quote.code")
    margin_amount = serializers.DecimalField(**FIGURE)
    margin_percent = serializers.DecimalField(allow_null=True, **FIGURE)
    lines = QuoteLineSerializer(many=True, read_only=True)

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
            "lines",
            *COST_VERSION_FIELDS,
        ]


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

    def get_queryset(self):
        return (
            QuoteVersion.objects.filter(quote__in=quotes_visible_to(self.request.user))
            .select_related("quote")
            .prefetch_related("lines", "lines__section")
            .order_by("-created_at", "-id")
        )


class QuoteLineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteLineSerializer

    def get_queryset(self):
        return (
            QuoteLine.objects.filter(version__quote__in=quotes_visible_to(self.request.user))
            .select_related("section")
            .order_by("version", "order", "id")
        )


def register(router) -> None:
    router.register("quotes", QuoteViewSet, basename="quote")
    router.register("quote-versions", QuoteVersionViewSet, basename="quoteversion")
    router.register("quote-lines", QuoteLineViewSet, basename="quoteline")
