"""Monthly rollups: grouped totals of closed months, kept in a table so the
report and the dashboard read twelve rows instead of scanning a year of
records.

An app registers a rollup of its records, grouped by one field:

    BY_CHANNEL = register_rollup(
        "consultations.by_channel", Consultation.objects.all, "started_at", group="channel"
    )
    monthly_totals(BY_CHANNEL, 2021)   # {"phone": [612, 580, …12], "web": […], …}

A month is *closed* once the current month (center time zone) has begun.
`monthly_totals` reads the stored totals of the year's closed months (one
query); the months still open, and closed months without fresh totals, are
counted live in one grouped query over just those months, and the closed ones
among them are stored for the next read (once the year has records: an
empty year stays one cheap count and no rows).

Kept by the writing side:
- saving or deleting a record whose date (before or after the change) lies
  in a closed month marks that month stale (post_save / post_delete; the
  date as loaded is remembered on post_init), so the next read recounts it.
  Records of the open month, the everyday case, cost no extra query;
- bulk writes bypass signals: `manage.py refresh_rollups` (run after a bulk
  load, and nightly by beat) recounts every closed month.

A stale month holds NULL and a `generation` that each write increments; a
reader stores its live count only if the generation is still the one it saw
before counting, so a count taken before a concurrent write never lands
after it.
"""

import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

from .models import MonthlyRollup


@dataclass(frozen=True)
class Rollup:
    key: str
    queryset: Callable[[], models.QuerySet]
    date_field: str
    group: str = ""  # a field of the records; "" for one total per month
    value: object = None  # an aggregate expression (default: Count of rows)

    @property
    def model(self):
        return self.queryset().model


_rollups: dict[str, Rollup] = {}


def register_rollup(key: str, queryset, date_field: str, group: str = "", value=None) -> Rollup:
    rollup = Rollup(key, queryset, date_field, group, value)
    _rollups[key] = rollup
    model = rollup.model
    uid = f"core.rollups:{key}"
    post_init.connect(_remember, sender=model, dispatch_uid=uid, weak=False)
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)
    return rollup


def all_rollups() -> list[Rollup]:
    return sorted(_rollups.values(), key=lambda r: r.key)


# --- months ---------------------------------------------------------------------------


