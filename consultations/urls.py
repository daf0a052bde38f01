"""Consultations: the staff records (intake, lists, histories, import,
experts and advisors) and the citizens' side (bookings, online questions)
with its staff screens. Shapes from core.routing.records; the `new/` add
pages and the bare names of the consultation itself predate the scheme and
stay (staff have bookmarked them)."""

from django.urls import path

from core.routing import records

from . import views

app_name = "consultations"

C = "consultations"

urlpatterns = [
    # the consultation record
    path(f"{C}/", views.consultation_list, name="list"),
    path(f"{C}/quick/", views.quick_entry, name="quick"),
    path(f"{C}/new/", views.consultation_create, name="create"),
    path(f"{C}/import/", views.import_upload, name="import"),
    path(f"{C}/import/template.xlsx", views.import_template, name="import_template"),
    path(f"{C}/<id:pk>/", views.consultation_detail, name="detail"),
    path(f"{C}/<id:pk>/edit/", views.consultation_edit, name="edit"),
    path(f"{C}/<id:pk>/delete/", views.consultation_delete, name="delete"),
    # search-as-you-type answers (core.widgets.SearchSelect)
    path(f"{C}/clients/search/", views.client_search, name="client_search"),
    path(f"{C}/cooperatives/options/", views.cooperative_options, name="cooperative_options"),
    path(f"{C}/advisors/options/", views.advisor_options, name="advisor_options"),
    # clients, cooperatives, categories, experts, advisors
    *records(f"{C}/clients", "client", detail=views.client_detail, edit=views.client_edit),
    *records(
        f"{C}/cooperatives",
        "cooperative",
        list=views.CooperativeListView,
        detail=views.cooperative_detail,
        edit=views.CooperativeEditView,
    ),
    *records(
        f"{C}/categories",
        "category",
        plural="categories",
        list=views.CategoryListView,
        form=views.CategoryEditView,
        add_route="new/",
    ),
    *records(
        f"{C}/experts",
        "expert",
        list=views.ExpertListView,
        form=views.ExpertEditView,
        detail=views.expert_detail,
        add_route="new/",
    ),
    *records(
        f"{C}/advisors",
        "advisor",
        list=views.AdvisorListView,
        form=views.AdvisorEditView,
        detail=views.advisor_detail,
        add_route="new/",
    ),
    *records(
        f"{C}/advisory-answers",
        "answer",
        list=views.AnswerListView,
        form=views.AnswerEditView,
        add_route="new/",
    ),
    # citizens: bookings and online questions (private links carry a token)
    path("booking/", views.booking_calendar, name="booking_calendar"),
    path("booking/new/", views.booking_new, name="booking_new"),
    path("booking/find/", views.booking_find, name="booking_find"),
    path("booking/<token:token>/", views.booking_private, name="booking_private"),
    path("booking/<token:token>/move/", views.booking_move, name="booking_move"),
    path("ask/", views.question_new, name="question_new"),
    path("ask/<token:token>/", views.question_private, name="question_private"),
    # their staff screens
    path(f"{C}/bookings/", views.booking_board, name="booking_board"),
    path(f"{C}/bookings/queue/", views.booking_queue, name="booking_queue"),
    path(
        f"{C}/bookings/queue/<id:pk>/<slug:action>/",
        views.booking_queue_action,
        name="booking_queue_action",
    ),
    path(f"{C}/bookings/close/", views.booking_close_day, name="booking_close"),
    path(f"{C}/bookings/<id:pk>/", views.booking_detail, name="booking_detail"),
    path(f"{C}/bookings/<id:pk>/<slug:action>/", views.booking_action, name="booking_action"),
    path(f"{C}/video-slots/", views.video_rules, name="video_rules"),
    path(
        f"{C}/video-slots/<id:pk>/<slug:action>/",
        views.video_rule_action,
        name="video_rule_action",
    ),
    path(f"{C}/questions/", views.question_queue, name="question_queue"),
    path(f"{C}/questions/<id:pk>/", views.question_detail, name="question_detail"),
    path(
        f"{C}/questions/<id:pk>/documents/<id:doc_pk>/",
        views.question_document,
        name="question_document",
    ),
]
