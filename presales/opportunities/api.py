"""Opportunities in the JSON API: read-only, exactly the rows the user sees on the pages."""

from rest_framework import serializers, viewsets

from presales.opportunities.access import opportunities_visible_to
from presales.opportunities.models import Opportunity


class OpportunitySerializer(serializers.ModelSerializer):
    customer = serializers.CharField(source="customer.name")
    stage = serializers.CharField(source="current_stage.code")
    stage_name = serializers.CharField(source="current_stage.name")
    sales_owner = serializers.CharField(source="sales_owner.username")
    presales_lead = serializers.CharField(source="presales_lead.username", allow_null=True, default=None)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "code",
            "name",
            "customer",
            "stage",
            "stage_name",
            "status",
            "sales_owner",
            "presales_lead",
            "industry",
            "expected_amount",
            "expected_sign_date",
            "has_tender",
            "created_at",
            "updated_at",
        ]


class OpportunityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OpportunitySerializer

    def get_queryset(self):
        return opportunities_visible_to(self.request.user).with_list_data().order_by("-created_at", "-id")


def register(router) -> None:
    router.register("opportunities", OpportunityViewSet, basename="opportunity")
