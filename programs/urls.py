from django.urls import path

from core import converters  # noqa: F401  (registers <token:>, <id:>, <year:>)

from . import views

app_name = "programs"

S = "programs/staff/"

urlpatterns = [
    # public
    path("programs/", views.public_calls, name="public_calls"),
    path("programs/calls/<id:pk>/", views.public_call, name="call"),
    path("programs/calls/<id:pk>/apply/", views.apply, name="apply"),
    path("programs/status/<uuid:token>/", views.application_status, name="status"),
    # staff
    path(S, views.staff_home, name="home"),
    path(f"{S}<year:year>/", views.OverviewView.as_view(), name="overview"),
    path(f"{S}programs/add/", views.ProgramCreateView.as_view(), name="program_add"),
    path(f"{S}programs/<id:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_edit"),
    path(f"{S}calls/add/", views.call_edit, name="call_add"),
    path(f"{S}calls/<id:pk>/", views.call_staff, name="call_staff"),
    path(f"{S}calls/<id:pk>/edit/", views.call_edit, name="call_edit"),
    path(f"{S}calls/<id:pk>/ranking/", views.ranking, name="ranking"),
    path(f"{S}calls/<id:pk>/reviewers/", views.assign_reviewer, name="assign_reviewer"),
    path(f"{S}applications/<id:pk>/", views.application_detail, name="application"),
    path(f"{S}applications/<id:pk>/decide/", views.decide, name="decide"),
    path(f"{S}applications/<id:pk>/outcome/", views.outcome_edit, name="outcome_edit"),
    path("programs/review/", views.ReviewInboxView.as_view(), name="review_inbox"),
    path("programs/review/<id:pk>/", views.ReviewView.as_view(), name="review"),
    path(
        "programs/review/<id:pk>/files/<id:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(f"{S}<year:year>/grants/", views.GrantListView.as_view(), name="grants"),
    path(f"{S}grants/<id:pk>/", views.grant_detail, name="grant"),
    path(f"{S}grants/<id:pk>/disburse/", views.disburse, name="disburse"),
    path(f"{S}grants/<id:pk>/spend/", views.add_spending, name="spend"),
    path(f"{S}grants/<id:pk>/settle/", views.settle, name="settle"),
    path(f"{S}spendings/<id:pk>/delete/", views.delete_spending, name="spending_delete"),
    path(f"{S}spendings/<id:pk>/receipt/", views.receipt, name="receipt"),
    path(f"{S}<year:year>/coaching/", views.CoachingListView.as_view(), name="coaching"),
    path(
        f"{S}<year:year>/coaching/add/", views.AssignmentCreateView.as_view(), name="assignment_add"
    ),
    path(
        f"{S}coaching/<id:pk>/sessions/add/",
        views.SessionCreateView.as_view(),
        name="session_add",
    ),
    path(f"{S}experts/add/", views.ExpertCreateView.as_view(), name="expert_add"),
    path(f"{S}experts/<id:pk>/edit/", views.ExpertUpdateView.as_view(), name="expert_edit"),
    path(f"{S}<year:year>/outcomes/", views.OutcomeListView.as_view(), name="outcomes"),
    path(f"{S}<year:year>/demo-days/add/", views.DemoDayCreateView.as_view(), name="demoday_add"),
    path(
        f"{S}<year:year>/demo-days/<id:pk>/edit/",
        views.DemoDayUpdateView.as_view(),
        name="demoday_edit",
    ),
    path(f"{S}<year:year>/small-events/", views.SmallEventListView.as_view(), name="small_events"),
    path(
        f"{S}<year:year>/small-events/add/",
        views.SmallEventCreateView.as_view(),
        name="small_event_add",
    ),
    path(
        f"{S}<year:year>/small-events/<id:pk>/edit/",
        views.SmallEventUpdateView.as_view(),
        name="small_event_edit",
    ),
    path(
        f"{S}<year:year>/small-events/<id:pk>/contents/add/",
        views.PromoContentCreateView.as_view(),
        name="content_add",
    ),
    path(f"{S}<year:year>/policy/", views.PolicyView.as_view(), name="policy"),
    path(
        f"{S}<year:year>/policy/members/add/", views.MemberCreateView.as_view(), name="member_add"
    ),
    path(
        f"{S}<year:year>/policy/meetings/add/",
        views.MeetingCreateView.as_view(),
        name="meeting_add",
    ),
    path(
        f"{S}<year:year>/policy/meetings/<id:pk>/edit/",
        views.MeetingUpdateView.as_view(),
        name="meeting_edit",
    ),
    path(f"{S}<year:year>/policy/issues/add/", views.IssueCreateView.as_view(), name="issue_add"),
    path(
        f"{S}<year:year>/policy/issues/<id:pk>/edit/",
        views.IssueUpdateView.as_view(),
        name="issue_edit",
    ),
]
