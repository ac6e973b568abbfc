from django.urls import path

from presales.quotes import views

app_name = "quotes"
urlpatterns = [
    path("", views.index, name="list"),
]
