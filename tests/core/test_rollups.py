"""Monthly rollups (core.rollups): closed months read from the table, kept
right by the writes, open months counted live."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.indicators import BY_CHANNEL
from consultations.models import Consultation
from core import registry, rollups
from core.models import MonthlyRollup

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, 10, 0, tzinfo=timezone.get_default_timezone())


def _add(channel: str, when: dt.datetime) -> Consultation:
    return Consultation.objects.create(channel=channel, started_at=when, summary="설립 문의")


def _live(channel: str, year: int) -> int:
    return Consultation.objects.filter(
        channel=channel,
        started_at__gte=_at(year, 1, 1) - dt.timedelta(hours=10),
        started_at__lt=_at(year + 1, 1, 1) - dt.timedelta(hours=10),
    ).count()


def test_closed_months_are_stored_and_read_back_in_one_query():
    _add("phone", _at(2021, 1))
    _add("phone", _at(2021, 3))
    _add("visit", _at(2021, 3))
    first = rollups.monthly_totals(BY_CHANNEL, 2021)
    assert first["phone"][:3] == [1, 0, 1] and first["visit"][2] == 1
    assert MonthlyRollup.objects.filter(key=BY_CHANNEL.key).count() == 12
    with CaptureQueriesContext(connection) as queries:
        again = rollups.monthly_totals(BY_CHANNEL, 2021)
    assert again == first and len(queries.captured_queries) == 1
    assert registry.compute("consultations.phone", 2021) == _live("phone", 2021) == 2
    assert registry._series["consultations.monthly"].func(2021)[:3] == [1, 0, 2]


def test_a_write_into_a_closed_month_makes_it_recount():
    moved = _add("phone", _at(2021, 3))
    rollups.monthly_totals(BY_CHANNEL, 2021)
    _add("phone", _at(2021, 3, 20))
    assert rollups.monthly_totals(BY_CHANNEL, 2021)["phone"][2] == 2
    moved.started_at = _at(2021, 5)  # from one closed month to another: both recount
    moved.save()
    totals = rollups.monthly_totals(BY_CHANNEL, 2021)["phone"]
    assert (totals[2], totals[4]) == (1, 1)
    moved.delete()
    assert rollups.monthly_totals(BY_CHANNEL, 2021)["phone"][4] == 0
    assert registry.compute("consultations.phone", 2021) == _live("phone", 2021) == 1


def test_the_open_month_is_counted_live_and_never_stored():
    now = timezone.localtime()
    _add("web", now)
    rollups.monthly_totals(BY_CHANNEL, now.year)
    with CaptureQueriesContext(connection) as queries:
        _add("web", now)  # the everyday write costs no rollup query
    assert not [q for q in queries.captured_queries if "core_monthlyrollup" in q["sql"]]
    assert rollups.monthly_totals(BY_CHANNEL, now.year)["web"][now.month - 1] == 2
    assert not MonthlyRollup.objects.filter(month__gte=now.date().replace(day=1)).exists()


def test_a_count_taken_before_a_concurrent_write_is_not_stored_after_it():
    _add("phone", _at(2021, 3))
    rollups.monthly_totals(BY_CHANNEL, 2021)
    march = dt.date(2021, 3, 1)
    rollups.mark_stale(BY_CHANNEL.key, [march])
    seen = MonthlyRollup.objects.get(key=BY_CHANNEL.key, month=march)  # the reader's view
    rollups.mark_stale(BY_CHANNEL.key, [march])  # a write lands while it counts
    rollups._store(BY_CHANNEL, [march], {march: {"phone": 1}}, {march: seen})
    assert MonthlyRollup.objects.get(key=BY_CHANNEL.key, month=march).totals is None


def test_bulk_writes_mark_their_months_and_refresh_recounts_everything():
    rollups.monthly_totals(BY_CHANNEL, 2021)
    created = Consultation.objects.bulk_create(
        [Consultation(channel="visit", started_at=_at(2021, 6), summary="정관")]
    )
    rollups.records_written(Consultation, created)
    assert rollups.monthly_totals(BY_CHANNEL, 2021)["visit"][5] == 1
    Consultation.objects.bulk_create(
        [Consultation(channel="visit", started_at=_at(2021, 6), summary="정관")]
    )  # no mark: the nightly refresh finds it
    assert rollups.refresh_all([2021])[BY_CHANNEL.key] == 12
    assert rollups.monthly_totals(BY_CHANNEL, 2021)["visit"][5] == 2


def test_only_the_months_not_known_are_recounted():
    _add("phone", _at(2021, 3))
    _add("phone", _at(2021, 5))
    rollups.monthly_totals(BY_CHANNEL, 2021)
    Consultation.objects.bulk_create(
        [Consultation(channel="phone", started_at=_at(2021, 5, 20), summary="정관")]
    )  # unmarked: May keeps its stored total until the nightly refresh
    rollups.mark_stale(BY_CHANNEL.key, [dt.date(2021, 3, 1), dt.date(2021, 7, 1)])
    with CaptureQueriesContext(connection) as queries:
        phone = rollups.monthly_totals(BY_CHANNEL, 2021)["phone"]
    assert (phone[2], phone[4]) == (1, 1)  # March recounted, May read back
    counts = [q for q in queries.captured_queries if "consultations_consultation" in q["sql"]]
    assert len(counts) == 1  # March and July: two ranges of one grouped query


def test_a_year_without_records_stores_no_rows():
    assert rollups.monthly_totals(BY_CHANNEL, 2019) == {}
    assert not MonthlyRollup.objects.filter(key=BY_CHANNEL.key).exists()
    _add("visit", _at(2019, 4))  # a write into a closed month of that year
    assert rollups.monthly_totals(BY_CHANNEL, 2019)["visit"][3] == 1
    assert MonthlyRollup.objects.filter(key=BY_CHANNEL.key, month__year=2019).count() == 12