def current_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def month_of(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _bound(rollup: Rollup, month: dt.date):
    """The lookup value of a month's first instant for the rollup's date field."""
    field = rollup.model._meta.get_field(rollup.date_field)
    if isinstance(field, models.DateTimeField):
        return timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    return month


# --- counting -------------------------------------------------------------------------


def _runs(months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted months as [start, end) runs of consecutive months."""
    runs: list[list[dt.date]] = []
    for month in sorted(months):
        if runs and runs[-1][1] == month:
            runs[-1][1] = next_month(month)
        else:
            runs.append([month, next_month(month)])
    return [(start, end) for start, end in runs]


def grouped(rollup: Rollup, start: dt.date, end: dt.date, runs=None) -> models.QuerySet:
    """The grouped query of [start, end) months (or of the [start, end) `runs`,
    in one query): rows of (month, group, total)."""
    value = rollup.value if rollup.value is not None else Count("pk")
    fields = [rollup.group] if rollup.group else []
    within = models.Q()
    for first, stop in runs or [(start, end)]:
        within |= models.Q(
            **{
                f"{rollup.date_field}__gte": _bound(rollup, first),
                f"{rollup.date_field}__lt": _bound(rollup, stop),
            }
        )
    return (
        rollup.queryset()
        .order_by()
        .filter(within)
        .annotate(_month=TruncMonth(rollup.date_field))
        .values("_month", *fields)
        .annotate(_total=value)
        .values_list("_month", *fields, "_total")
    )


def count_months(
    rollup: Rollup, start: dt.date, end: dt.date, months=None
) -> dict[dt.date, dict[str, int]]:
    """{month: {group: total}} of [start, end) months (or of just `months`),
    counted in one grouped query."""
    runs = _runs(months) if months else None
    found: dict[dt.date, dict[str, int]] = {}
    for row in grouped(rollup, start, end, runs):
        month, total = month_of(row[0]), int(row[-1] or 0)
        group = str(row[1]) if rollup.group else ""
        found.setdefault(month, {})[group] = found.get(month, {}).get(group, 0) + total
    return found


def monthly_totals(rollup: Rollup, year: int) -> dict[str, list[int]]:
    """{group: twelve monthly totals} of the year ({} without records)."""
    return monthly_totals_of_years(rollup, [year])[year]


def monthly_totals_of_years(rollup: Rollup, years) -> dict[int, dict[str, list[int]]]:
    """`monthly_totals` of several years in the same two queries: the stored
    closed months of all of them, and one grouped count of the months not
    known (the open ones, stale ones, those of a year without rows)."""
    years = sorted(set(years))
    months = [dt.date(year, m, 1) for year in years for m in range(1, 13)]
    opened = current_month()
    closed = [m for m in months if m < opened]
    stored = {}
    if closed:
        stored = {
            r.month: r
            for r in MonthlyRollup.objects.filter(
                models.Q(key=rollup.key)
                & functools.reduce(
                    operator.or_,
                    (
                        models.Q(month__gte=dt.date(y, 1, 1), month__lte=dt.date(y, 12, 1))
                        for y in years
                    ),
                )
            )
        }
    known = {m: stored[m].totals for m in closed if m in stored and stored[m].totals is not None}
    live_months = [m for m in months if m not in known]
    if live_months:
        # Only the months not known: a stale March and the open December are
        # two ranges of one query, not a scan of March to December.
        counted = count_months(rollup, live_months[0], next_month(live_months[-1]), live_months)
        known.update({m: counted.get(m, {}) for m in live_months})
        for year in years:
            of_year = [m for m in live_months if m.year == year and m < opened]
            _store(rollup, of_year, counted, stored)
    result: dict[int, dict[str, list[int]]] = {year: {} for year in years}
    for month in months:
        for group, total in known[month].items():
            result[month.year].setdefault(group, [0] * 12)[month.month - 1] += total
    return result


def _store(rollup: Rollup, months, counted, stored) -> None:
    now = timezone.now()
    # Rows start once the months counted have records: a year nobody wrote
    # in (the dashboard's year picker asks for any) is one empty range
    # count, not twelve rows.
    new = [
        MonthlyRollup(key=rollup.key, month=m, totals=counted.get(m, {}), refreshed_at=now)
        for m in months
        if m not in stored
    ]
    if new and any(counted.get(m) for m in months):
        # A stale mark written meanwhile by a concurrent write wins (the conflict).
        MonthlyRollup.objects.bulk_create(new, ignore_conflicts=True)
    for month in months:
        row = stored.get(month)
        if row is not None:
            MonthlyRollup.objects.filter(pk=row.pk, generation=row.generation).update(
                totals=counted.get(month, {}), refreshed_at=now
            )


def refresh(rollup: Rollup, years: list[int] | None = None) -> int:
    """Recount and store every closed month of the years (default: every year
    with records); returns the months stored."""
    opened = current_month()
    if years is None:
        dates = rollup.queryset().order_by().values_list(rollup.date_field, flat=True)
        first, last = (
            dates.order_by(rollup.date_field).first(),
            dates.order_by(f"-{rollup.date_field}").first(),
        )
        if first is None:
            return 0
        years = list(range(month_of(first).year, month_of(last).year + 1))
    stored = 0
    for year in years:
        start, end = dt.date(year, 1, 1), min(dt.date(year + 1, 1, 1), opened)
        if start >= end:
            continue
        counted = count_months(rollup, start, end)
        rows = []
        month = start
        while month < end:
            rows.append(
                MonthlyRollup(
                    key=rollup.key,
                    month=month,
                    totals=counted.get(month, {}),
                    refreshed_at=timezone.now(),
                )
            )
            month = next_month(month)
        MonthlyRollup.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["key", "month"],
            update_fields=["totals", "refreshed_at"],
        )
        stored += len(rows)
    return stored


def refresh_all(years: list[int] | None = None) -> dict[str, int]:
    return {rollup.key: refresh(rollup, years) for rollup in all_rollups()}


# --- the writing side -----------------------------------------------------------------


def _rollups_of(model) -> list[Rollup]:
    return [r for r in _rollups.values() if r.model is model]


def _remember(sender, instance, **kwargs):
    loaded = {}
    for rollup in _rollups_of(sender):
        if rollup.date_field in instance.__dict__:
            loaded[rollup.date_field] = instance.__dict__[rollup.date_field]
    instance._rollup_loaded = loaded


def mark_stale(key: str, months) -> None:
    """Make these closed months of the rollup recount on their next read."""
    table = connection.ops.quote_name(MonthlyRollup._meta.db_table)
    with connection.cursor() as cursor:
        for month in sorted(set(months)):
            cursor.execute(
                f"INSERT INTO {table} (key, month, totals, generation, refreshed_at) "
                f"VALUES (%s, %s, NULL, 1, NULL) ON CONFLICT (key, month) DO UPDATE "
                f"SET totals = NULL, generation = {table}.generation + 1",
                [key, month],
            )


def _touched(sender, instance, before: bool):
    opened = current_month()
    loaded = getattr(instance, "_rollup_loaded", {})
    for rollup in _rollups_of(sender):
        months = {month_of(getattr(instance, rollup.date_field, None))}
        if before and rollup.date_field in loaded:
            months.add(month_of(loaded[rollup.date_field]))
        months = {m for m in months if m is not None and m < opened}
        if months:
            mark_stale(rollup.key, months)
    _remember(sender, instance)


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _touched(sender, instance, before=True)


def _deleted(sender, instance, **kwargs):
    _touched(sender, instance, before=True)


def records_written(model, instances) -> None:
    """After a bulk write that sent no signals (bulk_create of an import):
    mark the closed months of these records stale for every rollup of the model."""
    opened = current_month()
    for rollup in _rollups_of(model):
        months = {month_of(getattr(i, rollup.date_field, None)) for i in instances}
        months = {m for m in months if m is not None and m < opened}
        if months:
            mark_stale(rollup.key, months)
