"""Slot rules: business days only (weekends, public and substitute holidays,
closures), never in the past, never beyond the horizon; video slots only at
the times managers set."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from consultations.models import VideoSlotRule
from consultations.services import check_slot
from consultations.slots import calendar_days, slots_between
from core.calendar import Closure

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# Thursday 30 September 2021, 09:00 in Seoul.
NOW = dt.datetime(2021, 9, 30, 9, 0, tzinfo=SEOUL)


def at(day, hh, mm=0):
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=SEOUL)


pytestmark = pytest.mark.django_db


def _days(slots):
    return sorted({s.date for s in slots})


def test_visit_slots_skip_weekend_and_the_substitute_holiday():
    slots = slots_between(dt.date(2021, 10, 1), dt.date(2021, 10, 8), now=NOW)
    # 10-02/03 weekend, 10-04 대체공휴일 (개천절 fell on a Sunday), 10-09 한글날 is a Saturday.
    assert _days(slots) == [dt.date(2021, 10, d) for d in (1, 5, 6, 7, 8)]
    assert {(s.time, s.kind) for s in slots} == {(dt.time(10, 30), "visit"), (dt.time(14), "visit")}
    assert all(s.available for s in slots)


def test_closure_entered_by_a_manager_removes_the_day():
    Closure.objects.create(date=dt.date(2021, 10, 6), reason="센터 워크숍")
    slots = slots_between(dt.date(2021, 10, 5), dt.date(2021, 10, 7), now=NOW)
    assert _days(slots) == [dt.date(2021, 10, 5), dt.date(2021, 10, 7)]
    days = {d.date: d for d in calendar_days(dt.date(2021, 10, 2), dt.date(2021, 10, 6), now=NOW)}
    assert days[dt.date(2021, 10, 6)].closed_reason == "센터 워크숍"
    assert days[dt.date(2021, 10, 2)].closed_reason == "주말"
    assert "개천절" in days[dt.date(2021, 10, 4)].closed_reason


def test_slots_already_started_today_are_not_offered():
    slots = slots_between(
        dt.date(2021, 9, 30), dt.date(2021, 9, 30), now=at(dt.date(2021, 9, 30), 11)
    )
    assert [(s.time, s.kind) for s in slots] == [(dt.time(14), "visit")]


def test_nothing_beyond_the_horizon(settings):
    settings.BOOKING_HORIZON_DAYS = 5
    slots = slots_between(dt.date(2021, 9, 30), dt.date(2021, 10, 29), now=NOW)
    assert max(s.date for s in slots) == dt.date(2021, 10, 5)  # 30 Sep + 5 days


def test_video_slots_only_at_the_times_managers_set():
    assert not [
        s
        for s in slots_between(dt.date(2021, 10, 5), dt.date(2021, 10, 8), now=NOW)
        if s.kind == "video"
    ]
    VideoSlotRule.objects.create(weekday=1, start=dt.time(16, 0))  # Tuesdays 16:00
    VideoSlotRule.objects.create(weekday=3, start=dt.time(11, 0), active=False)
    video = [
        s
        for s in slots_between(dt.date(2021, 10, 4), dt.date(2021, 10, 15), now=NOW)
        if s.kind == "video"
    ]
    assert [(s.date, s.time) for s in video] == [
        (dt.date(2021, 10, 5), dt.time(16)),
        (dt.date(2021, 10, 12), dt.time(16)),
    ]


@pytest.mark.parametrize(
    ("day", "time", "kind", "code", "text"),
    [
        (dt.date(2021, 9, 29), dt.time(14), "visit", "past", "이미 지난"),
        (dt.date(2021, 9, 30), dt.time(8, 30), "visit", "past", "이미 지난"),
        (dt.date(2021, 10, 2), dt.time(10, 30), "visit", "closed", "주말"),
        (dt.date(2021, 10, 4), dt.time(10, 30), "visit", "closed", "개천절"),
        (dt.date(2021, 10, 11), dt.time(10, 30), "visit", "closed", "한글날"),  # substitute
        (dt.date(2021, 12, 1), dt.time(10, 30), "visit", "horizon", "28일"),
        (dt.date(2021, 10, 5), dt.time(11, 0), "visit", "not_a_slot", "방문상담을 하지 않습니다"),
        (dt.date(2021, 10, 5), dt.time(16, 0), "video", "not_a_slot", "화상상담을 하지 않습니다"),
        (dt.date(2021, 10, 5), dt.time(10, 30), "phone", "kind", "상담 종류"),
    ],
)
def test_check_slot_refuses_with_a_korean_reason(day, time, kind, code, text):
    with pytest.raises(ValidationError) as info:
        check_slot(day=day, time=time, kind=kind, now=NOW)
    assert info.value.code == code
    assert text in info.value.messages[0]


def test_check_slot_refuses_a_closure_and_accepts_a_business_day():
    check_slot(day=dt.date(2021, 10, 5), time=dt.time(10, 30), kind="visit", now=NOW)
    Closure.objects.create(date=dt.date(2021, 10, 5), reason="정전")
    with pytest.raises(ValidationError, match="휴무일"):
        check_slot(day=dt.date(2021, 10, 5), time=dt.time(10, 30), kind="visit", now=NOW)
