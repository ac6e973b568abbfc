"""Contracts in the JSON API: read-only, exactly the contracts whose opportunity the user
sees. Amounts are shown to everyone who sees the contract; actual cost, profit and margin
only to the roles that see cost — for everyone else the fields are left out entirely."""

from rest_framework import serializers, viewsets

from presales.accounts.roles import sees_cost
from presales.contracts.access import contracts_visible_to
from presales.contracts.models import Contract
from presales.contracts.selectors import profit_of, with_actual_cost

COST_FIELDS = ("actual_cost", "profit", "margin", "planned_cost", "planned_margin", "costs_complete")


class ContractSerializer(serializers.ModelSerializer):
    opportunity_code = serializers.CharField(source="opportunity.code")
    customer = serializers.CharField(source="opportunity.customer.name")
    actual_cost = serializers.SerializerMethodField()
    profit = serializers.SerializerMethodField()
    margin = serializers.SerializerMethodField()
    planned_cost = serializers.SerializerMethodField()
    planned_margin = serializers.SerializerMethodField()
    costs_complete = serializers.BooleanField(read_only=True)  # False: the profit is provisional (暂估)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "opportunity",
            "opportunity_code",
            "customer",
            "party_a",
            "party_b",
            "amount",
            "payment_terms",
            "delivery_date",
            "signed_on",
            "status",
            "created_at",
            "updated_at",
            *COST_FIELDS,
        ]

    def _profit(self, contract):
        cached = getattr(contract, "_profit", None)
        if cached is None:
            cached = contract._profit = profit_of(contract)
        return cached

    def get_actual_cost(self, contract) -> str:
        return str(self._profit(contract).actual_cost)

    def get_profit(self, contract) -> str:
        return str(self._profit(contract).profit)

    def get_margin(self, contract) -> str | None:
        margin = self._profit(contract).margin
        return None if margin is None else str(margin)

    def get_planned_cost(self, contract) -> str | None:
        value = self._profit(contract).planned_cost
        return None if value is None else str(value)

    def get_planned_margin(self, contract) -> str | None:
        value = self._profit(contract).planned_margin
        return None if value is None else str(value)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not sees_cost(request.user):
            for name in COST_FIELDS:
                fields.pop(name, None)
        return fields


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContractSerializer

    def get_queryset(self):
        return (
            with_actual_cost(contracts_visible_to(self.request.user))
            .select_related("opportunity", "opportunity__customer", "quote_version")
            .order_by("-created_at", "-id")
        )


def register(router) -> None:
    router.register("contracts", ContractViewSet, basename="contract")
