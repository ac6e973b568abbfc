from django.urls import path

from presales.tenders import views

app_name = "tenders"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("register/<int:opportunity_pk>/", views.tender_register, name="register"),
    path("<int:pk>/", views.tender_detail, name="detail"),
    path("<int:pk>/edit/", views.tender_edit, name="edit"),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("files/<int:file_pk>/download/", views.file_download, name="file_download"),
    path("files/<int:file_pk>/remove/", views.file_remove, name="file_remove"),
    path("<int:pk>/lots/", views.lot_add, name="lot_add"),
    path("lots/<int:lot_pk>/edit/", views.lot_edit, name="lot_edit"),
    path("lots/<int:lot_pk>/remove/", views.lot_remove, name="lot_remove"),
    path("<int:pk>/scores/<int:criterion_pk>/", views.score, name="score"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("tasks/<int:task_pk>/status/", views.task_status, name="task_status"),
    path("<int:pk>/package/", views.package_add, name="package_add"),
    path("package/<int:item_pk>/", views.package_edit, name="package_edit"),
    path("package/<int:item_pk>/file/", views.package_file, name="package_file"),
    path("package/<int:item_pk>/document/", views.package_document, name="package_document"),
    path("package/<int:item_pk>/download/", views.package_download, name="package_download"),
    path("reviews/<int:review_pk>/", views.review, name="review"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/award/", views.award, name="award"),
    path("<int:pk>/loss/", views.loss, name="loss"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/outcome/download/", views.outcome_download, name="outcome_download"),
]
