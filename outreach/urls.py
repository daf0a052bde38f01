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
        add=views.ChannelCreateView,
        edit=views.ChannelUpdateView,
    ),
    path("outreach/channels/<id:pk>/<year:year>/", views.channel_trend, name="trend"),
    *records(
        "outreach/content",
        "content",
        plural="content",
        list=views.content_list,
        add=views.ContentCreateView,
        edit=views.ContentUpdateView,
        actions={"file": views.content_file},
    ),
    path("outreach/newsletter/", views.newsletter, name="newsletter"),
    *records(
        "outreach/newsletter/issues",
        "issue",
        add=views.IssueCreateView,
        detail=views.issue_detail,
        edit=views.IssueUpdateView,
        actions={"send": views.issue_send},
    ),
    *records(
        "outreach/reporters",
        "cohort",
        list=views.cohort_list,
        add=views.CohortCreateView,
        detail=views.cohort_detail,
        edit=views.CohortUpdateView,
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
        add=views.CampaignCreateView,
        detail=views.campaign_detail,
        edit=views.CampaignUpdateView,
    ),
    path("outreach/ica/add/", views.IcaSupportCreateView.as_view(), name="ica_add"),
    *records(
        "outreach/surveys",
        "survey",
        list=views.survey_list,
        add=views.SurveyCreateView,
        detail=views.survey_detail,
        edit=views.SurveyUpdateView,
        actions={"recipients": views.survey_recipients, "send": views.survey_send},
    ),
    # Public pages (private links carry an unguessable token).
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<token:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<token:token>/", views.unsubscribe, name="unsubscribe"),
    path("survey/<token:token>/", views.survey_answer, name="survey_answer"),
]
