from django.urls import path

from presales.opportunities import views

app_name = "opportunities"
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("board/", views.board, name="board"),
    path("export/", views.opportunity_export, name="export"),
    path("new/", views.opportunity_create, name="create"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="edit"),
    path("<int:pk>/advance/", views.opportunity_advance, name="advance"),
    path("<int:pk>/card/", views.board_card, name="board_card"),
    path("<int:pk>/close/", views.opportunity_close, name="close"),
    path("<int:pk>/reopen/", views.opportunity_reopen, name="reopen"),
    path("<int:pk>/deliverables/new/", views.deliverable_create, name="deliverable_create"),
    path("<int:pk>/deliverables/<int:deliverable_pk>/submit/", views.deliverable_send, name="deliverable_send"),
    path(
        "<int:pk>/deliverables/<int:deliverable_pk>/download/", views.deliverable_download, name="deliverable_download"
    ),
    path("<int:pk>/tasks/<int:task_pk>/toggle/", views.task_toggle, name="task_toggle"),
    path("<int:pk>/tasks/<int:task_pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/team/add/", views.member_add, name="member_add"),
    path("<int:pk>/team/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
]
