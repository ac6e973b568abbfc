from django.urls import path

from presales.solutions import views

app_name = "solutions"
urlpatterns = [
    path("", views.solution_list, name="list"),
    path("export/", views.solution_export, name="export"),
    path("new/", views.solution_create, name="create"),
    path("<int:pk>/", views.solution_detail, name="detail"),
    path("<int:pk>/edit/", views.solution_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("versions/<int:pk>/review/", views.review_edit, name="review"),
    path("versions/<int:pk>/submit/", views.signoff_submit, name="signoff_submit"),
    path("versions/<int:pk>/qa/new/", views.qa_create, name="qa_create"),
]
