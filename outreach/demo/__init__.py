"""The 2021 홍보 records behind the report's figures (주요업무보고, 2021. 11. 4.).

Monthly channel figures January–October add up to the report's actuals
(homepage visits 98,521, blog views 265,003, Facebook reach 55,259,
newsletter sends 43,065); 88 contents (39 card news, 15 YouTube, 25 activity
news, 9 newsletters), printed matter of 1,500 copies, 1 video, the 9th youth
reporters (7), the ICA RUN campaign, 30 young activists and 5 booths. The
annual report and the satisfaction survey (planned for November) have no
records yet, so their indicators stay '-'. The records are in `2021.json`.
Idempotent.
"""

from itertools import groupby

from django.db import transaction

from center.services import use_indicator_sources
from core import demo

from .. import models

YEAR = 2021
DATA = demo.read(__file__)


def _channels() -> dict[str, models.Channel]:
    channels = demo.ensure_all(models.Channel, DATA["channels"], ["slug"], order="order", start=1)
    return {channel.slug: channel for channel in channels}


def _figures(channels: dict[str, models.Channel]) -> None:
    def series(record):
        return record["channel"], record["metric"]

    for (slug, metric), records in groupby(DATA["monthly_figures"], key=series):
        channel = channels[slug]
        if models.MonthlyFigure.objects.filter(channel=channel, metric=metric, year=YEAR).exists():
            continue
        demo.create_all(models.MonthlyFigure, records, channel=channel)


def _cohort() -> models.ReporterCohort:
    cohort, _ = demo.ensure(models.ReporterCohort, DATA["cohort"], ["number"])
    if not cohort.members.exists():
        demo.create_all(models.Reporter, DATA["reporters"], cohort=cohort)
    if not cohort.meetings.exists():
        demo.create_all(models.ReporterMeeting, DATA["reporter_meetings"], cohort=cohort)
    return cohort


def _content(channels: dict[str, models.Channel], cohort: models.ReporterCohort) -> None:
    if models.ContentItem.objects.filter(date__year=YEAR).exists():
        return
    reporters = {reporter.name: reporter for reporter in cohort.members.all()}
    records = [
        {
            **{k: v for k, v in record.items() if k != "channels"},
            "author_reporter": reporters.get(record.get("author_reporter")),
        }
        for record in DATA["content"]
    ]
    created = demo.create_all(models.ContentItem, records)
    Through = models.ContentItem.channels.through
    Through.objects.bulk_create(
        Through(contentitem_id=item.pk, channel_id=channels[slug].pk)
        for item, record in zip(created, DATA["content"], strict=True)
        for slug in record["channels"]
    )


def load(stdout=None) -> None:
    with transaction.atomic():
        channels = _channels()
        _figures(channels)
        cohort = _cohort()
        _content(channels, cohort)
        demo.ensure(models.Campaign, DATA["campaign"], ["name"])
        if not models.IcaSupport.objects.filter(date__year=YEAR).exists():
            demo.create_all(models.IcaSupport, DATA["ica_supports"])
        survey, created = demo.ensure(models.Survey, DATA["survey"], ["title"])
        if created:
            demo.create_all(models.SurveyQuestion, DATA["survey_questions"], survey=survey)
        switched = use_indicator_sources(year=YEAR, sources=demo.indicator_sources(DATA))
    if stdout is not None:
        stdout.write(
            f"홍보: 2021년 채널 실적, 콘텐츠, 청년기자단, ICA 지원 (지표 {switched}개 자동 산출)"
        )
