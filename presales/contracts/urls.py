from django.urls import path

from presales.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.index, name="list"),
]
