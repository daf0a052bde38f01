from django.urls import path

app_name = "consultations"

urlpatterns: list = []

# Citizens' side (bookings, online questions, JSON API) and its staff screens.
from . import public_views as pv  # noqa: E402

urlpatterns += [
    path("booking/", pv.booking_calendar, name="booking_calendar"),
    path("booking/new/", pv.booking_new, name="booking_new"),
    path("booking/<str:token>/", pv.booking_private, name="booking_private"),
    path("ask/", pv.question_new, name="question_new"),
    path("ask/<str:token>/", pv.question_private, name="question_private"),
    path("api/slots/", pv.api_slots, name="api_slots"),
    path("api/bookings/", pv.api_bookings, name="api_bookings"),
    path("consultations/bookings/", pv.booking_board, name="booking_board"),
    path("consultations/bookings/<int:pk>/", pv.booking_detail, name="booking_detail"),
    path(
        "consultations/bookings/<int:pk>/<slug:action>/",
        pv.booking_action,
        name="booking_action",
    ),
    path("consultations/video-slots/", pv.video_rules, name="video_rules"),
    path(
        "consultations/video-slots/<int:pk>/<slug:action>/",
        pv.video_rule_action,
        name="video_rule_action",
    ),
    path("consultations/questions/", pv.question_queue, name="question_queue"),
    path("consultations/questions/<int:pk>/", pv.question_detail, name="question_detail"),
    path(
        "consultations/questions/<int:pk>/documents/<int:doc_pk>/",
        pv.question_document,
        name="question_document",
    ),
]
