"""Reads the views, the charts and the indicator sources share."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from core.display import mean_score

from .models import (
    PRINTED_KINDS,
    Channel,
    ContentItem,
    ContentKind,
    IcaSupport,
    Metric,
    MonthlyFigure,
    Reporter,
    ReporterCohort,
    Survey,
    SurveyAnswer,
)

MONTHS = list(range(1, 13))

# (channel slug, metric) → indicator source key; the yearly target of the
# trend chart is the target of the indicator that uses that source.
FIGURE_SOURCES = {
    ("homepage", Metric.VISITS): "outreach.homepage_visits",
    ("blog", Metric.VIEWS): "outreach.blog_views",
    ("facebook", Metric.REACH): "outreach.facebook_reach",
    ("newsletter", Metric.SENDS): "outreach.newsletter_sends",
}


def figure_total(slug: str, metric: str, year: int) -> int | None:
    """Sum of a channel metric over a year; None when nothing is recorded."""
    return MonthlyFigure.objects.filter(channel__slug=slug, metric=metric, year=year).aggregate(
        total=Sum("value")
    )["total"]


def figure_totals(year: int) -> dict[str, int | None]:
    """`figure_total` of every FIGURE_SOURCES metric in one grouped query."""
    totals = {
        (slug, metric): total
        for slug, metric, total in MonthlyFigure.objects.filter(year=year)
        .values("channel__slug", "metric")
        .annotate(total=Sum("value"))
        .values_list("channel__slug", "metric", "total")
    }
    return {key: totals.get(pair) for pair, key in FIGURE_SOURCES.items()}


def monthly_figures(year: int) -> dict[str, list[int | None]]:
    """Each FIGURE_SOURCES metric by month (None for a month not entered) in
    one query."""
    values = {key: [None] * 12 for key in FIGURE_SOURCES.values()}
    for slug, metric, month, value in MonthlyFigure.objects.filter(year=year).values_list(
        "channel__slug", "metric", "month", "value"
    ):
        key = FIGURE_SOURCES.get((slug, metric))
        if key is not None:
            values[key][month - 1] = value
    return values


def month_grid(year: int, month: int) -> dict[tuple[int, str], int]:
    return {
        (f.channel_id, f.metric): f.value
        for f in MonthlyFigure.objects.filter(year=year, month=month).only(
            "channel_id", "metric", "value"
        )
    }


def year_totals(year: int) -> dict[tuple[int, str], int]:
    """(channel pk, metric) → the year's sum, one grouped query."""
    rows = (
        MonthlyFigure.objects.filter(year=year)
        .values("channel_id", "metric")
        .annotate(total=Sum("value"))
    )
    totals = {(r["channel_id"], r["metric"]): r["total"] for r in rows}
    # Followers are a level, not a flow: the year's figure is the last month's.
    for figure in MonthlyFigure.objects.filter(year=year, metric=Metric.FOLLOWERS).order_by(
        "channel_id", "month"
    ):
        totals[(figure.channel_id, figure.metric)] = figure.value
    return totals


def months_entered(year: int) -> dict[int, int]:
    rows = MonthlyFigure.objects.filter(year=year).values("month").annotate(n=Count("pk"))
    return {r["month"]: r["n"] for r in rows}


def monthly_series(channel: Channel, metric: str, year: int) -> list[int | None]:
    values = dict(
        MonthlyFigure.objects.filter(channel=channel, metric=metric, year=year).values_list(
            "month", "value"
        )
    )
    return [values.get(m) for m in MONTHS]


def yearly_target(channel: Channel, metric: str, year: int) -> int | None:
    key = FIGURE_SOURCES.get((channel.slug, metric))
    if key is None:
        return None
    from center.models import Indicator

    indicator = (
        Indicator.objects.filter(source=key, unit__area__fiscal_year__year=year)
        .only("target")
        .first()
    )
    return indicator.target if indicator else None


def cumulative(values: list[int | None]) -> list[int | None]:
    """Running total; None after the last month with a figure."""
    last = max((i for i, v in enumerate(values) if v is not None), default=-1)
    total = 0
    result: list[int | None] = []
    for i, value in enumerate(values):
        total += value or 0
        result.append(total if i <= last else None)
    return result


