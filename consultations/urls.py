from django.urls import path

from core import converters  # noqa: F401  (registers <token:>, <id:>, <year:>)

app_name = "consultations"

urlpatterns: list = []

# Staff intake, lists, histories, import/export, experts (views.py).
from . import views  # noqa: E402

urlpatterns += [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/quick/", views.quick_entry, name="quick"),
    path("consultations/new/", views.consultation_create, name="create"),
    path("consultations/import/", views.import_upload, name="import"),
    path("consultations/import/template.xlsx", views.import_template, name="import_template"),
    path("consultations/<id:pk>/", views.consultation_detail, name="detail"),
    path("consultations/<id:pk>/edit/", views.consultation_edit, name="edit"),
    path("consultations/<id:pk>/delete/", views.consultation_delete, name="delete"),
    path("consultations/clients/search/", views.client_search, name="client_search"),
    path(
        "consultations/cooperatives/options/",
        views.cooperative_options,
        name="cooperative_options",
    ),
    path("consultations/advisors/options/", views.advisor_options, name="advisor_options"),
    path("consultations/clients/<id:pk>/", views.client_detail, name="client"),
    path("consultations/clients/<id:pk>/edit/", views.client_edit, name="client_edit"),
    path("consultations/cooperatives/", views.cooperative_list, name="cooperatives"),
    path("consultations/cooperatives/<id:pk>/", views.cooperative_detail, name="cooperative"),
    path(
        "consultations/cooperatives/<id:pk>/edit/",
        views.CooperativeEditView.as_view(),
        name="cooperative_edit",
    ),
    path("consultations/categories/", views.CategoryListView.as_view(), name="categories"),
    path("consultations/categories/new/", views.CategoryCreateView.as_view(), name="category_add"),
    path(
        "consultations/categories/<id:pk>/edit/",
        views.CategoryEditView.as_view(),
        name="category_edit",
    ),
    path("consultations/experts/", views.ExpertListView.as_view(), name="experts"),
    path("consultations/experts/new/", views.ExpertCreateView.as_view(), name="expert_add"),
    path("consultations/experts/<id:pk>/", views.expert_detail, name="expert"),
    path("consultations/experts/<id:pk>/edit/", views.ExpertEditView.as_view(), name="expert_edit"),
    path("consultations/advisors/", views.AdvisorListView.as_view(), name="advisors"),
    path("consultations/advisors/new/", views.AdvisorCreateView.as_view(), name="advisor_add"),
    path("consultations/advisors/<id:pk>/", views.advisor_detail, name="advisor"),
    path(
        "consultations/advisors/<id:pk>/edit/",
        views.AdvisorEditView.as_view(),
        name="advisor_edit",
    ),
    path("consultations/advisory-answers/", views.AnswerListView.as_view(), name="answers"),
    path(
        "consultations/advisory-answers/new/",
        views.AnswerCreateView.as_view(),
        name="answer_add",
    ),
    path(
        "consultations/advisory-answers/<id:pk>/edit/",
        views.AnswerEditView.as_view(),
        name="answer_edit",
    ),
]

# Citizens' side (bookings, online questions, JSON API) and its staff screens.


urlpatterns += [
    path("booking/", views.booking_calendar, name="booking_calendar"),
    path("booking/new/", views.booking_new, name="booking_new"),
    path("booking/find/", views.booking_find, name="booking_find"),
    path("booking/<token:token>/", views.booking_private, name="booking_private"),
    path("booking/<token:token>/move/", views.booking_move, name="booking_move"),
    path("ask/", views.question_new, name="question_new"),
    path("ask/<token:token>/", views.question_private, name="question_private"),
    path("consultations/bookings/", views.booking_board, name="booking_board"),
    path("consultations/bookings/queue/", views.booking_queue, name="booking_queue"),
    path(
        "consultations/bookings/queue/<id:pk>/<slug:action>/",
        views.booking_queue_action,
        name="booking_queue_action",
    ),
    path("consultations/bookings/close/", views.booking_close_day, name="booking_close"),
    path("consultations/bookings/<id:pk>/", views.booking_detail, name="booking_detail"),
    path(
        "consultations/bookings/<id:pk>/<slug:action>/",
        views.booking_action,
        name="booking_action",
    ),
    path("consultations/video-slots/", views.video_rules, name="video_rules"),
    path(
        "consultations/video-slots/<id:pk>/<slug:action>/",
        views.video_rule_action,
        name="video_rule_action",
    ),
    path("consultations/questions/", views.question_queue, name="question_queue"),
    path("consultations/questions/<id:pk>/", views.question_detail, name="question_detail"),
    path(
        "consultations/questions/<id:pk>/documents/<id:doc_pk>/",
        views.question_document,
        name="question_document",
    ),
]
