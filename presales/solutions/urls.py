from django.urls import path

from presales.solutions import views

app_name = "solutions"
urlpatterns = [
    path("", views.solution_list, name="list"),
    path("new/", views.solution_create, name="create"),
    path("<int:pk>/", views.solution_detail, name="detail"),
    path("<int:pk>/edit/", views.solution_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("versions/<int:pk>/review/", views.review_edit, name="review"),
    path("versions/<int:pk>/submit/", views.signoff_submit, name="signoff_submit"),
    path("versions/<int:pk>/qa/new/", views.qa_create, name="qa_create"),
    path("handover/<int:opportunity_pk>/", views.handover, name="handover"),
    path("handover/<int:opportunity_pk>/start/", views.handover_start, name="handover_start"),
    path("handovers/<int:pk>/edit/", views.handover_edit, name="handover_edit"),
    path("handovers/<int:pk>/plan/", views.handover_plan, name="handover_plan"),
    path("handovers/<int:pk>/checklist/add/", views.checklist_add, name="checklist_add"),
    path("checklist/<int:pk>/toggle/", views.checklist_toggle, name="checklist_toggle"),
    path("handovers/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("handovers/<int:pk>/acceptance/", views.acceptance_edit, name="acceptance_edit"),
    path("acceptance/<int:pk>/submit/", views.acceptance_submit, name="acceptance_submit"),
    path("acceptance/<int:pk>/download/", views.acceptance_download, name="acceptance_download"),
]
