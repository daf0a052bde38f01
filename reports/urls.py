from django.urls import path

from core import converters  # noqa: F401  (registers <token:>, <id:>, <year:>)

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/<year:year>/", views.preview, name="preview"),
    path("reports/<year:year>/exports/", views.exports, name="exports"),
    path("reports/<year:year>/plan-import/", views.plan_import, name="plan_import"),
    path("reports/<year:year>/narratives/", views.narratives, name="narratives"),
    path("reports/<year:year>/narratives/<id:pk>/", views.narrative_edit, name="narrative_edit"),
    path(
        "reports/<year:year>/narratives/<id:pk>/bind/", views.narrative_bind, name="narrative_bind"
    ),
    path("reports/<year:year>/review/", views.section_review, name="section_review"),
    path(
        "reports/<year:year>/indicators/<id:pk>/mark/", views.indicator_mark, name="indicator_mark"
    ),
    path("reports/exports/<id:pk>/", views.export_detail, name="export"),
    path("reports/exports/<id:pk>/retry/", views.export_retry, name="export_retry"),
    path("reports/exports/<int:pk>/cancel/", views.export_cancel, name="export_cancel"),
    path("reports/exports/<id:pk>/download/", views.export_download, name="export_download"),
]
