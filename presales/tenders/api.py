"""Tenders in the JSON API: the rows the user sees on the pages (presales.tenders.access),
with their lots, deadlines and status; POST registers a tender through the same service as
the page (tender_register), with the same refusals (400 with the messages)."""

from __future__ import annotations

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from presales.lib.services import ServiceError
from presales.opportunities.access import opportunities_visible_to
from presales.tenders import selectors, services
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


class TenderCreateSerializer(serializers.ModelSerializer):
    opportunity = serializers.IntegerField(min_value=1, max_value=10**18 - 1, help_text="The opportunity's id.")

    class Meta:
        model = Tender
        fields = ["opportunity", *TENDER_FIELDS]
        extra_kwargs = {"buyer": {"required": False}}

    def validate(self, attrs):  # the service checks the rest; the model's own checks need the opportunity
        return attrs


class TenderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Tenders, the next deadline first (?status=open|all|<status>, ?deadline=3|7|30|passed, ?q=)."""

    def get_serializer_class(self):
        return TenderCreateSerializer if self.action == "create" else TenderSerializer

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {"status": "all"}
        return selectors.tender_list(self.request.user, params).select_related("decision").prefetch_related("lots")

    def create(self, request, *args, **kwargs):
        serializer = TenderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        opportunity = opportunities_visible_to(request.user).filter(pk=data.pop("opportunity")).first()
        if opportunity is None:
            raise ValidationError({"opportunity": ["No such opportunity."]})
        try:
            tender = services.tender_register(opportunity=opportunity, user=request.user, data=data)
        except ServiceError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        tender = Tender.objects.with_list_data().select_related("decision").get(pk=tender.pk)
        return Response(TenderSerializer(tender, context={"request": request}).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("tenders", TenderViewSet, basename="tender")
