"""Reads for the citizens' side: which slots exist and are free, bookings by
day, question queues. Each function runs a fixed number of queries whatever
the range (closures, rules and bookings are fetched once)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from core.calendar import business_days, holiday_name

from .public_models import KINDS, VIDEO, VISIT, VISIT_TIMES, Booking, Question, VideoSlotRule

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


def slots_between(start: dt.date, end: dt.date, now: dt.datetime | None = None) -> list[SlotInfo]:
    """Every slot from start to end (inclusive) that can still be booked or is
    taken: business days only, not past, not beyond the horizon. Three queries."""
    now = timezone.localtime(now or timezone.now())
    start = max(start, now.date())
    end = min(end, horizon_end(now.date()))
    if end < start:
        return []
    video_times = video_times_by_weekday()
    taken = taken_slots(start, end)
    result = []
    for day in business_days(start, end):
        for time, kind in slot_times(day, video_times):
            starts = timezone.make_aware(dt.datetime.combine(day, time))
            if starts <= now:
                continue
            result.append(SlotInfo(day, time, kind, (day, time, kind) not in taken))
    return result


def calendar_days(start: dt.date, end: dt.date, now=None) -> list[DaySlots]:
    """Every day of the range with its slots, closed days named (주말, 공휴일 …)."""
    from core.calendar import closures_between

    slots = slots_between(start, end, now)
    by_day: dict[dt.date, list[SlotInfo]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, []).append(slot)
    closures = closures_between(start, end)
    days, day = [], start
    while day <= end:
        if day.weekday() >= 5:
            reason = "주말"
        else:
            reason = holiday_name(day) or closures.get(day) or ""
        days.append(DaySlots(day, reason, by_day.get(day, [])))
        day += dt.timedelta(days=1)
    return days


def bookings_between(start: dt.date, end: dt.date) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(slot__date__range=(start, end))
        .select_related("slot", "topic", "consultation")
        .order_by("slot__date", "slot__time", "slot__kind", "status")
    )


def question_queue(queue: str, today: dt.date | None = None) -> QuerySet[Question]:
    """'overdue', 'today', 'open' (all unanswered) or 'answered'."""
    today = today or timezone.localdate()
    qs = Question.objects.select_related("category", "answered_by")
    if queue == "answered":
        return qs.filter(status=Question.ANSWERED).order_by("-answered_at")
    qs = qs.filter(status=Question.OPEN)
    if queue == "overdue":
        qs = qs.filter(due_date__lt=today)
    elif queue == "today":
        qs = qs.filter(due_date=today)
    return qs.order_by("due_date", "submitted_at")


def queue_counts(today: dt.date | None = None) -> dict[str, int]:
    from django.db.models import Count, Q

    today = today or timezone.localdate()
    return Question.objects.aggregate(
        overdue=Count("pk", filter=Q(status=Question.OPEN, due_date__lt=today)),
        today=Count("pk", filter=Q(status=Question.OPEN, due_date=today)),
        open=Count("pk", filter=Q(status=Question.OPEN)),
        answered=Count("pk", filter=Q(status=Question.ANSWERED)),
    )
