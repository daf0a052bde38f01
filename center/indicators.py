"""The registry of computed indicator sources: the one seam between apps.

Each operational app registers, in its AppConfig.ready(), functions that
aggregate its records for a fiscal year in the database:

    from center.indicators import register

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


_registry: dict[str, Source] = {}


def register(key: str, label: str, measure: str = ""):
    def decorator(func: Callable[[int], int | None]):
        _registry[key] = Source(key=key, label=label, measure=measure, func=func)
        return func

    return decorator


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
