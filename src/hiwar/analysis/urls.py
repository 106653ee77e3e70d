from django.urls import path

from hiwar.analysis import views

app_name = "analysis"

urlpatterns = [
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/status/", views.document_status, name="document_status"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("documents/<int:pk>/bulk-confirm/", views.bulk_confirm, name="bulk_confirm"),
    path("tags/<int:pk>/<slug:decision>/", views.tag_decide, name="tag_decide"),
    path("passages/<int:pk>/add-tag/", views.tag_add, name="tag_add"),
    path("<slug:slug>/", views.documents, name="documents"),
    path("<slug:slug>/coverage/", views.coverage, name="coverage"),
    path("<slug:slug>/coverage.csv", views.coverage_csv, name="coverage_csv"),
    path("<slug:slug>/coverage.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path(
        "<slug:slug>/coverage/<str:iso2>/<int:number>/",
        views.coverage_cell,
        name="coverage_cell",
    ),
]
