from django.urls import path

from presales.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="list"),
]
