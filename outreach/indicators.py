"""The 홍보 indicators this app computes (registered in AppConfig.ready)."""

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from core.display import mean_score
from core.registry import for_years, register, register_series, tallies, tally

from . import selectors
from .models import (
    ContentItem,
    ContentKind,
    IcaSupport,
    Metric,
    MonthlyFigure,
    Reporter,
    SurveyAnswer,
)

CONTENT_KINDS = [
    ContentKind.CARD_NEWS,
    ContentKind.YOUTUBE,
    ContentKind.ACTIVITY_NEWS,
    ContentKind.NEWSLETTER,
]


@for_years
def figures(years: tuple[int, ...]) -> dict[int, dict]:
    """Every source of this app for each of `years` in one statement
    (core.registry.tallies): what the one-source answers below compute."""
    figure_parts = {
        f"figure:{key}": tally(
            MonthlyFigure.objects.filter(channel__slug=slug, metric=metric, year__in=years),
            year="year",
            value=Sum("value"),
        )
        for (slug, metric), key in selectors.FIGURE_SOURCES.items()
    }
    contents = ContentItem.objects.filter(date__year__in=years)
    found = tallies(
        **figure_parts,
        copies=tally(contents, year=ExtractYear("date"), group="kind", value=Sum("copies")),
        items=tally(contents, year=ExtractYear("date"), group="kind"),
        reporters=tally(Reporter.objects.filter(cohort__year__in=years), year="cohort__year"),
        answer_total=tally(
            SurveyAnswer.objects.filter(question__survey__year__in=years),
            year="question__survey__year",
            value=Sum("value"),
        ),
        answers=tally(
            SurveyAnswer.objects.filter(question__survey__year__in=years),
            year="question__survey__year",
        ),
        ica=tally(
            IcaSupport.objects.filter(date__year__in=years), year=ExtractYear("date"), group="kind"
        ),
    )
    result = {}
    for year in years:
        items = found["items"]
        answers = found["answers"].get((year, ""), 0)
        values = {
            key: found[f"figure:{key}"].get((year, "")) for key in selectors.FIGURE_SOURCES.values()
        }
        values.update(
            {
                "outreach.printed_copies": found["copies"].get((year, ContentKind.PRINTED)),
                "outreach.annual_report_copies": found["copies"].get(
                    (year, ContentKind.ANNUAL_REPORT)
                ),
                "outreach.videos": items.get((year, ContentKind.VIDEO), 0) or None,
                "outreach.contents": sum(items.get((year, k), 0) for k in CONTENT_KINDS) or None,
                "outreach.reporters": found["reporters"].get((year, ""), 0) or None,
                "outreach.satisfaction": int(
                    mean_score(found["answer_total"].get((year, "")), answers, places=0)
                )
                if answers
                else None,
                "outreach.ica_activists": found["ica"].get((year, IcaSupport.Kind.ACTIVIST), 0)
                or None,
                "outreach.ica_booths": found["ica"].get((year, IcaSupport.Kind.BOOTH), 0) or None,
            }
        )
        result[year] = values
    return result


def _figure(slug: str, metric: str):
    def measure(year: int) -> int | None:
        return selectors.figure_total(slug, metric, year)

    return measure


def _monthly(slug: str, metric: str):
    """A channel metric by month; None for a month whose figure was not
    entered (charts leave it out rather than draw a fall to 0)."""

    def series(year: int) -> list[int | None]:
        values = dict(
            MonthlyFigure.objects.filter(channel__slug=slug, metric=metric, year=year).values_list(
                "month", "value"
            )
        )
        return [values.get(m) for m in range(1, 13)]

    return series


def survey_points(year: int) -> int | None:
    """서비스 만족도: the mean of every answer of the year's surveys, in whole points (half-up)."""
    agg = SurveyAnswer.objects.filter(question__survey__year=year).aggregate(
        total=Sum("value"), n=Count("pk")
    )
    if not agg["n"]:
        return None
    return int(mean_score(agg["total"], agg["n"], places=0))


def register_all() -> None:
    labels = {
        "outreach.homepage_visits": ("홍보 · 홈페이지 방문횟수 (월별 실적 합계)", "회"),
        "outreach.blog_views": ("홍보 · 블로그 조회수 (월별 실적 합계)", "회"),
        "outreach.facebook_reach": ("홍보 · 페이스북 도달 (월별 실적 합계)", "명"),
        "outreach.newsletter_sends": ("홍보 · 온라인 뉴스레터 배포 (발송 건수)", "건"),
    }
    for (slug, metric), key in selectors.FIGURE_SOURCES.items():
        label, measure = labels[key]
        register(key, label, measure, batch=figures)(_figure(slug, metric))

    for (slug, metric), key in selectors.FIGURE_SOURCES.items():
        label, measure = labels[key]
        register_series(
            key,
            label.replace(" (월별 실적 합계)", "") + " (월별)",
            "outreach:home",
            unit=measure,
            batch=selectors.monthly_figures,
        )(_monthly(slug, metric))

    register("outreach.printed_copies", "홍보 · 홍보물 제작 부수", "부", batch=figures)(
        lambda year: selectors.copies_total(year, ContentKind.PRINTED)
    )
    register("outreach.annual_report_copies", "홍보 · 연차보고서 발행 부수", "부", batch=figures)(
        lambda year: selectors.copies_total(year, ContentKind.ANNUAL_REPORT)
    )
    register("outreach.videos", "홍보 · 동영상 제작 건수", "건", batch=figures)(
        lambda year: selectors.content_count(year, [ContentKind.VIDEO]) or None
    )
    register(
        "outreach.contents",
        "홍보 · 홍보 콘텐츠 (카드뉴스·유튜브·활동소식·뉴스레터)",
        "건",
        batch=figures,
    )(lambda year: selectors.content_count(year, CONTENT_KINDS) or None)
    register("outreach.reporters", "홍보 · 청년기자단 (그해 기수 인원)", "명", batch=figures)(
        lambda year: selectors.reporters_of_year(year) or None
    )
    register("outreach.satisfaction", "홍보 · 서비스 만족도 조사 (응답 평균)", "점", batch=figures)(
        survey_points
    )
    register("outreach.ica_activists", "ICA · 청년 협동조합 활동가 지원", "명", batch=figures)(
        lambda year: selectors.ica_support(year, IcaSupport.Kind.ACTIVIST) or None
    )
    register("outreach.ica_booths", "ICA · 전시부스 운영 지원 조합", "조합", batch=figures)(
        lambda year: selectors.ica_support(year, IcaSupport.Kind.BOOTH) or None
    )


__all__ = ["Metric", "register_all", "survey_points"]
