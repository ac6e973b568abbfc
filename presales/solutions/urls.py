from django.urls import path

from presales.solutions import views

app_name = "solutions"
urlpatterns = [
    path("", views.solution_list, name="list"),
]
