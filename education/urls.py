from django.urls import path

from core.routing import records

from . import views

app_name = "education"

E = "education"
TOKEN = "<uuid:token>"
R = f"{E}/r/{TOKEN}"  # a registration's private link
S = f"{E}/staff/sessions/<id:pk>"  # one session's staff pages

urlpatterns = [
    # public
    path(f"{E}/", views.index, name="index"),
    path(f"{E}/s/<uuid:public_id>/", views.public_session, name="public_session"),
    *records(
        f"{E}/r",
        "registration",
        key=TOKEN,
        detail=views.registration,
        actions={"cancel": views.registration_cancel, "materials": views.registration_materials},
    ),
    path(f"{R}/calendar.ics", views.registration_ics, name="registration_ics"),
    path(f"{E}/survey/<uuid:token>/", views.survey, name="survey"),
    path(f"{E}/outreach/", views.outreach_request, name="outreach_request"),
    path(f"{E}/outreach/<uuid:token>/", views.outreach_status, name="outreach_status"),
    # staff
    path(f"{E}/staff/", views.SessionListView.as_view(), name="sessions"),
    path(f"{E}/staff/calendar/<year:year>/<int:month>/", views.session_calendar, name="calendar"),
    *records(
        f"{E}/staff/sessions",
        "session",
        form=views.SessionEditView,
        detail=views.session_detail,
        actions={"materials": views.session_materials},
    ),
    path(f"{S}/register/", views.staff_register, name="staff_register"),
    path(f"{S}/paper-surveys/", views.paper_surveys, name="paper_surveys"),
    path(
        f"{S}/registrations/<id:registration_pk>/cancel/", views.staff_cancel, name="staff_cancel"
    ),
    path(f"{S}/checkin/", views.checkin, name="checkin"),
    path(f"{S}/checkin/<id:registration_pk>/", views.checkin_toggle, name="checkin_toggle"),
    path(f"{S}/walk-ins/", views.walk_in_add, name="walk_in_add"),
    path(f"{S}/walk-ins/<id:attendance_pk>/delete/", views.walk_in_delete, name="walk_in_delete"),
    path(f"{S}/roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    *records(
        f"{E}/staff/courses",
        "course",
        list=views.CourseListView,
        form=views.CourseEditView,
        detail=views.course_detail,
    ),
    *records(
        f"{E}/staff/instructors",
        "instructor",
        list=views.InstructorListView,
        form=views.InstructorEditView,
    ),
    *records(
        f"{E}/staff/types",
        "type",
        list=views.CourseTypeListView,
        form=views.CourseTypeEditView,
    ),
    path(
        f"{E}/staff/paper-surveys/", views.PaperSurveyListView.as_view(), name="paper_survey_list"
    ),
    path(f"{E}/staff/outreach/", views.OutreachQueueView.as_view(), name="outreach_queue"),
    path(f"{E}/staff/outreach/<id:pk>/", views.outreach_detail, name="outreach_detail"),
    path(f"{E}/staff/stats/", views.stats_current, name="stats_current"),
    path(f"{E}/staff/stats/<year:year>/", views.stats, name="stats"),
]
