from django.urls import path

from . import views

app_name = "programs"

S = "programs/staff/"

urlpatterns = [
    # public
    path("programs/", views.public_calls, name="public_calls"),
    path("programs/calls/<int:pk>/", views.public_call, name="call"),
    path("programs/calls/<int:pk>/apply/", views.apply, name="apply"),
    path("programs/status/<uuid:token>/", views.application_status, name="status"),
    # staff
    path(S, views.staff_home, name="home"),
    path(f"{S}<int:year>/", views.OverviewView.as_view(), name="overview"),
    path(f"{S}programs/add/", views.ProgramCreateView.as_view(), name="program_add"),
    path(f"{S}programs/<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_edit"),
    path(f"{S}calls/add/", views.call_edit, name="call_add"),
    path(f"{S}calls/<int:pk>/", views.call_staff, name="call_staff"),
    path(f"{S}calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path(f"{S}calls/<int:pk>/ranking/", views.ranking, name="ranking"),
    path(f"{S}calls/<int:pk>/reviewers/", views.assign_reviewer, name="assign_reviewer"),
    path(f"{S}applications/<int:pk>/", views.application_detail, name="application"),
    path(f"{S}applications/<int:pk>/decide/", views.decide, name="decide"),
    path(f"{S}applications/<int:pk>/outcome/", views.outcome_edit, name="outcome_edit"),
    path("programs/review/", views.ReviewInboxView.as_view(), name="review_inbox"),
    path("programs/review/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path(
        "programs/review/<int:pk>/files/<int:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(f"{S}<int:year>/grants/", views.GrantListView.as_view(), name="grants"),
    path(f"{S}grants/<int:pk>/", views.grant_detail, name="grant"),
    path(f"{S}grants/<int:pk>/disburse/", views.disburse, name="disburse"),
    path(f"{S}grants/<int:pk>/spend/", views.add_spending, name="spend"),
    path(f"{S}grants/<int:pk>/settle/", views.settle, name="settle"),
    path(f"{S}spendings/<int:pk>/delete/", views.delete_spending, name="spending_delete"),
    path(f"{S}spendings/<int:pk>/receipt/", views.receipt, name="receipt"),
    path(f"{S}<int:year>/coaching/", views.CoachingListView.as_view(), name="coaching"),
    path(
        f"{S}<int:year>/coaching/add/", views.AssignmentCreateView.as_view(), name="assignment_add"
    ),
    path(
        f"{S}coaching/<int:pk>/sessions/add/",
        views.SessionCreateView.as_view(),
        name="session_add",
    ),
    path(f"{S}experts/add/", views.ExpertCreateView.as_view(), name="expert_add"),
    path(f"{S}experts/<int:pk>/edit/", views.ExpertUpdateView.as_view(), name="expert_edit"),
    path(f"{S}<int:year>/outcomes/", views.OutcomeListView.as_view(), name="outcomes"),
    path(f"{S}<int:year>/demo-days/add/", views.DemoDayCreateView.as_view(), name="demoday_add"),
    path(
        f"{S}<int:year>/demo-days/<int:pk>/edit/",
        views.DemoDayUpdateView.as_view(),
        name="demoday_edit",
    ),
    path(f"{S}<int:year>/small-events/", views.SmallEventListView.as_view(), name="small_events"),
    path(
        f"{S}<int:year>/small-events/add/",
        views.SmallEventCreateView.as_view(),
        name="small_event_add",
    ),
    path(
        f"{S}<int:year>/small-events/<int:pk>/edit/",
        views.SmallEventUpdateView.as_view(),
        name="small_event_edit",
    ),
    path(
        f"{S}<int:year>/small-events/<int:pk>/contents/add/",
        views.PromoContentCreateView.as_view(),
        name="content_add",
    ),
    path(f"{S}<int:year>/policy/", views.PolicyView.as_view(), name="policy"),
    path(f"{S}<int:year>/policy/members/add/", views.MemberCreateView.as_view(), name="member_add"),
    path(
        f"{S}<int:year>/policy/meetings/add/", views.MeetingCreateView.as_view(), name="meeting_add"
    ),
    path(
        f"{S}<int:year>/policy/meetings/<int:pk>/edit/",
        views.MeetingUpdateView.as_view(),
        name="meeting_edit",
    ),
    path(f"{S}<int:year>/policy/issues/add/", views.IssueCreateView.as_view(), name="issue_add"),
    path(
        f"{S}<int:year>/policy/issues/<int:pk>/edit/",
        views.IssueUpdateView.as_view(),
        name="issue_edit",
    ),
]
