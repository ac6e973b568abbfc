from django.urls import path

from presales.answers import views

app_name = "answers"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("new/", views.entry_create, name="create"),
    path("export/", views.entry_export, name="export"),
    path("import/", views.entry_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="edit"),
    path("<int:pk>/wordings/", views.wording_create, name="wording_create"),
    path("wording/<int:pk>/remove/", views.wording_delete, name="wording_delete"),
    path("<int:pk>/<slug:action>/", views.entry_action, name="action"),
]
