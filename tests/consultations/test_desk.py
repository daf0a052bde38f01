"""The phone desk (category shortcuts, the typist's and the year's counts) and
the booking desk: the 확인 대기 queue with its count in the menu, and the
day's end that turns attended bookings into consultation records at once."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache

from consultations import selectors
from consultations.models import Booking, Category, Consultation, VideoSlotRule
from consultations.services import book_slot, confirm_booking
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()
    frozen(NOW)
    VideoSlotRule.objects.create(weekday=1, start=dt.time(16, 0))  # Tuesdays


def make_booking(day, time=dt.time(10, 30), name="홍길동", phone="010-1234-5678"):
    return book_slot(
        day=day,
        time=time,
        kind="video" if time == dt.time(16, 0) else "visit",
        name=name,
        phone=phone,
        email=f"p{phone[-4:]}@example.com",
        topic=Category.objects.get(name="설립"),
        consent_version="2026-11",
        consent_at=NOW,
    )


# --- phone desk ----------------------------------------------------------------------


def test_quick_entry_numbers_the_categories_and_makes_them_one_tab_stop(staff_client):
    body = staff_client.get("/consultations/quick/").content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*name="categories"[^>]*>', body)
    active = Category.objects.filter(active=True).count()
    assert len(boxes) == active == 10
    shortcuts = [re.search(r'data-shortcut="(\d)"', b).group(1) for b in boxes]
    assert shortcuts == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
    # Only the first box is in the Tab order; arrows and digits reach the rest.
    assert 'tabindex="-1"' not in boxes[0]
    assert all('tabindex="-1"' in b for b in boxes[1:])
    assert '<kbd class="me-1">0</kbd>' in body


def test_desk_counts_the_typists_calls_today_and_the_years_pace(
    staff_client, staff_user, manager_user
):
    today = NOW.replace(hour=8)
    ConsultationFactory.create_batch(3, handled_by=staff_user, started_at=today)
    ConsultationFactory(handled_by=manager_user, started_at=today)
    ConsultationFactory(handled_by=staff_user, started_at=today, channel="visit")
    ConsultationFactory(handled_by=staff_user, started_at=NOW - dt.timedelta(days=30))
    # Last year: two by this date, one after it.
    ConsultationFactory.create_batch(2, started_at=NOW.replace(year=2020, month=3))
    ConsultationFactory(started_at=NOW.replace(year=2020, month=11))
    desk = selectors.phone_desk(staff_user)
    assert (desk.today_mine, desk.today_all, desk.year_total) == (3, 4, 5)
    assert (desk.last_year_same_period, desk.last_year_total) == (2, 3)
    assert desk.change == "+150.0%"
    assert desk.business_days > 180  # business days of 2021 up to 1 October
    body = staff_client.get("/consultations/quick/").content.decode()
    assert re.search(r"오늘 내가 입력</dt><dd[^>]*>3건", body)
    assert re.search(r"2021년 누계 \(2021\. 10\. 1\.까지\)</dt><dd[^>]*>5건", body)
    assert '작년 같은 기간</dt><dd class="col-5 text-end">2건 (+150.0%)' in body


def test_desk_counts_cost_the_same_queries_at_any_size(staff_client, staff_user):
    def page_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # the menu's cached badge count is part of the page's cost
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get("/consultations/quick/").status_code == 200
        return len(captured.captured_queries)

    ConsultationFactory(handled_by=staff_user, started_at=NOW.replace(hour=8))
    page_queries()  # the first request after the login also touches the session
    small = page_queries()
    ConsultationFactory.create_batch(25, handled_by=staff_user, started_at=NOW.replace(hour=8))
    assert page_queries() == small


# --- 확인 대기 -------------------------------------------------------------------------


def test_queue_lists_requests_however_far_ahead_and_the_menu_counts_them(staff_client):
    near = make_booking(dt.date(2021, 10, 5))
    far = make_booking(dt.date(2021, 10, 26), name="김영희", phone="010-2222-3333")
    confirmed = make_booking(dt.date(2021, 10, 6), name="이철수", phone="010-4444-5555")
    confirm_booking(booking=confirmed)
    body = staff_client.get("/consultations/bookings/queue/").content.decode()
    assert "확정을 기다리는 신청 <strong>2건</strong>" in body
    assert body.index(near.reference) < body.index(far.reference)
    assert confirmed.reference not in body
    assert "홍*동" in body and "홍길동" not in body
    # The staff menu shows the count on 상담 예약, on every page.
    home = staff_client.get("/consultations/").content.decode()
    assert re.search(
        r"상담 예약 <span class=\"badge[^\"]*\">2<span class=\"visually-hidden\">건 확인 대기", home
    )


def test_confirming_from_the_queue_mails_and_returns_to_the_queue(
    staff_client, django_capture_on_commit_callbacks
):
    booking = make_booking(dt.date(2021, 10, 26))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/consultations/bookings/queue/{booking.pk}/confirm/")
    assert response.status_code == 302 and response.url.startswith("/consultations/bookings/queue/")
    booking.refresh_from_db()
    assert booking.status == Booking.CONFIRMED
    assert "확정" in mail.outbox[-1].subject and mail.outbox[-1].to == ["p5678@example.com"]
    body = staff_client.get("/consultations/bookings/queue/").content.decode()
    assert "확인을 기다리는 예약이 없습니다" in body


def test_queue_refuses_an_unknown_action(staff_client):
    booking = make_booking(dt.date(2021, 10, 26))
    assert (
        staff_client.post(f"/consultations/bookings/queue/{booking.pk}/delete/").status_code == 404
    )
    booking.refresh_from_db()
    assert booking.status == Booking.REQUESTED


# --- day's end -------------------------------------------------------------------------


def test_day_end_converts_every_attended_booking_in_one_step(staff_client, staff_user, frozen):
    day = dt.date(2021, 10, 5)
    came = make_booking(day, dt.time(10, 30))
    also = make_booking(day, dt.time(14, 0), name="김영희", phone="010-2222-3333")
    absent = make_booking(day, dt.time(16, 0), name="이철수", phone="010-4444-5555")
    confirm_booking(booking=also)
    frozen(dt.datetime(2021, 10, 5, 18, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)
    page = staff_client.get("/consultations/bookings/close/?date=2021-10-05").content.decode()
    assert page.count('name="attended"') == 3
    response = staff_client.post(
        "/consultations/bookings/close/",
        {"date": "2021-10-05", "attended": [came.pk, also.pk], "rest": "no_show"},
    )
    assert response.status_code == 302
    records = Consultation.objects.order_by("started_at")
    assert [c.client.name for c in records] == ["홍길동", "김영희"]
    assert {c.channel for c in records} == {"visit"} and all(
        c.handled_by == staff_user for c in records
    )
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {came.pk: "attended", also.pk: "attended", absent.pk: "no_show"}
    # Done bookings leave the day's list.
    page = staff_client.get("/consultations/bookings/close/?date=2021-10-05").content.decode()
    assert "이 날 기록할 예약이 없습니다" in page


def test_day_end_saves_nothing_when_one_booking_has_not_started(staff_client, staff_user, frozen):
    day = dt.date(2021, 10, 5)
    came = make_booking(day, dt.time(10, 30))
    later = make_booking(day, dt.time(16, 0), name="김영희", phone="010-2222-3333")
    frozen(dt.datetime(2021, 10, 5, 12, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)
    response = staff_client.post(
        "/consultations/bookings/close/",
        {"date": "2021-10-05", "attended": [came.pk, later.pk]},
    )
    assert response.status_code == 200
    assert "상담 시간이 지난 뒤에 전환할 수 있습니다" in response.content.decode()
    assert Consultation.objects.count() == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {"requested"}


def test_day_end_refuses_a_booking_of_another_day(staff_client, staff_user, frozen):
    other = make_booking(dt.date(2021, 10, 6))
    frozen(dt.datetime(2021, 10, 6, 18, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)
    response = staff_client.post(
        "/consultations/bookings/close/", {"date": "2021-10-05", "attended": [other.pk]}
    )
    assert "이 날의 예약이 아닌 것이 있습니다" in response.content.decode()
    assert Consultation.objects.count() == 0
