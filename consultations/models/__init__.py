"""Consultations' models, one module per sub-domain; everything is re-exported
here, so ``from consultations.models import Booking`` is the one way to import
them (app label ``consultations``, tables unchanged).

- ``records``: who called or came (Client, Cooperative), what about (Category),
  what the center answered (Consultation), expert consultations and the
  advisory board (Advisor, ExpertConsultation, AdvisoryAnswer)
- ``booking``: what citizens book themselves: visit and video slots
  (VideoSlotRule, Slot, Booking)
- ``questions``: online questions (홈페이지 상담) and their documents
"""

from core.registry import RetentionRule, register_retention

from .booking import (
    BOOKING_PERSONAL_FIELDS,
    DURATION_MINUTES,
    KINDS,
    VIDEO,
    VISIT,
    VISIT_TIMES,
    WEEKDAYS,
    Booking,
    Slot,
    VideoSlotRule,
    new_ics_uid,
    new_token,
)
from .questions import (
    ANSWER_DAYS,
    QUESTION_PERSONAL_FIELDS,
    REVIEW_DAYS,
    Question,
    QuestionDocument,
    question_document_path,
)
from .records import (
    DISTRICT_CHOICES,
    DISTRICTS,
    Advisor,
    AdvisoryAnswer,
    Category,
    Client,
    Consultation,
    Cooperative,
    ExpertConsultation,
    Field,
    phone_digits_of,
)

__all__ = [
    "ANSWER_DAYS",
    "BOOKING_PERSONAL_FIELDS",
    "DISTRICTS",
    "DISTRICT_CHOICES",
    "DURATION_MINUTES",
    "KINDS",
    "QUESTION_PERSONAL_FIELDS",
    "REVIEW_DAYS",
    "VIDEO",
    "VISIT",
    "VISIT_TIMES",
    "WEEKDAYS",
    "Advisor",
    "AdvisoryAnswer",
    "Booking",
    "Category",
    "Client",
    "Consultation",
    "Cooperative",
    "ExpertConsultation",
    "Field",
    "Question",
    "QuestionDocument",
    "Slot",
    "VideoSlotRule",
    "new_ics_uid",
    "new_token",
    "phone_digits_of",
    "question_document_path",
]


# Registered here, beside the fields they name, so the rules exist wherever the
# models are loaded (web, worker, beat). Rows stay, so counts survive; the
# history tables hold copies of the same fields and are scrubbed alike.


def _register_retention() -> None:
    booking_scrub = {f: "" for f in BOOKING_PERSONAL_FIELDS} | {
        "zoom_link": "",
        "personal_data_destroyed": True,
    }
    question_scrub = {f: "" for f in QUESTION_PERSONAL_FIELDS} | {
        "title": "(개인정보 파기)",
        "body": "",
        "answer": "",
        "personal_data_destroyed": True,
    }
    done = {"personal_data_destroyed": True}
    for label, model, date_field, scrub in [
        ("상담 예약", Booking, "created_at", booking_scrub | {"address_digest": ""}),
        ("상담 예약 변경 이력", Booking.history.model, "created_at", booking_scrub),
        ("온라인 상담", Question, "submitted_at", question_scrub),
        ("온라인 상담 변경 이력", Question.history.model, "submitted_at", question_scrub),
    ]:
        register_retention(
            RetentionRule(
                label=label, model=model, date_field=date_field, scrub=scrub, not_yet_scrubbed=done
            )
        )


_register_retention()
