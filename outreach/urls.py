from django.urls import path

from core.routing import records

from . import views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.home, name="home"),
    path("outreach/<year:year>/", views.overview, name="overview"),
    path("outreach/<year:year>/metrics/<int:month>/", views.month_grid, name="month_grid"),
    path("outreach/metrics/import/", views.import_figures, name="import"),
    *records(
        "outreach/channels",
        "channel",
        list=views.channel_list,
        form=views.ChannelEditView,
    ),
    path("outreach/channels/<id:pk>/<year:year>/", views.channel_trend, name="trend"),
    *records(
        "outreach/content",
        "content",
        plural="content",
        list=views.content_list,
        form=views.ContentEditView,
        actions={"file": views.content_file},
    ),
    path("outreach/newsletter/", views.newsletter, name="newsletter"),
    *records(
        "outreach/newsletter/issues",
        "issue",
        form=views.IssueEditView,
        detail=views.issue_detail,
        actions={"send": views.issue_send},
    ),
    *records(
        "outreach/reporters",
        "cohort",
        list=views.cohort_list,
        form=views.CohortEditView,
        detail=views.cohort_detail,
    ),
    path(
        "outreach/reporters/<id:pk>/members/add/",
        views.ReporterCreateView.as_view(),
        name="reporter_add",
    ),
    path(
        "outreach/reporters/<id:pk>/meetings/add/",
        views.MeetingCreateView.as_view(),
        name="meeting_add",
    ),
    *records(
        "outreach/campaigns",
        "campaign",
        list=views.campaign_list,
        form=views.CampaignEditView,
        detail=views.campaign_detail,
    ),
    path("outreach/ica/add/", views.IcaSupportCreateView.as_view(), name="ica_add"),
    *records(
        "outreach/surveys",
        "survey",
        list=views.survey_list,
        form=views.SurveyEditView,
        detail=views.survey_detail,
        actions={"recipients": views.survey_recipients, "send": views.survey_send},
    ),
    # Public pages (private links carry an unguessable token).
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<token:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<token:token>/", views.unsubscribe, name="unsubscribe"),
    path("survey/<token:token>/", views.survey_answer, name="survey_answer"),
]
