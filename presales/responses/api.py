"""The tender response in the JSON API, for integrations and batch work:

- POST /api/v1/tenders/<id>/specifications/ (multipart: `file`, optional `products` as model
  codes or ids): upload a specification to the tender; the clauses are extracted and
  auto-filled by the same services as the pages; the answer is the filled table.
- GET  /api/v1/tenders/<id>/specifications/ and …/<spec id>/: the table(s).
- `?format=xlsx` (or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`)
  answers the Excel deviation table instead; `?format=template` the buyer's own table filled
  in (a specification recognised as one).

Who may read and write is the tender's rule (presales.responses.access): a tender the user
does not see is 404, one they see but do not work on refuses the upload with 403. A refused
upload (not a .docx/.xlsx, no clauses) is 400 with the reasons."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from presales.catalog.models import Product
from presales.lib.excel import XLSX_CONTENT_TYPE
from presales.lib.forms import id_from
from presales.lib.services import ServiceError
from presales.responses import access, exports, selectors, services
from presales.responses.models import MAX_PRODUCTS, Clause, Specification
from presales.responses.specs.extract import SpecError
from presales.tenders import access as tender_access


class XlsxRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class TemplateRenderer(XlsxRenderer):
    media_type = "application/octet-stream"
    format = "template"


class ClauseSerializer(serializers.ModelSerializer):
    deviation_label = serializers.CharField(source="deviation_words", read_only=True)
    entry_code = serializers.SerializerMethodField()
    where = serializers.CharField(read_only=True)

    class Meta:
        model = Clause
        fields = [
            "id",
            "order",
            "number",
            "text",
            "star",
            "triangle",
            "mandatory",
            "section",
            "parameter",
            "required_value",
            "where",
            "status",
            "response",
            "deviation",
            "deviation_label",
            "deviation_note",
            "guarantee",
            "entry_code",
            "confidence",
            "reasons",
            "version",
        ]

    def get_entry_code(self, clause) -> str:
        return clause.entry.code if clause.entry_id else ""


class SpecificationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    progress = serializers.SerializerMethodField()
    clauses = serializers.SerializerMethodField()

    class Meta:
        model = Specification
        fields = ["id", "tender", "name", "kind", "extracted_at", "autofilled_at", "progress", "clauses"]

    def get_progress(self, specification) -> dict:
        rows = self._rows(specification)
        answered = sum(1 for c in rows if c.status == "answered")
        to_confirm = sum(1 for c in rows if c.status == "to_confirm")
        return {
            "total": len(rows),
            "answered": answered,
            "to_confirm": to_confirm,
            "open": len(rows) - answered - to_confirm,
        }

    def get_clauses(self, specification) -> list[dict]:
        return ClauseSerializer(self._rows(specification), many=True).data

    def _rows(self, specification) -> list[Clause]:
        cached = getattr(specification, "_api_rows", None)
        if cached is None:
            cached = list(selectors.export_rows(specification))
            specification._api_rows = cached
        return cached


UPLOAD = inline_serializer(
    "SpecificationUpload",
    {
        "file": serializers.FileField(help_text="The specification or the buyer's response table (.docx, .xlsx)."),
        "products": serializers.ListField(
            child=serializers.CharField(), required=False, help_text="Model codes (or ids) of the products offered."
        ),
    },
)


class SpecificationViewSet(viewsets.ViewSet):
    parser_classes = [MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer, XlsxRenderer, TemplateRenderer]
    pagination_class = None
    lookup_value_regex = "[0-9]+"

    def handle_exception(self, exc):
        # A refusal is JSON whatever format was asked for (an Excel file of an error is none).
        response = super().handle_exception(exc)
        if getattr(getattr(self.request, "accepted_renderer", None), "format", "json") != "json":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def _tender(self):
        from presales.tenders.models import Tender

        pk = id_from(str(self.kwargs.get("tender_pk", "")))
        tender = tender_access.tenders_visible_to(self.request.user).filter(pk=pk).first() if pk else None
        if tender is None:
            raise NotFound
        return tender if isinstance(tender, Tender) else tender

    def _specs(self, tender):
        return access.specifications_visible_to(self.request.user).filter(tender=tender).order_by("created_at", "id")

    def _answer(self, specification: Specification, status: int = 200):
        fmt = getattr(self.request.accepted_renderer, "format", "json")
        if fmt == "xlsx":
            rows = exports.rows_of_clauses(selectors.export_rows(specification))
            content = exports.table_xlsx(rows, title=_("Deviation table"))
            return _file(
                content, f"{specification.tender.number or specification.tender_id}-技术偏差表.xlsx", XLSX_CONTENT_TYPE
            )
        if fmt == "template":
            if not specification.is_template:
                raise ValidationError(
                    _("This file is not a response table of the buyer: export the Excel table instead.")
                )
            rows = exports.rows_of_clauses(selectors.export_rows(specification))
            try:
                with specification.file.open("rb") as handle:
                    content = exports.filled_template(handle, specification.name, rows)
            except (FileNotFoundError, SpecError) as exc:
                raise ValidationError(str(exc)) from exc
            return _file(content, specification.name, "application/octet-stream")
        return Response(SpecificationSerializer(specification).data, status=status)

    @extend_schema(responses=SpecificationSerializer(many=True))
    def list(self, request, tender_pk=None):
        tender = self._tender()
        specs = list(self._specs(tender))
        if getattr(request.accepted_renderer, "format", "json") != "json":
            if not specs:
                raise NotFound
            return self._answer(specs[-1])
        return Response(SpecificationSerializer(specs, many=True).data)

    @extend_schema(
        responses=SpecificationSerializer,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The specification's id.")],
    )
    def retrieve(self, request, pk=None, tender_pk=None):
        tender = self._tender()
        spec_pk = id_from(str(pk))
        specification = self._specs(tender).filter(pk=spec_pk).select_related("tender").first() if spec_pk else None
        if specification is None:
            raise NotFound
        return self._answer(specification)

    @extend_schema(request={"multipart/form-data": UPLOAD}, responses={201: SpecificationSerializer})
    def create(self, request, tender_pk=None):
        tender = self._tender()
        if not tender_access.can_work_on(request.user, tender):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": [_("Choose the file to upload.")]})
        products = _products(request.data.getlist("products") if hasattr(request.data, "getlist") else [])
        try:
            specification = services.spec_upload(user=request.user, tender=tender, file=upload, products=products)
        except ServiceError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return self._answer(specification, status=201)


def _products(values: list[str]) -> list[Product]:
    values = [str(v).strip() for v in values if str(v).strip()][: MAX_PRODUCTS + 1]
    if len(values) > MAX_PRODUCTS:
        raise ValidationError({"products": [_("At most %(max)d products per bid.") % {"max": MAX_PRODUCTS}]})
    ids = [i for i in (id_from(v) for v in values) if i]
    found = list(Product.objects.filter(Q(model_code__in=values) | Q(pk__in=ids)))
    known = {p.model_code for p in found} | {str(p.pk) for p in found}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValidationError({"products": [_("No such product: %(codes)s") % {"codes": "、".join(unknown)[:200]}]})
    return found


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def register(router) -> None:
    router.register(
        r"tenders/(?P<tender_pk>[0-9]+)/specifications", SpecificationViewSet, basename="tender-specification"
    )
