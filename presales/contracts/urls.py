from django.urls import path

from presales.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("export/", views.contract_export, name="export"),
    path("profit/", views.profit_list, name="profit"),
    path("profit/export/", views.profit_export, name="profit_export"),
    path("new/", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
    path("<int:pk>/submit/", views.contract_submit, name="submit"),
    path("<int:pk>/sign/", views.contract_sign, name="sign"),
    path("<int:pk>/costs/", views.cost_add, name="cost_add"),
    path("costs/<int:pk>/delete/", views.cost_delete, name="cost_delete"),
    path("<int:pk>/costs/complete/", views.costs_complete, name="costs_complete"),
    path("<int:pk>/costs/reopen/", views.costs_reopen, name="costs_reopen"),
    path("<int:pk>/costs/import/", views.costs_import, name="costs_import"),
    path("<int:pk>/costs/export/", views.costs_export, name="costs_export"),
    path("costs/template/", views.costs_import_template, name="costs_import_template"),
]
