"""Staff side of bookings: the day/week board (masked), the detail page
(logged), confirm, Zoom link, attended / no-show, conversion into a
consultation record, reminders and the managers' video-slot rules."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache

from consultations.models import Category, Consultation, VideoSlotRule
from consultations.services import book_slot, send_reminders
from core.privacy import PersonalDataAccess

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)
NAMES = ["홍길동", "김영희", "이철수", "박민수", "최지우", "정하늘", "강바다", "윤서연"]


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()
    frozen(NOW)
    VideoSlotRule.objects.create(weekday=1, start=dt.time(16, 0))  # Tuesdays


def make_booking(day=dt.date(2021, 10, 5), time=dt.time(10, 30), kind="visit", name="홍길동", **kw):
    return book_slot(
        day=day,
        time=time,
        kind=kind,
        name=name,
        phone=kw.pop("phone", "010-1234-5678"),
        email=kw.pop("email", "hong@example.com"),
        topic=Category.objects.get(name="설립"),
        consent_version="2026-11",
        consent_at=NOW,
        **kw,
    )


def test_week_board_masks_names_and_phones(staff_client):
    make_booking(cooperative_name="마을카페협동조합")
    body = staff_client.get("/consultations/bookings/?view=week&date=2021-10-05").content.decode()
    assert "홍*동" in body and "010-1234-****" in body
    assert "홍길동" not in body and "010-1234-5678" not in body
    assert "2021. 10. 4. ~ 2021. 10. 10." in body


def test_day_board_shows_only_that_day(staff_client):
    make_booking()
    make_booking(day=dt.date(2021, 10, 6), name="김영희")
    body = staff_client.get("/consultations/bookings/?view=day&date=2021-10-06").content.decode()
    assert "김*희" in body and "홍*동" not in body


def test_board_query_count_is_flat(staff_client, django_assert_max_num_queries):
    make_booking()
    staff_client.get(
        "/consultations/bookings/?view=week&date=2021-10-05"
    )  # the first request of a session does its one-off lookups
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/consultations/bookings/?view=week&date=2021-10-05")
    days = [dt.date(2021, 10, d) for d in (5, 6, 7, 8)]
    for i, (day, time) in enumerate(
        [(d, t) for d in days for t in (dt.time(10, 30), dt.time(14))][1:]
    ):
        # A person may hold two future bookings: each of these is someone else.
        make_booking(
            day=day,
            time=time,
            name=NAMES[i % len(NAMES)],
            phone=f"010-2000-{i:04d}",
            email=f"p{i}@example.com",
        )
    # New bookings change the menu's 확인 대기 badge: the next page recounts it once.
    staff_client.get("/consultations/bookings/?view=week&date=2021-10-05")
    with django_assert_max_num_queries(12) as many:
        body = staff_client.get(
            "/consultations/bookings/?view=week&date=2021-10-05"
        ).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "예약 8건" in body


def test_detail_shows_whole_data_and_logs_the_access(staff_client, staff_user):
    booking = make_booking()
    body = staff_client.get(f"/consultations/bookings/{booking.pk}/").content.decode()
    assert "홍길동" in body and "010-1234-5678" in body and "hong@example.com" in body
    entry = PersonalDataAccess.objects.get()
    assert entry.user == staff_user and entry.action == "view"
    assert entry.object_id == str(booking.pk) and "홍*동" in entry.subject


def test_confirm_sends_mail_and_zoom_link_reaches_the_citizen(
    staff_client, django_capture_on_commit_callbacks
):
    booking = make_booking(time=dt.time(16), kind="video")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/consultations/bookings/{booking.pk}/confirm/")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert "확정" in mail.outbox[-1].subject
    # A bad link is refused next to the field, nothing saved.
    response = staff_client.post(
        f"/consultations/bookings/{booking.pk}/zoom/", {"zoom_link": "zoom meeting 123"}
    )
    assert response.status_code == 400 and "올바른 주소" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/consultations/bookings/{booking.pk}/zoom/",
            {"zoom_link": "https://zoom.us/j/123456789"},
        )
    booking.refresh_from_db()
    assert booking.zoom_link == "https://zoom.us/j/123456789"
    assert "https://zoom.us/j/123456789" in mail.outbox[-1].body
    page = staff_client.get(booking.get_public_url()).content.decode()
    assert 'href="https://zoom.us/j/123456789"' in page
    # The same link again mails nothing new.
    sent = len(mail.outbox)
    staff_client.post(
        f"/consultations/bookings/{booking.pk}/zoom/", {"zoom_link": "https://zoom.us/j/123456789"}
    )
    assert len(mail.outbox) == sent


def test_zoom_link_is_for_video_bookings_only(staff_client):
    booking = make_booking()
    staff_client.post(
        f"/consultations/bookings/{booking.pk}/zoom/", {"zoom_link": "https://zoom.us/j/1"}
    )
    booking.refresh_from_db()
    assert booking.zoom_link == ""


def test_convert_attended_video_booking_into_a_consultation(staff_client, staff_user, frozen):
    booking = make_booking(
        time=dt.time(16),
        kind="video",
        cooperative_name="마을카페협동조합",
        description="정관 변경 절차",
    )
    response = staff_client.post(f"/consultations/bookings/{booking.pk}/convert/")
    booking.refresh_from_db()
    assert booking.consultation is None  # not before the consultation took place
    frozen(dt.datetime(2021, 10, 5, 17, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)  # the session timed out over four days
    staff_client.post(f"/consultations/bookings/{booking.pk}/attended/")
    response = staff_client.post(f"/consultations/bookings/{booking.pk}/convert/")
    booking.refresh_from_db()
    consultation = booking.consultation
    assert response.status_code == 302 and response.url == f"/consultations/{consultation.pk}/"
    assert consultation.channel == "video" and consultation.duration_minutes == 40
    assert consultation.started_at == dt.datetime(2021, 10, 5, 16, 0, tzinfo=SEOUL)
    assert consultation.handled_by == staff_user and consultation.summary == "정관 변경 절차"
    assert (
        consultation.client.name == "홍길동" and consultation.cooperative.name == "마을카페협동조합"
    )
    assert list(consultation.categories.values_list("name", flat=True)) == ["설립"]
    assert booking.status == "attended"
    staff_client.post(f"/consultations/bookings/{booking.pk}/convert/")
    assert Consultation.objects.count() == 1


def test_no_show_and_cancelled_bookings_cannot_be_converted(staff_client, staff_user, frozen):
    booking = make_booking()
    frozen(dt.datetime(2021, 10, 5, 12, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)
    staff_client.post(f"/consultations/bookings/{booking.pk}/no-show/")
    booking.refresh_from_db()
    assert booking.status == "no_show"
    response = staff_client.post(f"/consultations/bookings/{booking.pk}/convert/", follow=True)
    assert "전환할 수 없습니다" in response.content.decode()
    assert Consultation.objects.count() == 0
    assert staff_client.post(f"/consultations/bookings/{booking.pk}/unknown/").status_code == 404


def test_staff_cancel_frees_the_slot(staff_client):
    booking = make_booking()
    staff_client.post(f"/consultations/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert make_booking(name="김영희").slot_id == booking.slot_id


def test_reminders_go_out_once_the_day_before(django_capture_on_commit_callbacks):
    make_booking(day=dt.date(2021, 10, 5))
    cancelled = make_booking(
        day=dt.date(2021, 10, 5), time=dt.time(14), name="김영희", email="kim@example.com"
    )
    cancelled.status = "cancelled"
    cancelled.save()
    make_booking(day=dt.date(2021, 10, 6), name="이철수", email="lee@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=dt.date(2021, 10, 4)) == 1
        assert send_reminders(today=dt.date(2021, 10, 4)) == 0
    assert [m.to for m in mail.outbox] == [["hong@example.com"]]
    assert "내일" in mail.outbox[0].subject


def test_manager_sets_video_times(manager_client):
    response = manager_client.post(
        "/consultations/video-slots/", {"weekday": 3, "start": "10:00", "active": "on"}
    )
    assert response.status_code == 302
    assert VideoSlotRule.objects.filter(weekday=3, start=dt.time(10)).exists()
    slots = manager_client.get("/api/slots/?from=2021-10-07&to=2021-10-07").json()
    assert {"date": "2021-10-07", "time": "10:00", "kind": "video", "available": True} in slots
    for bad, text in [
        ({"weekday": 3, "start": "10:00"}, "이미 화상상담 시간이 있습니다"),
        ({"weekday": 6, "start": "11:00"}, "올바르게 선택"),
        ({"weekday": 2, "start": "25:00"}, "14:30처럼"),
        ({"weekday": 2, "start": "10:05"}, "10분 단위"),
        ({"weekday": 2, "start": "19:00"}, "17:20 사이"),
    ]:
        response = manager_client.post("/consultations/video-slots/", bad)
        assert response.status_code == 400 and text in response.content.decode(), bad
    assert VideoSlotRule.objects.count() == 2
    rule = VideoSlotRule.objects.get(weekday=3)
    manager_client.post(f"/consultations/video-slots/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert rule.active is False
    manager_client.post(f"/consultations/video-slots/{rule.pk}/delete/")
    assert not VideoSlotRule.objects.filter(pk=rule.pk).exists()
