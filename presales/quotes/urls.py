from django.urls import path

from presales.quotes import views

app_name = "quotes"
urlpatterns = [
    path("", views.quote_list, name="list"),
    path("export/", views.quote_list_export, name="export"),
    path("new/", views.quote_create, name="create"),
    path("<int:pk>/", views.quote_detail, name="detail"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/sections/<str:key>/", views.version_section_lines, name="version_section_lines"),
    path("versions/<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("versions/<int:pk>/products/add/", views.product_add, name="product_add"),
    path("versions/<int:pk>/submit/", views.submit, name="submit"),
    path("versions/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("versions/<int:pk>/export.docx", views.export_docx, name="export_docx"),
    path("lines/<int:pk>/", views.line_row, name="line_row"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("configuration/add/", views.add_configuration, name="add_configuration"),
]
