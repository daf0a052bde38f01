"""The registry of computed indicator sources: the one seam between apps.

Each operational app registers, in its AppConfig.ready(), functions that
aggregate its records for a fiscal year in the database:

    from core.registry import register

    @register("consultations.phone", "기초상담 · 전화상담 건수", measure="건")
    def phone(year: int) -> int:
        return Consultation.objects.filter(channel=PHONE, started_at__year=year).count()

`center` and `reports` read the registry; apps never import each other.
Modelled on pretix's exporter registry, kept as a plain dict because a
signal adds nothing when sources are known at start-up.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    measure: str
    func: Callable[[int], int | None]
    url_name: str = ""  # the list of records behind the figure, if any


_registry: dict[str, Source] = {}


def register(key: str, label: str, measure: str = "", url_name: str = ""):
    def decorator(func: Callable[[int], int | None]):
        _registry[key] = Source(key=key, label=label, measure=measure, func=func, url_name=url_name)
        return func

    return decorator


def resolve(value: str) -> Source | None:
    """A source by its key or by its Korean label (what the XLSX shows)."""
    value = (value or "").strip()
    if value in _registry:
        return _registry[value]
    return next((s for s in _registry.values() if s.label == value), None)


def unregister(key: str) -> None:
    _registry.pop(key, None)


def get(key: str) -> Source | None:
    return _registry.get(key)


def all_sources() -> list[Source]:
    return sorted(_registry.values(), key=lambda s: s.key)


def choices() -> list[tuple[str, str]]:
    return [("", "직접 입력")] + [(s.key, s.label) for s in all_sources()]


def compute(key: str, year: int) -> int | None:
    source = _registry.get(key)
    if source is None:
        return None
    return source.func(year)


def actuals(indicators: Iterable, year: int) -> dict[int, int | None]:
    """Actual of each indicator by pk; each source runs once, whatever uses it."""
    cache: dict[str, int | None] = {}
    result: dict[int, int | None] = {}
    for indicator in indicators:
        if indicator.source:
            if indicator.source not in cache:
                cache[indicator.source] = compute(indicator.source, year)
            result[indicator.pk] = cache[indicator.source]
        else:
            result[indicator.pk] = indicator.entered_actual
    return result


# --- monthly series -----------------------------------------------------------------
# Apps may also register monthly series (e.g. consultations per month) that the
# dashboard and the report chart: `(year) -> list of 12 numbers`, aggregated in
# one grouped query.


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    func: Callable[[int], list[int]]
    url_name: str = ""


_series: dict[str, Series] = {}


def register_series(key: str, label: str, url_name: str = ""):
    def decorator(func: Callable[[int], list[int]]):
        _series[key] = Series(key=key, label=label, func=func, url_name=url_name)
        return func

    return decorator


def all_series() -> list[Series]:
    return sorted(_series.values(), key=lambda s: s.key)


def monthly(year: int, queryset, date_field: str, value=None) -> list[int]:
    """Helper for series: twelve monthly totals of `queryset` in one grouped query.

    `value` is an aggregate expression (default: Count of rows)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    value = value if value is not None else Count("pk")
    rows = (
        queryset.filter(**{f"{date_field}__year": year})
        .annotate(_month=ExtractMonth(date_field))
        .values("_month")
        .annotate(_total=value)
        .values_list("_month", "_total")
    )
    totals = [0] * 12
    for month, total in rows:
        totals[month - 1] = int(total or 0)
    return totals


# --- alerts ---------------------------------------------------------------------------
# Counts that need someone's attention now (e.g. overdue online questions),
# shown on the staff dashboard with a link to the queue.


@dataclass(frozen=True)
class Alert:
    key: str
    label: str
    func: Callable[[], int]
    url_name: str = ""


_alerts: dict[str, Alert] = {}


def register_alert(key: str, label: str, url_name: str = ""):
    def decorator(func: Callable[[], int]):
        _alerts[key] = Alert(key=key, label=label, func=func, url_name=url_name)
        return func

    return decorator


def all_alerts() -> list[Alert]:
    return sorted(_alerts.values(), key=lambda a: a.key)