@dataclass
class Trend:
    channel: Channel
    metric: str
    metric_label: str
    year: int
    this_year: list[int | None]
    last_year: list[int | None]
    target: int | None
    cumulative: bool

    @property
    def pace(self) -> list[float] | None:
        """The monthly (or cumulative) pace the yearly target needs."""
        if self.target is None:
            return None
        if self.cumulative:
            return [self.target * m / 12 for m in MONTHS]
        return [self.target / 12] * 12

    @property
    def total(self) -> int | None:
        values = [v for v in self.this_year if v is not None]
        return values[-1] if self.cumulative and values else sum(values) if values else None


def trend(channel: Channel, metric: str, year: int, *, cumulative_mode: bool = False) -> Trend:
    this_year = monthly_series(channel, metric, year)
    last_year = monthly_series(channel, metric, year - 1)
    if cumulative_mode:
        this_year, last_year = cumulative(this_year), cumulative(last_year)
    return Trend(
        channel=channel,
        metric=metric,
        metric_label=dict(Metric.choices)[metric],
        year=year,
        this_year=this_year,
        last_year=last_year,
        target=yearly_target(channel, metric, year),
        cumulative=cumulative_mode,
    )


# --- content ------------------------------------------------------------------------------


def content_items(filters=None):
    return (
        ContentItem.objects.select_related("author_user", "author_reporter__cohort")
        .prefetch_related("channels")
        .order_by("-date", "-pk")
    )


def content_counts(year: int) -> list[dict]:
    """Rows per content type with counts by month and the year's total (one query)."""
    rows = (
        ContentItem.objects.filter(date__year=year)
        .annotate(month=ExtractMonth("date"))
        .values("kind", "month")
        .annotate(n=Count("pk"), copies=Sum("copies"))
    )
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    copies: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["kind"]][row["month"]] = row["n"]
        copies[row["kind"]] += row["copies"] or 0
    result = []
    for kind, label in ContentKind.choices:
        made = kind in counts
        months = [counts[kind].get(m, 0) for m in MONTHS]
        result.append(
            {
                "kind": kind,
                "label": label,
                "months": months,
                "total": sum(months),
                "copies": copies[kind] if kind in PRINTED_KINDS and made else None,
            }
        )
    return result


def content_count(year: int, kinds) -> int:
    return ContentItem.objects.filter(date__year=year, kind__in=list(kinds)).count()


def copies_total(year: int, kind: str) -> int | None:
    return ContentItem.objects.filter(date__year=year, kind=kind).aggregate(n=Sum("copies"))["n"]


def reporters_of_year(year: int) -> int:
    return Reporter.objects.filter(cohort__year=year).count()


def ica_support(year: int, kind: str) -> int:
    return IcaSupport.objects.filter(date__year=year, kind=kind).count()


# --- survey --------------------------------------------------------------------------------


def survey_score(answers) -> Decimal | None:
    """Mean of the answers on the 100-point scale, one decimal, half-up."""
    agg = answers.aggregate(total=Sum("value"), n=Count("pk"))
    if not agg["n"]:
        return None
    return mean_score(agg["total"], agg["n"])


def year_survey_score(year: int) -> Decimal | None:
    return survey_score(SurveyAnswer.objects.filter(question__survey__year=year))


def survey_question_scores(survey) -> list[tuple]:
    rows = survey.questions.annotate(
        total=Sum("answers__value"), n=Count("answers", filter=Q(answers__isnull=False))
    )
    return [(q, mean_score(q.total, q.n), q.n) for q in rows]


def survey_score_of(survey) -> Decimal | None:
    return survey_score(SurveyAnswer.objects.filter(question__survey=survey))


def survey_scores(survey_ids) -> dict[int, Decimal]:
    """Score of each survey in one grouped query."""
    rows = (
        SurveyAnswer.objects.filter(question__survey_id__in=list(survey_ids))
        .values("question__survey_id")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    return {r["question__survey_id"]: mean_score(r["total"], r["n"]) for r in rows}


def cohorts():
    """Reporter cohorts with their members, articles and meetings counted."""
    return ReporterCohort.objects.annotate(
        n_members=Count("members", distinct=True),
        n_articles=Count("members__articles", distinct=True),
        n_meetings=Count("meetings", distinct=True),
    )


def surveys() -> QuerySet[Survey]:
    """Surveys with their recipients and answers counted."""
    answered = Q(recipients__answered_at__isnull=False)
    return Survey.objects.annotate(
        n_recipients=Count("recipients", distinct=True),
        n_answered=Count("recipients", filter=answered, distinct=True),
    )
