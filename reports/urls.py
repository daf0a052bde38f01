"""The annual report of one fiscal year: preview, exports, the plan import,
narratives, the section review. Shapes from core.routing.records."""

from django.urls import path

from core.routing import records

from . import views

app_name = "reports"

Y = "reports/<year:year>"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path(f"{Y}/", views.preview, name="preview"),
    path(f"{Y}/exports/", views.exports, name="exports"),
    path(f"{Y}/plan-import/", views.plan_import, name="plan_import"),
    *records(
        f"{Y}/narratives",
        "narrative",
        list=views.narratives,
        actions={"bind": views.narrative_bind},
    ),
    path(f"{Y}/narratives/<id:pk>/", views.narrative_edit, name="narrative_edit"),
    path(f"{Y}/review/", views.section_review, name="section_review"),
    path(f"{Y}/indicators/<id:pk>/mark/", views.indicator_mark, name="indicator_mark"),
]
