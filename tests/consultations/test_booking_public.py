"""The citizens' booking pages, the private link and the JSON API."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache

from consultations.models import Booking, Category

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")

# Monday 4 October 2021 is the substitute holiday; "now" is the Friday before.
NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)
TUESDAY = "2021-10-05T10:30-visit"


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()  # rate-limit counters
    frozen(NOW)


def topic():
    return Category.objects.get(name="설립")


def form_data(**extra):
    data = {
        "slot": TUESDAY,
        "name": "홍길동",
        "phone": "01012345678",
        "email": "hong@example.com",
        "cooperative_name": "마을카페협동조합",
        "topic": topic().pk,
        "description": "정관 검토를 받고 싶습니다.",
        "consent": "on",
    }
    data.update(extra)
    return data


def book(client, **extra):
    return client.post("/booking/new/", form_data(**extra))


def test_calendar_shows_free_slots_and_names_closed_days(client):
    body = client.get("/booking/?day=2021-10-05").content.decode()
    assert 'href="/booking/new/?slot=2021-10-05T10:30-visit"' in body
    assert "대체공휴일" in body or "개천절" in body  # 10-04 is closed and says why
    assert "2021-10-04T10:30-visit" not in body


def test_booking_is_saved_mailed_with_ics_and_the_slot_shows_taken(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client)
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == f"/booking/{booking.token}/"
    assert booking.phone == "010-1234-5678" and booking.status == "requested"
    assert booking.consent_version and booking.consent_at == NOW
    assert booking.slot.date == dt.date(2021, 10, 5) and booking.slot.kind == "visit"
    [message] = mail.outbox
    assert message.to == ["hong@example.com"]
    assert f"/booking/{booking.token}/" in message.body and "2021. 10. 5.(화) 10:30" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "consultation.ics" and mimetype == "text/calendar"
    ics = content.decode() if isinstance(content, bytes) else content
    assert "DTSTART;TZID=Asia/Seoul:20211005T103000" in ics
    assert "DTEND;TZID=Asia/Seoul:20211005T113000" in ics
    # The page confirms, and the calendar no longer offers the slot.
    page = client.get(response.url).content.decode()
    assert "예약 신청을 받았습니다" in page and booking.reference in page
    assert (
        'href="/booking/new/?slot=2021-10-05T10:30-visit"'
        not in client.get("/booking/").content.decode()
    )


def test_taken_slot_is_refused_and_the_form_keeps_what_was_typed(client):
    book(client)
    response = book(client, name="김영희", email="kim@example.com")
    body = response.content.decode()
    assert response.status_code == 400
    assert "이미 예약된 시간입니다" in body
    assert 'value="김영희"' in body and 'value="kim@example.com"' in body
    assert "정관 검토를 받고 싶습니다." in body
    assert "2021. 10. 5.(화) 10:30 방문상담" in body  # the choice stays, named
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"consent": ""}, "개인정보 수집·이용에 동의해야"),
        ({"name": "  "}, "이름을 입력해 주세요"),
        ({"phone": "12345"}, "010-1234-5678처럼"),
        ({"email": "not-an-email"}, "올바른 이메일"),
        ({"topic": "999999"}, "목록에 있는 주제"),
        ({"slot": "2021-10-04T10:30-visit"}, "개천절"),
        ({"slot": "2021-10-02T10:30-visit"}, "주말"),
        ({"slot": "2021-09-30T10:30-visit"}, "이미 지난"),
        ({"slot": "2021-12-20T10:30-visit"}, "28일 안의"),
        ({"slot": "2021-10-05T11:00-visit"}, "방문상담을 하지 않습니다"),
        ({"slot": "2021-02-30T10:30-visit"}, "없는 날짜"),
        ({"slot": "<script>"}, "상담 시간을 골라"),
        ({"website": "http://spam.example"}, "신청을 처리할 수 없습니다"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, changes, field_error, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)  # the honeypot's delay
    response = book(client, **changes)
    body = response.content.decode()
    assert response.status_code == 400
    assert field_error in body
    assert 'value="홍길동"' in body or changes.get("name") == "  "
    assert Booking.objects.count() == 0


def test_cancel_through_the_private_link_frees_the_slot_at_once(
    client, django_capture_on_commit_callbacks
):
    book(client)
    booking = Booking.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/booking/{booking.token}/")
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancelled_at
    assert "취소" in mail.outbox[-1].subject
    assert (
        'href="/booking/new/?slot=2021-10-05T10:30-visit"'
        in client.get("/booking/?day=2021-10-05").content.decode()
    )
    # Someone else can now book it.
    book(client, name="김영희")
    assert Booking.objects.filter(status="requested").get().name == "김영희"
    # Cancelling twice says so and changes nothing.
    client.post(f"/booking/{booking.token}/")
    assert Booking.objects.filter(status="requested").count() == 1


def test_one_token_never_reaches_another_booking(client):
    book(client)
    book(client, slot="2021-10-05T14:00-visit", name="김영희", email="kim@example.com")
    mine = Booking.objects.get(name="홍길동")
    other = Booking.objects.get(name="김영희")
    page = client.get(mine.get_public_url()).content.decode()
    assert "홍길동" in page and "김영희" not in page
    client.post(mine.get_public_url())
    other.refresh_from_db()
    assert other.status == "requested"
    assert len(mine.token) >= 32 and mine.token != other.token
    assert client.get(f"/booking/{other.pk}/").status_code == 404
    assert client.get("/booking/" + mine.token[:-1] + "x/").status_code == 404
    assert client.post("/booking/not-a-token/").status_code == 404


def test_private_page_keeps_its_url_on_site_and_out_of_search(client):
    book(client)
    response = client.get(Booking.objects.get().get_public_url())
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_calendar_query_count_does_not_grow_with_bookings(
    client, django_assert_max_num_queries, settings
):
    settings.BOOKING_MAX_PER_ADDRESS_PER_DAY = 10  # six bookings from this test client
    client.get("/booking/")  # the first request of a session does its one-off lookups
    cache.clear()  # computed slots and the rendered calendar: built again below
    with django_assert_max_num_queries(10) as few:
        client.get("/booking/?day=2021-10-05")
    for i, slot in enumerate(
        (
            "2021-10-05T10:30-visit",
            "2021-10-05T14:00-visit",
            "2021-10-06T10:30-visit",
            "2021-10-07T14:00-visit",
            "2021-10-08T10:30-visit",
            "2021-10-12T10:30-visit",
        )
    ):
        # one person may hold two future bookings: six people
        booked = book(client, slot=slot, phone=f"010-3000-{i:04d}", email=f"p{i}@example.com")
        assert booked.status_code == 302
    cache.clear()
    with django_assert_max_num_queries(10) as many:
        body = client.get("/booking/?day=2021-10-05").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count("예약 마감") == 2  # both of that day's visit slots
    assert "빈 시간 1개" in body  # 6, 7, 8 October: one of two left
    # Served again from the caches: no query for slots at all.
    with django_assert_max_num_queries(len(few.captured_queries) - 3):
        client.get("/booking/?day=2021-10-05")


# --- JSON API ------------------------------------------------------------------------


def api_post(client, **changes):
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
    payload = {k: v for k, v in payload.items() if v is not ...}
    return client.post("/api/bookings/", json.dumps(payload), content_type="application/json")


def test_api_slots_lists_the_range(client):
    response = client.get("/api/slots/?from=2021-10-04&to=2021-10-05")
    assert response.status_code == 200
    assert response.json() == [
        {"date": "2021-10-05", "time": "10:30", "kind": "visit", "available": True},
        {"date": "2021-10-05", "time": "14:00", "kind": "visit", "available": True},
    ]
    api_post(client)
    assert response.json()[0]["available"] is True
    assert client.get("/api/slots/?from=2021-10-05&to=2021-10-05").json()[0]["available"] is False


@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ("", "from", "시작일(from)"),
        ("?from=2021-10-05", "to", "종료일(to)"),
        ("?from=05.10.2021&to=2021-10-06", "from", "YYYY-MM-DD"),
        ("?from=2021-10-06&to=2021-10-05", "to", "앞설 수 없습니다"),
        ("?from=2021-10-01&to=2021-12-31", "to", "62일까지만"),
    ],
)
def test_api_slots_validates_the_range(client, query, field, text):
    response = client.get("/api/slots/" + query)
    assert response.status_code == 400
    assert text in response.json()["errors"][field][0]


def test_api_booking_201_then_409(client):
    response = api_post(client)
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert response.json() == {
        "reference": booking.reference,
        "cancel_url": f"http://testserver/booking/{booking.token}/",
    }
    assert booking.consent_version
    taken = api_post(client, name="김영희")
    assert taken.status_code == 409
    assert "이미 예약된" in taken.json()["errors"]["time"][0]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"consent": "true"}, "consent"),
        ({"consent": ...}, "consent"),
        ({"name": ""}, "name"),
        ({"phone": "abc"}, "phone"),
        ({"email": "x@"}, "email"),
        ({"topic": "없는 주제"}, "topic"),
        ({"kind": "phone"}, "kind"),
        ({"date": "2021-10-04"}, "date"),
        ({"date": "2021-13-01"}, "date"),
        ({"time": "11:00"}, "time"),
        ({"time": "25:00"}, "time"),
    ],
)
def test_api_booking_400_names_the_field(client, changes, field):
    response = api_post(client, **changes)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])
    assert Booking.objects.count() == 0


def test_api_booking_rejects_bad_json(client):
    response = client.post("/api/bookings/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["errors"]["__all__"][0]
    response = client.post("/api/bookings/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert client.get("/api/bookings/").status_code == 405


def test_api_booking_429_when_one_client_sends_too_many(client):
    statuses = [api_post(client, name=f"신청{i}").status_code for i in range(12)]
    assert statuses[0] == 201 and statuses[1:10] == [409] * 9
    assert statuses[10:] == [429, 429]
    assert "요청이 너무 많습니다" in api_post(client).json()["error"]["message"]


def test_citizen_cannot_cancel_once_the_consultation_began(client, frozen):
    book(client)
    booking = Booking.objects.get()
    frozen(dt.datetime(2021, 10, 5, 10, 45, tzinfo=SEOUL))
    page = client.post(booking.get_public_url(), follow=True).content.decode()
    assert "상담 시간이 지난 예약은 취소할 수 없습니다" in page
    assert "예약 취소</button>" not in page
    booking.refresh_from_db()
    assert booking.status == "requested"


def test_beat_tasks_run_through_the_services(
    client,
    frozen,
    settings,
    django_capture_on_commit_callbacks,
):
    from consultations import tasks

    settings.PUBLIC_BASE_URL = "https://portal.example.org"
    book(client)  # Tuesday 5 Oct, 10:30
    booking = Booking.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_booking_reminders.delay().get() == 0  # Friday: not yet
    frozen(dt.datetime(2021, 10, 4, 9, 0, tzinfo=SEOUL))  # Monday, the day before
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_booking_reminders.delay().get() == 1
        assert tasks.send_booking_reminders.delay().get() == 0
    assert f"https://portal.example.org/booking/{booking.token}/" in mail.outbox[-1].body
    assert tasks.notify_overdue_questions.delay().get() == 0
    assert tasks.destroy_expired_question_documents.delay().get() == 0
