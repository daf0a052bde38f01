"""Computed indicator sources of the consultations app.

Basic consultations are counted by channel and month in one rollup
(core.rollups: the closed months are read from the rollup table, the open
ones counted in one grouped query), so the four channel figures and the
monthly series cost the same at 10k and at 1M records. Expert consultations
are counted when they were held, one COUNT over the fiscal (calendar) year in
the center's time zone. Homepage questions answered online become `web`
consultations, so they are counted here exactly once.
"""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from core.registry import for_years, register, register_alert, register_series
from core.rollups import monthly_totals, monthly_totals_of_years, register_rollup

from .models import Consultation, ExpertConsultation


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 Jan 00:00, next 1 Jan 00:00) in the center's time zone."""
    tz = timezone.get_default_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


MONTHLY = "consultations.monthly"  # the series' key
BY_CHANNEL = register_rollup(
    "consultations.by_channel", Consultation.objects.all, "started_at", group="channel"
)


def _channel_count(channel: str):
    def measure(year: int) -> int:
        return sum(monthly_totals(BY_CHANNEL, year).get(channel, []))

    return measure


@for_years
def figures(years: tuple[int, ...]) -> dict[int, dict]:
    """Every source and the monthly series of this app for each of `years`:
    one read of the rollup for all of them (two queries: the stored closed
    months, one grouped count of the others) and one count of the held
    expert consultations per year (conditional aggregates)."""
    totals = monthly_totals_of_years(BY_CHANNEL, years)
    held = ExpertConsultation.objects.filter(status=ExpertConsultation.Status.HELD)
    expert = held.aggregate(
        **{
            str(year): Count(
                "pk",
                filter=Q(scheduled_at__gte=year_range(year)[0])
                & Q(scheduled_at__lt=year_range(year)[1]),
            )
            for year in years
        }
    )
    result = {}
    for year in years:
        by_channel = totals[year]
        values = {
            f"consultations.{c}": sum(by_channel.get(c, [])) for c in Consultation.Channel.values
        }
        values["consultations.expert"] = expert[str(year)]
        values[MONTHLY] = _months_total(by_channel)
        result[year] = values
    return result


for _channel, _label in Consultation.Channel.choices:
    register(
        f"consultations.{_channel}",
        f"기초상담 · {_label}상담 건수",
        measure="건",
        batch=figures,
    )(_channel_count(_channel))


@register("consultations.expert", "전문상담 실시 건수", measure="건", batch=figures)
def expert(year: int) -> int:
    start, end = year_range(year)
    return ExpertConsultation.objects.filter(
        status=ExpertConsultation.Status.HELD, scheduled_at__gte=start, scheduled_at__lt=end
    ).count()


# --- dashboard series and alerts -------------------------------------------------------


def _months_total(by_channel: dict[str, list[int]]) -> list[int]:
    months = by_channel.values()
    return [sum(month) for month in zip(*months, strict=True)] if months else [0] * 12


@register_series(
    MONTHLY, "월별 기초상담 건수", url_name="consultations:list", unit="건", batch=figures
)
def monthly_consultations(year: int) -> list[int]:
    """Basic consultations per month, every channel (center time zone)."""
    return _months_total(monthly_totals(BY_CHANNEL, year))


@register_alert(
    "consultations.overdue", "답변 기한이 지난 온라인 상담", "consultations:question_queue"
)
def overdue_questions() -> int:
    from .models import Question

    return Question.objects.filter(status=Question.OPEN, due_date__lt=timezone.localdate()).count()
