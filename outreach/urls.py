from django.urls import path

from core import converters  # noqa: F401  (registers <token:>, <id:>, <year:>)

from . import views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.home, name="home"),
    path("outreach/<year:year>/", views.overview, name="overview"),
    path("outreach/<year:year>/metrics/<int:month>/", views.month_grid, name="month_grid"),
    path("outreach/metrics/import/", views.import_figures, name="import"),
    path("outreach/channels/", views.channel_list, name="channels"),
    path("outreach/channels/add/", views.ChannelCreateView.as_view(), name="channel_add"),
    path("outreach/channels/<id:pk>/edit/", views.ChannelUpdateView.as_view(), name="channel_edit"),
    path("outreach/channels/<id:pk>/<year:year>/", views.channel_trend, name="trend"),
    path("outreach/content/", views.content_list, name="content"),
    path("outreach/content/add/", views.ContentCreateView.as_view(), name="content_add"),
    path("outreach/content/<id:pk>/edit/", views.ContentUpdateView.as_view(), name="content_edit"),
    path("outreach/content/<id:pk>/file/", views.content_file, name="content_file"),
    path("outreach/newsletter/", views.newsletter, name="newsletter"),
    path("outreach/newsletter/issues/add/", views.IssueCreateView.as_view(), name="issue_add"),
    path("outreach/newsletter/issues/<id:pk>/", views.issue_detail, name="issue"),
    path(
        "outreach/newsletter/issues/<id:pk>/edit/",
        views.IssueUpdateView.as_view(),
        name="issue_edit",
    ),
    path("outreach/newsletter/issues/<id:pk>/send/", views.issue_send, name="issue_send"),
    path("outreach/reporters/", views.cohort_list, name="cohorts"),
    path("outreach/reporters/add/", views.CohortCreateView.as_view(), name="cohort_add"),
    path("outreach/reporters/<id:pk>/", views.cohort_detail, name="cohort"),
    path("outreach/reporters/<id:pk>/edit/", views.CohortUpdateView.as_view(), name="cohort_edit"),
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
    path("outreach/campaigns/", views.campaign_list, name="campaigns"),
    path("outreach/campaigns/add/", views.CampaignCreateView.as_view(), name="campaign_add"),
    path("outreach/campaigns/<id:pk>/", views.campaign_detail, name="campaign"),
    path(
        "outreach/campaigns/<id:pk>/edit/",
        views.CampaignUpdateView.as_view(),
        name="campaign_edit",
    ),
    path("outreach/ica/add/", views.IcaSupportCreateView.as_view(), name="ica_add"),
    path("outreach/surveys/", views.survey_list, name="surveys"),
    path("outreach/surveys/add/", views.SurveyCreateView.as_view(), name="survey_add"),
    path("outreach/surveys/<id:pk>/", views.survey_detail, name="survey"),
    path("outreach/surveys/<id:pk>/edit/", views.SurveyUpdateView.as_view(), name="survey_edit"),
    path(
        "outreach/surveys/<id:pk>/recipients/",
        views.survey_recipients,
        name="survey_recipients",
    ),
    path("outreach/surveys/<id:pk>/send/", views.survey_send, name="survey_send"),
    # Public pages (private links carry an unguessable token).
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<token:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<token:token>/", views.unsubscribe, name="unsubscribe"),
    path("survey/<token:token>/", views.survey_answer, name="survey_answer"),
]
