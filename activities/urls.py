from django.urls import path

from core.routing import records

from . import views

app_name = "activities"

urlpatterns = [
    *records(
        "activities/events",
        "event",
        list=views.EventListView,
        add=views.EventCreateView,
        edit=views.EventEditView,
        delete=views.EventDeleteView,
    ),
    *records(
        "activities/publications",
        "publication",
        list=views.PublicationListView,
        add=views.PublicationCreateView,
        edit=views.PublicationEditView,
        delete=views.PublicationDeleteView,
    ),
    *records(
        "activities/committees",
        "committee",
        list=views.CommitteeListView,
        add=views.CommitteeCreateView,
        detail=views.committee_detail,
        edit=views.CommitteeEditView,
        delete=views.CommitteeDeleteView,
    ),
    path(
        "activities/committees/<id:pk>/members/add/",
        views.MemberCreateView.as_view(),
        name="member_add",
    ),
    *records(
        "activities/members",
        "member",
        edit=views.MemberEditView,
        delete=views.MemberDeleteView,
    ),
    *records(
        "activities/fundings",
        "funding",
        list=views.FundingListView,
        add=views.FundingCreateView,
        detail=views.funding_detail,
        edit=views.FundingEditView,
        delete=views.FundingDeleteView,
    ),
    path(
        "activities/fundings/<id:pk>/cooperatives/add/",
        views.ParticipantCreateView.as_view(),
        name="participant_add",
    ),
    *records(
        "activities/participants",
        "participant",
        delete=views.ParticipantDeleteView,
    ),
    *records(
        "activities/surveys",
        "survey",
        list=views.SurveyListView,
        add=views.SurveyCreateView,
        edit=views.SurveyEditView,
        delete=views.SurveyDeleteView,
    ),
]
