from django.urls import path

from presales.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
