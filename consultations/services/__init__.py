"""Writes with rules, one module per sub-domain (re-exported here, so
``from consultations import services`` and ``services.book_slot`` keep working).

- ``records``: recording a consultation with its client and cooperative
- ``booking``: slots and bookings (locked, one active booking per slot)
- ``questions``: online questions and their answers
"""

from .booking import (
    BookingLimitReached,
    SlotTaken,
    address_digest,
    attach_zoom_link,
    book_slot,
    booking_ics,
    cancel_booking,
    check_slot,
    confirm_booking,
    convert_booking,
    mark_attended,
    mark_no_show,
    move_booking,
    send_reminders,
)
from .questions import (
    answer_question,
    destroy_scrubbed_documents,
    due_date_for,
    notify_overdue_questions,
    submit_question,
    team_addresses,
)
from .records import (
    ClientContact,
    ClientData,
    ConsultationData,
    CooperativeData,
    record_consultation,
    resolve_client,
    resolve_cooperative,
    update_client,
)

__all__ = [
    "BookingLimitReached",
    "ClientContact",
    "ClientData",
    "ConsultationData",
    "CooperativeData",
    "SlotTaken",
    "address_digest",
    "answer_question",
    "attach_zoom_link",
    "book_slot",
    "booking_ics",
    "cancel_booking",
    "check_slot",
    "confirm_booking",
    "convert_booking",
    "destroy_scrubbed_documents",
    "due_date_for",
    "mark_attended",
    "mark_no_show",
    "move_booking",
    "notify_overdue_questions",
    "record_consultation",
    "resolve_client",
    "resolve_cooperative",
    "send_reminders",
    "submit_question",
    "team_addresses",
    "update_client",
]
