from django.urls import path

from core.routing import records

from . import views

app_name = "education"

urlpatterns = [
    # public
    path("education/", views.index, name="index"),
    path("education/s/<uuid:public_id>/", views.public_session, name="public_session"),
    path("education/r/<uuid:token>/", views.registration, name="registration"),
    path("education/r/<uuid:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("education/r/<uuid:token>/calendar.ics", views.registration_ics, name="registration_ics"),
    path(
        "education/r/<uuid:token>/materials/",
        views.registration_materials,
        name="registration_materials",
    ),
    path("education/survey/<uuid:token>/", views.survey, name="survey"),
    path("education/outreach/", views.outreach_request, name="outreach_request"),
    path("education/outreach/<uuid:token>/", views.outreach_status, name="outreach_status"),
    # staff
    path("education/staff/", views.SessionListView.as_view(), name="sessions"),
    path(
        "education/staff/calendar/<year:year>/<int:month>/",
        views.session_calendar,
        name="calendar",
    ),
    *records(
        "education/staff/sessions",
        "session",
        add=views.SessionCreateView,
        detail=views.session_detail,
        edit=views.SessionUpdateView,
        actions={"materials": views.session_materials},
    ),
    path("education/staff/sessions/<id:pk>/register/", views.staff_register, name="staff_register"),
    path(
        "education/staff/sessions/<id:pk>/paper-surveys/",
        views.paper_surveys,
        name="paper_surveys",
    ),
    path(
        "education/staff/sessions/<id:pk>/registrations/<id:registration_pk>/cancel/",
        views.staff_cancel,
        name="staff_cancel",
    ),
    path("education/staff/sessions/<id:pk>/checkin/", views.checkin, name="checkin"),
    path(
        "education/staff/sessions/<id:pk>/checkin/<id:registration_pk>/",
        views.checkin_toggle,
        name="checkin_toggle",
    ),
    path("education/staff/sessions/<id:pk>/walk-ins/", views.walk_in_add, name="walk_in_add"),
    path(
        "education/staff/sessions/<id:pk>/walk-ins/<id:attendance_pk>/delete/",
        views.walk_in_delete,
        name="walk_in_delete",
    ),
    path("education/staff/sessions/<id:pk>/roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    *records(
        "education/staff/courses",
        "course",
        list=views.CourseListView,
        add=views.CourseCreateView,
        detail=views.course_detail,
        edit=views.CourseUpdateView,
    ),
    *records(
        "education/staff/instructors",
        "instructor",
        list=views.InstructorListView,
        add=views.InstructorCreateView,
        edit=views.InstructorUpdateView,
    ),
    *records(
        "education/staff/types",
        "type",
        list=views.CourseTypeListView,
        add=views.CourseTypeCreateView,
        edit=views.CourseTypeUpdateView,
    ),
    path("education/staff/outreach/", views.OutreachQueueView.as_view(), name="outreach_queue"),
    path("education/staff/outreach/<id:pk>/", views.outreach_detail, name="outreach_detail"),
    path("education/staff/stats/", views.stats_current, name="stats_current"),
    path("education/staff/stats/<year:year>/", views.stats, name="stats"),
]
