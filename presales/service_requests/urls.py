from django.urls import path

from presales.service_requests import views

app_name = "service_requests"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("export/", views.request_export, name="export"),
    path("dispatch/", views.dispatch, name="dispatch"),
    path("dispatch/assign/", views.dispatch_assign, name="dispatch_assign"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/deliver/", views.deliver, name="deliver"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/survey-decision/", views.decide_survey, name="decide_survey"),
    path("<int:pk>/files/", views.add_files, name="add_files"),
    path("<int:pk>/survey/", views.survey_edit, name="survey"),
    path("<int:pk>/requirements/", views.requirements_edit, name="requirements"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/survey/files/<int:attachment_pk>/", views.survey_file_download, name="survey_file"),
]
