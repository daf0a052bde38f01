"""Business days: weekdays that are neither Korean public holidays (the
`holidays` package, substitute holidays included) nor center closures
managers enter. One function for each rule, used by bookings and SLAs."""

import datetime as dt
from functools import lru_cache

import holidays
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from core.models import Closure

# Sent after the transaction that added, changed or removed a closure day
# commits (the manager's screen, the admin, a shell). Anything that caches
# free days or slots (the booking calendar) connects here and drops its cache:
#     closures_changed.connect(lambda sender, dates, **kw: slot_cache.clear())
closures_changed = Signal()  # kwargs: dates (the days affected)


def _closure_saved(sender, instance, **kwargs):
    day = instance.date
    transaction.on_commit(lambda: closures_changed.send(sender=Closure, dates=[day]))


def connect_closure_signals() -> None:
    post_save.connect(_closure_saved, sender=Closure, dispatch_uid="core-closure-saved")
    post_delete.connect(_closure_saved, sender=Closure, dispatch_uid="core-closure-deleted")


@lru_cache(maxsize=32)
def public_holidays(year: int) -> dict:
    return dict(holidays.country_holidays("KR", years=year, language="ko"))


def holiday_name(day: dt.date) -> str | None:
    return public_holidays(day.year).get(day)


def closures_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(Closure.objects.filter(date__range=(start, end)).values_list("date", "reason"))


def is_business_day(day: dt.date, closures: dict | None = None) -> bool:
    if day.weekday() >= 5 or holiday_name(day):
        return False
    if closures is None:
        return not Closure.objects.filter(date=day).exists()
    return day not in closures


def business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Business days from start to end inclusive (one query for closures)."""
    closures = closures_between(start, end)
    days, day = [], start
    while day <= end:
        if is_business_day(day, closures):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def add_business_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th business day after `start` (start itself not counted)."""
    closures = closures_between(start, start + dt.timedelta(days=count * 3 + 30))
    day, left = start, count
    while left > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day, closures):
            left -= 1
    return day
