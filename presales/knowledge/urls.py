from django.urls import path

from presales.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.home, name="home"),
    path("folder/<int:pk>/", views.folder_detail, name="folder"),
    path("folder/<int:pk>/edit/", views.folder_edit, name="folder_edit"),
    path("library/<int:library_pk>/folder/new/", views.folder_create, name="folder_create"),
    path("doc/new/", views.document_create, name="document_create"),
    path("doc/<int:pk>/", views.document_detail, name="document"),
    path("doc/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("doc/<int:pk>/version/new/", views.version_create, name="version_create"),
    path("doc/<int:pk>/rules/", views.document_grants, name="document_grants"),
    path("doc/<int:pk>/<slug:action>/", views.document_action, name="document_action"),
    path("version/<int:pk>/download/", views.version_download, name="version_download"),
    path("version/<int:pk>/inline/", views.version_inline, name="version_inline"),
]
