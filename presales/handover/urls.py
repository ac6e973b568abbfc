"""The handover's pages. They sit under /solutions/, where they were born: the paths did not
change when the handover got its own app."""

from django.urls import path

from presales.handover import views

app_name = "handover"
urlpatterns = [
    path("handover/<int:opportunity_pk>/", views.handover_detail, name="detail"),
    path("handover/<int:opportunity_pk>/start/", views.handover_start, name="start"),
    path("handovers/<int:pk>/edit/", views.handover_edit, name="edit"),
    path("handovers/<int:pk>/plan/", views.handover_plan, name="plan"),
    path("handovers/<int:pk>/checklist/add/", views.checklist_add, name="checklist_add"),
    path("checklist/<int:pk>/toggle/", views.checklist_toggle, name="checklist_toggle"),
    path("handovers/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("handovers/<int:pk>/acceptance/", views.acceptance_edit, name="acceptance_edit"),
    path("acceptance/<int:pk>/submit/", views.acceptance_submit, name="acceptance_submit"),
    path("acceptance/<int:pk>/download/", views.acceptance_download, name="acceptance_download"),
]
