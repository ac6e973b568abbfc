from django.urls import path

from presales.responses import views

app_name = "responses"
urlpatterns = [
    path("tender/<int:tender_pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.table, name="table"),
    path("<int:pk>/file/", views.source_file, name="file"),
    path("<int:pk>/autofill/", views.autofill, name="autofill"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export"),
    path("<int:pk>/write-back/", views.write_back, name="write_back"),
    path("<int:pk>/technical-bid/", views.technical_bid, name="technical_bid"),
    path("clauses/<int:pk>/", views.clause_row, name="clause_row"),
    path("clauses/<int:pk>/answer/", views.clause_answer, name="clause_answer"),
    path("clauses/<int:pk>/accept/", views.clause_accept, name="clause_accept"),
    path("clauses/<int:pk>/edit/", views.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/split/", views.clause_split, name="clause_split"),
]
