"""Bookings: one submission is one booking (form key, API Idempotency-Key),
the per-person and per-address limits, and the .ics files (VTIMEZONE,
METHOD:CANCEL, a UID that reveals nothing), read with vobject."""

import datetime as dt
import json
import re
import threading
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core.cache import cache
from django.db import connection

from consultations import services
from consultations.models import Booking, Category, Question
from core.mail import OutboxEmail

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")

NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)
SLOTS = ["2021-10-05T10:30-visit", "2021-10-05T14:00-visit", "2021-10-06T10:30-visit"]
KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()
    frozen(NOW)


def form_data(key="", **extra):
    data = {
        "slot": SLOTS[0],
        "name": "홍길동",
        "phone": "01012345678",
        "email": "hong@example.com",
        "cooperative_name": "",
        "topic": Category.objects.get(name="설립").pk,
        "description": "정관 검토",
        "consent": "on",
    }
    if key:
        data["idempotency_key"] = key
    data.update(extra)
    return data


def api_payload(**changes):
    payload = {
        "date": "2021-10-05",
        "time": "10:30",
        "kind": "visit",
        "name": "홍길동",
        "phone": "010-1234-5678",
        "email": "hong@example.com",
        "topic": "설립",
        "consent": True,
    }
    payload.update(changes)
    return json.dumps(payload)


