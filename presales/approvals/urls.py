from django.urls import path

from presales.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export/", views.export, name="export"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<int:pk>/", views.approval_open, name="open"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
