from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/<int:year>/", views.preview, name="preview"),
    path("reports/<int:year>/exports/", views.exports, name="exports"),
    path("reports/<int:year>/plan-import/", views.plan_import, name="plan_import"),
    path("reports/<int:year>/narratives/", views.narratives, name="narratives"),
    path("reports/<int:year>/narratives/<int:pk>/", views.narrative_edit, name="narrative_edit"),
    path("reports/exports/<int:pk>/", views.export_detail, name="export"),
    path("reports/exports/<int:pk>/retry/", views.export_retry, name="export_retry"),
    path("reports/exports/<int:pk>/cancel/", views.export_cancel, name="export_cancel"),
    path("reports/exports/<int:pk>/download/", views.export_download, name="export_download"),
]