def api_post(client, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/bookings/", body, content_type="application/json", **headers)


# --- one submission, one booking ------------------------------------------------------


def test_booking_form_sent_twice_makes_one_booking(client):
    key = KEY_RE.search(client.get("/booking/new/").content.decode()).group(1)
    first = client.post("/booking/new/", form_data(key))
    second = client.post("/booking/new/", form_data(key), follow=True)
    assert first.status_code == 302
    assert Booking.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "이미 저장되었습니다" in second.content.decode()


def test_question_form_sent_twice_makes_one_question(client):
    key = KEY_RE.search(client.get("/ask/").content.decode()).group(1)
    data = {
        "idempotency_key": key,
        "name": "김영희",
        "email": "kim@example.com",
        "phone": "",
        "cooperative_name": "",
        "category": Category.objects.get(name="설립").pk,
        "title": "정관 문의",
        "body": "총회 의결 정족수를 알고 싶습니다.",
        "consent": "on",
    }
    first = client.post("/ask/", data)
    assert first.status_code == 302, first.content.decode()[:2000]
    client.post("/ask/", data)
    assert Question.objects.count() == 1


def test_api_replays_the_first_201_for_the_same_key_and_body(client):
    first = api_post(client, api_payload(), key="k-1")
    again = api_post(client, api_payload(), key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Booking.objects.count() == 1


def test_api_refuses_the_same_key_with_another_body(client):
    api_post(client, api_payload(), key="k-2")
    other = api_post(client, api_payload(time="14:00"), key="k-2")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Booking.objects.count() == 1


def test_api_without_a_key_is_not_replayed(client):
    assert api_post(client, api_payload()).status_code == 201
    assert api_post(client, api_payload()).status_code == 409  # the slot is taken
    assert Booking.objects.count() == 1


def test_api_error_releases_the_key(client):
    bad = api_post(client, api_payload(consent=False), key="k-3")
    assert bad.status_code == 400
    assert api_post(client, api_payload(), key="k-3").status_code == 201


# --- limits per person and address ---------------------------------------------------


def test_third_active_booking_with_the_same_phone_is_refused_next_to_the_field(client):
    for slot, email in zip(SLOTS[:2], ["a@example.com", "b@example.com"], strict=True):
        assert client.post("/booking/new/", form_data(slot=slot, email=email)).status_code == 302
    response = client.post("/booking/new/", form_data(slot=SLOTS[2], email="c@example.com"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "이 휴대전화 번호로 앞으로 받을 예약이 이미 2건 있습니다" in errors["phone"][0]
    assert Booking.objects.count() == 2


def test_third_active_booking_with_the_same_email_is_refused(client):
    for slot, phone in zip(SLOTS[:2], ["010-1111-2222", "010-3333-4444"], strict=True):
        client.post("/booking/new/", form_data(slot=slot, phone=phone))
    response = client.post(
        "/booking/new/", form_data(slot=SLOTS[2], phone="010-5555-6666", email="HONG@example.com")
    )
    assert (
        "이 이메일 주소로 앞으로 받을 예약이 이미 2건 있습니다"
        in (response.context["form"].errors["email"][0])
    )
    assert Booking.objects.count() == 2


def test_api_limit_answers_409_saying_why(client):
    api_post(client, api_payload(email="a@example.com"))
    api_post(client, api_payload(time="14:00", email="b@example.com"))
    response = api_post(client, api_payload(date="2021-10-06", email="c@example.com"))
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "booking_limit"
    assert "휴대전화 번호" in body["errors"]["phone"][0]


def test_cancelled_and_past_bookings_do_not_count(client):
    for slot in SLOTS[:2]:
        client.post("/booking/new/", form_data(slot=slot))
    services.cancel_booking(booking=Booking.objects.first())
    assert client.post("/booking/new/", form_data(slot=SLOTS[2])).status_code == 302
    assert Booking.objects.filter(status__in=Booking.ACTIVE).count() == 2


def test_address_limit_per_day(client, settings):
    settings.BOOKING_MAX_PER_ADDRESS_PER_DAY = 2
    settings.BOOKING_MAX_ACTIVE_PER_PERSON = 5
    people = [("010-1000-0001", "a@example.com"), ("010-1000-0002", "b@example.com")]
    for slot, (phone, email) in zip(SLOTS[:2], people, strict=True):
        assert (
            client.post("/booking/new/", form_data(slot=slot, phone=phone, email=email)).status_code
            == 302
        )
    response = client.post(
        "/booking/new/", form_data(slot=SLOTS[2], phone="010-1000-0003", email="c@example.com")
    )
    assert "오늘 예약 신청이 2건을 넘었습니다" in response.content.decode()
    assert Booking.objects.count() == 2
    assert all(
        b.address_digest and "127.0.0.1" not in b.address_digest for b in Booking.objects.all()
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_cannot_pass_the_phone_limit(frozen):
    assert connection.vendor == "postgresql"
    topic, _ = Category.objects.get_or_create(name="설립")
    frozen(NOW)
    slots = [
        (dt.date(2021, 10, 5), dt.time(10, 30)),
        (dt.date(2021, 10, 5), dt.time(14, 0)),
        (dt.date(2021, 10, 6), dt.time(10, 30)),
        (dt.date(2021, 10, 6), dt.time(14, 0)),
        (dt.date(2021, 10, 7), dt.time(10, 30)),
        (dt.date(2021, 10, 7), dt.time(14, 0)),
    ]
    results, barrier = [], threading.Barrier(len(slots))

    def book(day, time, i):
        barrier.wait()
        try:
            services.book_slot(
                day=day,
                time=time,
                kind="visit",
                name="홍길동",
                phone="010-1234-5678",
                email=f"p{i}@example.com",
                topic=topic,
                consent_version="t",
                consent_at=NOW,
                now=NOW,
            )
            results.append("ok")
        except services.BookingLimitReached:
            results.append("limit")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(d, t, i)) for i, (d, t) in enumerate(slots)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["limit"] * 4 + ["ok"] * 2
    assert Booking.objects.filter(phone="010-1234-5678").count() == 2


# --- the calendar file ------------------------------------------------------------------


def _parse(data: bytes):
    return vobject.readOne(data.decode())


def _ics_of(mail: OutboxEmail):
    assert mail.attachment_type.startswith("text/calendar")
    return _parse(bytes(mail.attachment))


def test_booking_ics_has_vtimezone_and_a_uid_without_the_token(client):
    client.post("/booking/new/", form_data())
    booking = Booking.objects.get()
    received = OutboxEmail.objects.get(key=f"booking-{booking.pk}-received")
    raw = bytes(received.attachment).decode()
    cal = _ics_of(received)
    assert cal.method.value == "PUBLISH"
    assert cal.vtimezone.tzid.value == "Asia/Seoul"
    event = cal.vevent
    start = event.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2021, 10, 5, 10, 30)
    assert "DTSTART;TZID=Asia/Seoul:20211005T103000" in raw
    uid = event.uid.value
    assert uid == f"booking-{booking.ics_uid}@" + uid.split("@", 1)[1]
    for i in range(0, len(booking.token) - 5):
        assert booking.token[i : i + 6] not in uid  # no part of the secret
    assert int(event.sequence.value) == 0


def test_cancellation_mail_carries_method_cancel_with_the_same_uid(client):
    client.post("/booking/new/", form_data())
    booking = Booking.objects.get()
    published = _ics_of(OutboxEmail.objects.get(key=f"booking-{booking.pk}-received"))
    services.cancel_booking(booking=booking)
    cancelled = _ics_of(OutboxEmail.objects.get(key=f"booking-{booking.pk}-cancelled"))
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.uid.value == published.vevent.uid.value
    assert int(cancelled.vevent.sequence.value) == int(published.vevent.sequence.value) + 1
    assert cancelled.vevent.status.value == "CANCELLED"
    assert cancelled.vtimezone.tzid.value == "Asia/Seoul"


def test_every_booking_gets_its_own_uid(client):
    client.post("/booking/new/", form_data())
    client.post("/booking/new/", form_data(slot=SLOTS[1], email="x@example.com"))
    uids = set(Booking.objects.values_list("ics_uid", flat=True))
    assert len(uids) == 2
