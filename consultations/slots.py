"""Bookable slots: which (date, time, kind) a day offers and whether it is
free, for the calendar, the booking form, the API and the services' checks.

The computed slots of each day are cached (Redis in production, shared by
every web process).

A day's entry says whether the center is closed that day (and why) and
which (time, kind) slots it offers, each free or taken. Building it needs
the video slot rules, the closures and the day's active bookings; reading it
is one cache round trip for the whole range. What is "past" depends on the
clock and is filtered by the reader, never stored.

What is built from the slots for everyone alike — the public calendar page
and the API's JSON — is cached too (`cached_render`), per minute (a slot
that passes drops out within a minute) with the generation it was built at,
so a citizen's GET costs one cache round trip and no query or template.

Invalidation, so a page never shows yesterday's truth for long: every key
carries the generation, and a change moves every key to a new one, now and
again once the transaction commits (a reader between the two would
otherwise store the old state under the new generation):
- a booking made, cancelled, moved or changing status (the services call
  `invalidate()`);
- a closure saved or deleted (`core.models.Closure`), through the signal
  receivers connected in `consultations.apps` — the closure screen needs
  nothing else;
- a video slot rule saved or deleted (`invalidate_all()`).
Bookings are a few a day, so recomputing the horizon (three queries) after
each costs less than tracking which pages show which day. Entries also
expire after `TTL` seconds.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.cache import optional_cache as cache
from core.calendar import closures_between, holiday_name

from .models import KINDS, VIDEO, VISIT, VISIT_TIMES, Booking, VideoSlotRule

TTL = 300
PAGE_TTL = 60
PREFIX = "booking:slots:v3:"
# invalidate_all() moves every key to a new generation (one cache write).
GENERATION_KEY = "booking:slots:generation"


@dataclass(frozen=True)
class CachedDay:
    date: dt.date
    closed_reason: str  # "" on a business day
    slots: tuple[tuple[dt.time, str, bool], ...]  # (time, kind, available), in time order


KIND_LABELS = dict(KINDS)


@dataclass(frozen=True)
class SlotInfo:
    date: dt.date
    time: dt.time
    kind: str
    available: bool

    @property
    def key(self) -> str:
        return f"{self.date.isoformat()}T{self.time:%H:%M}-{self.kind}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "time": f"{self.time:%H:%M}",
            "kind": self.kind,
            "available": self.available,
        }


@dataclass
class DaySlots:
    date: dt.date
    closed_reason: str
    slots: list[SlotInfo]

    @property
    def weekday_ko(self) -> str:
        return "월화수목금토일"[self.date.weekday()]

    @property
    def free(self) -> list[SlotInfo]:
        return [s for s in self.slots if s.available]


def horizon_end(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS)


def video_times_by_weekday() -> dict[int, list[dt.time]]:
    times: dict[int, list[dt.time]] = {}
    for weekday, start in VideoSlotRule.objects.filter(active=True).values_list("weekday", "start"):
        times.setdefault(weekday, []).append(start)
    return times


def slot_times(day: dt.date, video_times: dict[int, list[dt.time]]) -> list[tuple[dt.time, str]]:
    """The (time, kind) slots a business day offers, in time order."""
    slots = [(t, VISIT) for t in VISIT_TIMES]
    slots += [(t, VIDEO) for t in video_times.get(day.weekday(), [])]
    return sorted(slots)


def taken_slots(start: dt.date, end: dt.date) -> set[tuple[dt.date, dt.time, str]]:
    return set(
        Booking.objects.filter(slot__date__range=(start, end), status__in=Booking.ACTIVE)
        .values_list("slot__date", "slot__time", "slot__kind")
        .order_by()
    )


def calendar_days(start: dt.date, end: dt.date, now=None) -> list[DaySlots]:
    """Every day of the range with its bookable slots (not past, not beyond
    the horizon), closed days named (주말, 공휴일 …). From the cache."""
    now = timezone.localtime(now or timezone.now())
    first, last = max(start, now.date()), min(end, horizon_end(now.date()))
    cached = {d.date: d for d in days_between(first, last)} if first <= last else {}
    days, day = [], start
    while day <= end:
        entry = cached.get(day)
        if entry is None:  # outside what can be booked: only the reason shows
            reason = "주말" if day.weekday() >= 5 else (holiday_name(day) or "")
            days.append(DaySlots(day, reason, []))
        else:
            slots = [
                SlotInfo(day, time, kind, available)
                for time, kind, available in entry.slots
                if day > now.date() or time > now.time()
            ]
            days.append(DaySlots(day, entry.closed_reason, slots))
        day += dt.timedelta(days=1)
    return days


def slots_between(start: dt.date, end: dt.date, now: dt.datetime | None = None) -> list[SlotInfo]:
    """Every slot from start to end (inclusive) that can still be booked or is
    taken: business days only, not past, not beyond the horizon."""
    return [s for d in calendar_days(start, end, now) for s in d.slots]


def offered(day: dt.date, time: dt.time, kind: str) -> tuple[str, bool]:
    """(closed reason, whether the day offers this slot), from the cache."""
    (entry,) = days_between(day, day)
    return entry.closed_reason, any(t == time and k == kind for t, k, _ in entry.slots)


def _key(day: dt.date) -> str:
    return f"{PREFIX}day:{day.isoformat()}"


def _build(days: list[dt.date]) -> dict[dt.date, CachedDay]:
    """Three queries for any number of days: rules, closures, bookings."""
    start, end = min(days), max(days)
    video_times = video_times_by_weekday()
    closures = closures_between(start, end)
    taken = taken_slots(start, end)
    built = {}
    for day in days:
        if day.weekday() >= 5:
            reason = "주말"
        else:
            reason = holiday_name(day) or closures.get(day) or ""
        slots: tuple = ()
        if not reason:
            slots = tuple(
                (time, kind, (day, time, kind) not in taken)
                for time, kind in slot_times(day, video_times)
            )
        built[day] = CachedDay(day, reason, slots)
    return built


def days_between(start: dt.date, end: dt.date) -> list[CachedDay]:
    """Every day from start to end (inclusive), from the cache where it is
    there; the missing days are built together and stored."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    if not days:
        return []
    keys = {d: _key(d) for d in days}
    # One round trip: the generation and every day, each stored with the
    # generation it was built at (an entry of another one is built again).
    found = cache.get_many([GENERATION_KEY, *keys.values()])
    generation = found.get(GENERATION_KEY) or 0
    result = {}
    for d in days:
        entry = found.get(keys[d])
        if isinstance(entry, tuple) and entry[0] == generation:
            result[d] = entry[1]
    missing = [d for d in days if d not in result]
    if missing:
        built = _build(missing)
        result.update(built)
        cache.set_many({keys[d]: (generation, built[d]) for d in missing}, timeout=TTL)
    return [result[d] for d in days]


