"""The answer library in the JSON API: the entries a user reads (list, read by id; filters
`status`, `category`) and the import of a library spreadsheet, POST /api/v1/answers/import/
(multipart, field `file`): the same service as the page and `manage.py answers_import`; 200
with the report, 400 with the rows' problems (nothing stored)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from presales.answers import access, spreadsheet
from presales.answers.models import AnswerEntry, AnswerStatus
from presales.lib.excel import SpreadsheetError
from presales.lib.forms import id_from
from presales.lib.services import ServiceError


class AnswerEntrySerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    owner = serializers.CharField(source="owner.username")
    tags = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()

    class Meta:
        model = AnswerEntry
        fields = [
            "id",
            "code",
            "category",
            "category_id",
            "requirement",
            "answer",
            "deviation",
            "deviation_note",
            "stated_values",
            "tags",
            "products",
            "owner",
            "status",
            "review_interval_months",
            "next_review_on",
            "usage_count",
            "version",
            "updated_at",
        ]

    def get_tags(self, entry) -> list[str]:
        return [t.name for t in entry.tags.all()]

    def get_products(self, entry) -> list[str]:
        return [p.model_code for p in entry.products.all()]


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The spreadsheet row, null for the whole file.")
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.CharField(), help_text="Codes of the entries created.")
    updated = serializers.ListField(child=serializers.CharField(), help_text="Codes of the drafts updated.")
    proposed = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the approved entries a change was proposed for."
    )
    errors = ImportErrorSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=AnswerStatus.values),
            OpenApiParameter("category", {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}),
        ]
    )
)
class AnswerEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AnswerEntrySerializer

    def get_queryset(self):
        rows = access.entries_visible_to(self.request.user).select_related("category", "owner")
        rows = rows.prefetch_related("tags", "products").order_by("code", "pk")
        params = self.request.query_params
        status_value = params.get("status", "")
        if status_value:
            if status_value not in AnswerStatus.values or len(params.getlist("status")) > 1:
                raise ValidationError(
                    {"status": [_("One of: %(values)s.") % {"values": ", ".join(AnswerStatus.values)}]}
                )
            rows = rows.filter(status=status_value)
        if "category" in params:
            category = id_from(params.get("category", ""))
            if category is None or len(params.getlist("category")) > 1:
                raise ValidationError({"category": [_("Give one category id, a whole number from 1 up.")]})
            rows = rows.filter(category_id=category)
        return rows

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: ImportReportSerializer,
            # Rows refused (the report, `errors` saying which and why), a file that is no
            # library spreadsheet, or no file at all (the field's message).
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="The rows refused, or the file refused, and why."),
        },
        description=(
            "Import a library spreadsheet (the export's columns): every row is checked first; "
            "nothing is written while a row is refused."
        ),
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_library(self, request):
        if not access.is_writer(request.user):
            raise ApiPermissionDenied(_("Only presales engineers and managers write the answer library."))
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            rows = spreadsheet.parse_import(upload)
            report = spreadsheet.answers_import(user=request.user, rows=rows, name=upload.name[:100])
        except SpreadsheetError as exc:
            return Response({"errors": [{"row": None, "message": str(exc)}]}, status=status.HTTP_400_BAD_REQUEST)
        except ServiceError as exc:
            errors = [{"row": None, "message": m} for m in exc.messages]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as exc:
            raise ApiPermissionDenied(str(exc)) from exc
        body = report.as_dict()
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)


def register(router) -> None:
    router.register("answers", AnswerEntryViewSet, basename="answer")
