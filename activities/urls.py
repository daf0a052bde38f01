from django.urls import path

from core.routing import records

from . import views

app_name = "activities"

DETAILS = {"committee": views.committee_detail, "funding": views.funding_detail}

urlpatterns = [
    *(
        pattern
        for kind in views.KINDS
        for pattern in records(
            f"activities/{kind.plural}",
            kind.name,
            plural=kind.plural,
            detail=DETAILS.get(kind.name),
            **views.pages(kind),
        )
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
        delete=views.member_delete,
    ),
    path(
        "activities/fundings/<id:pk>/cooperatives/add/",
        views.ParticipantCreateView.as_view(),
        name="participant_add",
    ),
    *records("activities/participants", "participant", delete=views.participant_delete),
]
