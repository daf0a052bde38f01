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

from . import booking, questions, records
from .booking import *  # noqa: F403  (each module's __all__ lists what it exports)
from .questions import *  # noqa: F403
from .records import *  # noqa: F403

__all__ = [*booking.__all__, *questions.__all__, *records.__all__]


# Registered here, beside the fields they name, so the rules exist wherever the
# models are loaded (web, worker, beat). Rows stay, so counts survive; the
# history tables hold copies of the same fields and are scrubbed alike.


def _register_retention() -> None:
    booking_scrub = {f: "" for f in booking.BOOKING_PERSONAL_FIELDS} | {
        "zoom_link": "",
        "personal_data_destroyed": True,
    }
    question_scrub = {f: "" for f in questions.QUESTION_PERSONAL_FIELDS} | {
        "title": "(개인정보 파기)",
        "body": "",
        "answer": "",
        "personal_data_destroyed": True,
    }
    done = {"personal_data_destroyed": True}
    for label, model, date_field, scrub in [
        ("상담 예약", booking.Booking, "created_at", booking_scrub | {"address_digest": ""}),
        ("상담 예약 변경 이력", booking.Booking.history.model, "created_at", booking_scrub),
        ("온라인 상담", questions.Question, "submitted_at", question_scrub),
        ("온라인 상담 변경 이력", questions.Question.history.model, "submitted_at", question_scrub),
    ]:
        register_retention(
            RetentionRule(
                label=label, model=model, date_field=date_field, scrub=scrub, not_yet_scrubbed=done
            )
        )


_register_retention()
