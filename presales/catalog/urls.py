from django.urls import path

from presales.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("products/new/", views.product_create, name="create"),
    path("products/export/", views.product_export, name="export"),
    path("products/import/", views.import_rows, {"kind": "products"}, name="import"),
    path("products/import/template/", views.import_template, {"kind": "products"}, name="import_template"),
    path("products/<int:pk>/", views.product_detail, name="detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="edit"),
    path("products/<int:pk>/datasheets/", views.datasheet_upload, name="datasheet_upload"),
    path("datasheets/<int:pk>/download/", views.datasheet_download, name="datasheet_download"),
    path("datasheets/<int:pk>/delete/", views.datasheet_delete, name="datasheet_delete"),
    path("components/", views.component_list, name="components"),
    path("components/export/", views.component_export, name="component_export"),
    path("components/import/", views.import_rows, {"kind": "components"}, name="component_import"),
    path(
        "components/import/template/",
        views.import_template,
        {"kind": "components"},
        name="component_import_template",
    ),
    path("components/<int:pk>/", views.component_detail, name="component"),
    path("configurator/", views.configurator_page, name="configurator"),
]