def invalidate(*days: dt.date) -> None:
    """These days changed (a booking, a closure): every cached day and page
    moves to a new generation, now and after commit."""
    invalidate_all()


def new_generation() -> None:
    """Move every key to a new generation: nothing cached before is read again."""
    try:
        cache.add(GENERATION_KEY, 0, timeout=None)
        cache.incr(GENERATION_KEY)
    except Exception:  # the cache is down: nothing is read from it either
        pass


def invalidate_all() -> None:
    """Forget every cached day and page, now and after commit."""
    new_generation()
    transaction.on_commit(new_generation)


def cached_render(name: str, variant: str, render: Callable[[], str], now=None) -> str:
    """`render()`'s output for this state of the slots, shared by every
    process: kept per minute and `variant` (what the request asked for, e.g.
    its query string) together with the generation it was rendered at, and
    read in one round trip with the current generation (MGET); an entry of
    another generation is rendered again. Only for output that is the same
    for everyone (no session, no token, no personal data)."""
    minute = timezone.localtime(now or timezone.now()).strftime("%Y%m%d%H%M")
    digest = hashlib.sha1(variant.encode()).hexdigest()[:16]
    key = f"{PREFIX}page:{name}:{minute}:{digest}"
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or 0
    entry = found.get(key)
    if isinstance(entry, tuple) and entry[0] == generation:
        return entry[1]
    page = render()
    cache.set(key, (generation, page), timeout=PAGE_TTL)
    return page


def on_closure_change(sender, instance, **kwargs) -> None:
    """post_save/post_delete receiver for core.models.Closure."""
    invalidate(instance.date)


def on_rule_change(sender, **kwargs) -> None:
    """post_save/post_delete receiver for VideoSlotRule."""
    invalidate_all()
