"""Tenders in the JSON API: the rows the user sees on the pages (presales.tenders.access),
with their lots, deadlines, status and decision; read-only (tenders are registered on the
opportunity's page, through tender_register)."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from presales.tenders import selectors
from presales.tenders.models import Lot, Tender
from presales.tenders.services.tender import TENDER_FIELDS


class LotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["id", "number", "name", "budget", "bid"]


class TenderSerializer(serializers.ModelSerializer):
    opportunity = serializers.CharField(source="opportunity.code", read_only=True)
    lots = LotSerializer(many=True, read_only=True)
    decision = serializers.CharField(source="decision.decision", read_only=True, default="")

    class Meta:
        model = Tender
        fields = ["id", "opportunity", *TENDER_FIELDS, "status", "decision", "lots", "created_at", "updated_at"]
        read_only_fields = fields


class TenderViewSet(viewsets.ReadOnlyModelViewSet):
    """Tenders, the next deadline first (?status=open|all|<status>, ?deadline=3|7|30|passed, ?q=)."""

    serializer_class = TenderSerializer

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {"status": "all"}
        return selectors.tender_list(self.request.user, params).select_related("decision").prefetch_related("lots")


def register(router) -> None:
    router.register("tenders", TenderViewSet, basename="tender")
