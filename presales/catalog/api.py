"""Products in the JSON API: read-only; cost fields only for those who see cost."""

from rest_framework import serializers, viewsets

from presales.catalog import access
from presales.catalog.models import Product


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")

    class Meta:
        model = Product
        fields = [
            "id",
            "model_code",
            "name",
            "category",
            "category_id",
            "unit",
            "list_price",
            "lead_time_days",
            "status",
            "description",
            "params",
            "updated_at",
        ]


class ProductCostSerializer(ProductSerializer):
    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, *access.COST_FIELDS]


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    def get_serializer_class(self):
        return ProductCostSerializer if access.sees_cost(self.request.user) else ProductSerializer

    def get_queryset(self):
        return access.products_visible_to(self.request.user).select_related("category").order_by("model_code")


def register(router) -> None:
    router.register("products", ProductViewSet, basename="product")
