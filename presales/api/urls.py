"""The JSON API (DESIGN.md §5): /api/v1/…, OpenAPI schema at /api/schema/, Swagger UI at
/api/docs/. Each app that offers endpoints has an `api.py` with `register(router)`; the rules
of who sees what are the same access functions the pages use."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from presales.api.views import TokenView, not_found

API_APPS = [
    "presales.opportunities",
    "presales.service_requests",
    "presales.solutions",
    "presales.catalog",
    "presales.quotes",
    "presales.contracts",
    "presales.responses",
    "presales.search",
    "presales.answers",
    "presales.tenders",
]

router = DefaultRouter()
for app in API_APPS:
    if find_spec(f"{app}.api") is not None:
        import_module(f"{app}.api").register(router)

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", csrf_exempt(not_found)),  # any other /api/… address: a JSON 404
]
