"""Support programs: the public calls and applications, and the staff pages
(calls, reviews, grants and settlement, coaching, outcomes, demo days,
small events, policy). Shapes from core.routing.records."""

from django.urls import path

from core.routing import records

from . import views

app_name = "programs"

S = "programs/staff/"
Y = f"{S}<year:year>/"


urlpatterns = [
    # public
    path("programs/", views.public_calls, name="public_calls"),
    path("programs/calls/<id:pk>/", views.public_call, name="call"),
    path("programs/calls/<id:pk>/apply/", views.apply, name="apply"),
    path("programs/calls/<id:pk>/plan-template.xlsx", views.plan_template, name="plan_template"),
    path("programs/status/<uuid:token>/", views.application_status, name="status"),
    # staff
    path(S, views.staff_home, name="home"),
    path(Y, views.OverviewView.as_view(), name="overview"),
    *records(f"{S}programs", "program", form=views.ProgramEditView),
    *records(f"{S}calls", "call", add=views.call_edit, edit=views.call_edit),
    path(f"{S}calls/<id:pk>/", views.call_staff, name="call_staff"),
    path(f"{S}calls/<id:pk>/ranking/", views.ranking, name="ranking"),
    path(f"{S}calls/<id:pk>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
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
    path(f"{Y}grants/", views.GrantListView.as_view(), name="grants"),
    path(f"{S}grants/<id:pk>/", views.grant_detail, name="grant"),
    path(f"{S}grants/<id:pk>/disburse/", views.disburse, name="disburse"),
    path(f"{S}grants/<id:pk>/spend/", views.add_spending, name="spend"),
    path(f"{S}grants/<id:pk>/settle/", views.settle, name="settle"),
    path(f"{S}spendings/<id:pk>/delete/", views.delete_spending, name="spending_delete"),
    path(f"{S}spendings/<id:pk>/receipt/", views.receipt, name="receipt"),
    path(f"{Y}coaching/", views.CoachingListView.as_view(), name="coaching"),
    path(f"{Y}coaching/add/", views.AssignmentCreateView.as_view(), name="assignment_add"),
    path(
        f"{S}coaching/<id:pk>/sessions/add/", views.SessionCreateView.as_view(), name="session_add"
    ),
    *records(f"{S}experts", "expert", form=views.ExpertEditView),
    path(f"{Y}outcomes/", views.OutcomeListView.as_view(), name="outcomes"),
    *records(f"{Y}demo-days", "demoday", form=views.DemoDayEditView),
    *records(
        f"{Y}small-events",
        "small_event",
        list=views.SmallEventListView,
        form=views.SmallEventEditView,
    ),
    path(
        f"{Y}small-events/<id:pk>/contents/add/",
        views.PromoContentCreateView.as_view(),
        name="content_add",
    ),
    path(f"{Y}policy/", views.PolicyView.as_view(), name="policy"),
    path(f"{Y}policy/members/add/", views.MemberCreateView.as_view(), name="member_add"),
    *records(f"{Y}policy/meetings", "meeting", form=views.MeetingEditView),
    *records(f"{Y}policy/issues", "issue", form=views.IssueEditView),
    path(
        f"{Y}policy/issues/carry-over/",
        views.IssueCarryOverView.as_view(),
        name="issue_carry_over",
    ),
]
