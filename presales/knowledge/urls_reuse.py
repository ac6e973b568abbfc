"""URLs of success cases (/library/cases/), competitor profiles (/library/competitors/) and
the library cards' buttons (/library/links/), included by presales/urls.py."""

from django.urls import path

from presales.knowledge import views_cases, views_links

case_patterns = [
    path("", views_cases.case_list, name="list"),
    path("new/", views_cases.case_create, name="create"),
    path("<int:pk>/", views_cases.case_detail, name="detail"),
    path("<int:pk>/edit/", views_cases.case_edit, name="edit"),
]
competitor_patterns = [
    path("", views_cases.competitor_list, name="list"),
    path("new/", views_cases.competitor_create, name="create"),
    path("sync/", views_cases.competitor_sync, name="sync"),
    path("<int:pk>/", views_cases.competitor_detail, name="detail"),
    path("<int:pk>/edit/", views_cases.competitor_edit, name="edit"),
]
link_patterns = [
    path("add/", views_links.link_add, name="add"),
    path("find/", views_links.link_find, name="find"),
    path("<int:pk>/remove/", views_links.link_remove, name="remove"),
    path("publish/", views_links.publish, name="publish"),
]
