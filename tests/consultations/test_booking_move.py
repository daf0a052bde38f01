"""A citizen finds a booking with phone + booking number and moves it to
another free slot (same rules as a new booking, row locks, history); the
result page and the mail say that a request waits for staff and until when;
the slot cache follows bookings and closure days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from consultations import services, slots
from consultations.models import Booking, Category
from core.models import Closure, OutboxEmail

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)  # Friday; Monday the 4th is a holiday


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()
    frozen(NOW)


def last_mail() -> OutboxEmail:
    return OutboxEmail.objects.latest("pk")


def book(client, slot="2021-10-05T10:30-visit", **extra):
    data = {
        "slot": slot,
        "name": "홍길동",
        "phone": "010-1234-5678",
        "email": "hong@example.com",
        "topic": Category.objects.get(name="설립").pk,
        "consent": "on",
        **extra,
    }
    response = client.post("/booking/new/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Booking.objects.order_by("-pk").first()


def test_the_result_page_and_mail_say_staff_confirm_and_by_when(client):
    booking = book(client)
    page = client.get(booking.get_public_url()).content.decode()
    assert "아직 확정 전입니다" in page
    # Requested on Friday 1 October: confirmed by the next business day,
    # Tuesday 5 October (Monday the 4th is the substitute holiday).
    assert booking.confirm_by == dt.date(2021, 10, 5)
    assert "2021. 10. 5." in page
    assert "아직 확정된 예약이 아닙니다" in last_mail().body
    assert "2021. 10. 5.(화)까지 확정 메일" in last_mail().body
    assert "확정 전" in last_mail().subject


def test_a_citizen_finds_the_booking_with_phone_and_number(client):
    booking = book(client)
    response = client.post(
        "/booking/find/", {"phone": "01012345678", "reference": booking.reference.lower()}
    )
    assert response.status_code == 302 and response.url == booking.get_public_url()
    wrong = client.post(
        "/booking/find/", {"phone": "010-9999-9999", "reference": booking.reference}
    )
    assert wrong.status_code == 400 and "찾지 못했습니다" in wrong.content.decode()
    assert 'id="error-summary"' in wrong.content.decode()  # portal.js focuses it
    other_day = booking.reference.replace("B211001", "B211002")
    assert (
        client.post(
            "/booking/find/", {"phone": "010-1234-5678", "reference": other_day}
        ).status_code
        == 400
    )
    bad = client.post("/booking/find/", {"phone": "010-1234-5678", "reference": "12"})
    assert "B211001-00012처럼" in bad.content.decode()


def test_moving_a_booking_frees_the_old_slot_and_keeps_the_history(client):
    booking = book(client)
    page = client.get(f"{booking.get_public_url()}move/?day=2021-10-06").content.decode()
    assert "2021-10-06T14:00-visit" in page
    response = client.post(f"{booking.get_public_url()}move/", {"slot": "2021-10-06T14:00-visit"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.slot.date, booking.slot.time) == (dt.date(2021, 10, 6), dt.time(14, 0))
    assert booking.status == Booking.REQUESTED and booking.ics_sequence == 1
    assert booking.history.earliest("history_date").slot_id != booking.slot_id
    assert "바꿨습니다" in last_mail().subject
    ics = bytes(last_mail().attachment).decode()
    assert "SEQUENCE:1" in ics and "DTSTART;TZID=Asia/Seoul:20211006T140000" in ics
    # The old time is free again, the new one taken: the cache followed both.
    state = {
        (s.date, s.time): s.available
        for s in slots.slots_between(dt.date(2021, 10, 5), dt.date(2021, 10, 6))
    }
    assert state[(dt.date(2021, 10, 5), dt.time(10, 30))] is True
    assert state[(dt.date(2021, 10, 6), dt.time(14, 0))] is False


def test_a_move_obeys_the_rules_of_a_new_booking(client, settings):
    mine = book(client)
    book(
        client,
        slot="2021-10-05T14:00-visit",
        name="김영희",
        phone="010-2222-3333",
        email="k@example.com",
    )
    move = f"{mine.get_public_url()}move/"
    taken = client.post(move, {"slot": "2021-10-05T14:00-visit"})
    assert taken.status_code == 400 and "이미 예약된" in taken.content.decode()
    holiday = client.post(move, {"slot": "2021-10-04T10:30-visit"})
    assert holiday.status_code == 400 and "상담하지 않습니다" in holiday.content.decode()
    same = client.post(move, {"slot": "2021-10-05T10:30-visit"})
    assert "같은 시간" in same.content.decode()
    # The person already holds the limit of future bookings elsewhere: a move
    # does not count against itself, so it still may move.
    settings.BOOKING_MAX_ACTIVE_PER_PERSON = 1
    ok = client.post(move, {"slot": "2021-10-07T10:30-visit"})
    assert ok.status_code == 302
    mine.refresh_from_db()
    assert mine.slot.date == dt.date(2021, 10, 7)
    # Cancelled bookings cannot be moved.
    services.cancel_booking(booking=mine, by_citizen=True)
    assert client.post(move, {"slot": "2021-10-08T10:30-visit"}).status_code == 302
    mine.refresh_from_db()
    assert mine.slot.date == dt.date(2021, 10, 7) and mine.status == Booking.CANCELLED


def test_a_closure_saved_or_deleted_clears_that_days_cached_slots():
    day = dt.date(2021, 10, 6)
    assert slots.slots_between(day, day)  # computed and cached
    closure = Closure.objects.create(date=day, reason="내부 행사")
    assert slots.slots_between(day, day) == []
    closure.delete()
    assert len(slots.slots_between(day, day)) == 2


def test_a_booking_post_runs_one_pass_of_checks(client, django_assert_max_num_queries):
    """16 statements on SQLite for the whole request (PostgreSQL adds one for
    the advisory locks): the topic, the limits in one aggregate, the slot row
    (looked up locked, created on first use), the booking and its history
    row, the mail (outbox check and row, the center's contact, the confirm-by
    day), the savepoints. The slot rules are read once, from the cache."""
    from django.db import connection

    client.get("/booking/")  # warm the slot cache and the session's one-off lookups
    with django_assert_max_num_queries(17 if connection.vendor == "postgresql" else 16):
        book(client)
