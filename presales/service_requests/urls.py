from django.urls import path

from presales.service_requests import views

app_name = "service_requests"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("dispatch/", views.dispatch, name="dispatch"),
]
