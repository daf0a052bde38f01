import pytest

from center.models import Indicator
from core import registry as indicators
from outreach import demo
from outreach.models import ContentItem, ContentKind, MonthlyFigure

pytestmark = pytest.mark.django_db

REPORT = {
    "홈페이지 방문횟수": 98_521,
    "블로그 조회수": 265_003,
    "페이스북 도달": 55_259,
    "홍보물 제작": 1_500,
    "온라인 뉴스레터 배포": 43_065,
    "연차보고서 발행": None,
    "동영상 제작": 1,
    "청년기자단": 7,
    "서비스 만족도 조사": None,
    "ICA 청년협동조합활성화 지원": 30,
    "ICA 전시부스 운영지원": 5,
}


@pytest.fixture
def outreach_demo(demo):
    demo_module = __import__("outreach.demo", fromlist=["load"])
    demo_module.load()
    return demo


def test_computed_actuals_equal_the_report(outreach_demo):
    rows = Indicator.objects.filter(unit__area__fiscal_year__year=2021, name__in=REPORT)
    assert rows.count() == len(REPORT)
    actuals = indicators.actuals(rows, 2021)
    for indicator in rows:
        assert indicator.source.startswith("outreach.")
        assert indicator.entered_actual is None
        assert actuals[indicator.pk] == REPORT[indicator.name], indicator.name


def test_demo_contents_match_the_report(outreach_demo):
    counts = {
        kind: ContentItem.objects.filter(date__year=2021, kind=kind).count()
        for kind in ContentKind.values
    }
    assert counts[ContentKind.CARD_NEWS] == 39
    assert counts[ContentKind.YOUTUBE] == 15
    assert counts[ContentKind.ACTIVITY_NEWS] == 25
    assert counts[ContentKind.NEWSLETTER] == 9
    assert indicators.compute("outreach.contents", 2021) == 88
    # Figures spread over the year, none negative, each month distinct.
    months = set(MonthlyFigure.objects.filter(year=2021).values_list("month", flat=True))
    assert months == set(range(1, 11))


def test_demo_is_idempotent(outreach_demo):
    before = (MonthlyFigure.objects.count(), ContentItem.objects.count())
    demo.load()
    assert (MonthlyFigure.objects.count(), ContentItem.objects.count()) == before
    assert indicators.compute("outreach.homepage_visits", 2021) == 98_521


def test_entering_a_month_moves_the_indicator(outreach_demo, staff_client):
    figure = MonthlyFigure.objects.get(channel__slug="blog", metric="views", month=10)
    data = {f"c{figure.channel_id}_views": str(figure.value + 1000)}
    staff_client.post("/outreach/2021/metrics/10/", data)
    assert indicators.compute("outreach.blog_views", 2021) == 265_003 + 1000


def test_indicator_page_shows_the_computed_figures(outreach_demo, staff_client):
    body = staff_client.get("/center/2021/indicators/").content.decode()
    assert "98,521회" in body and "43,065건" in body and "1,500부" in body


def test_monthly_series_add_up_to_the_indicator(outreach_demo):
    from core.registry import all_series

    series = {s.key: s for s in all_series()}
    visits = series["outreach.homepage_visits"].func(2021)
    # November and December were not entered: no figure, not 0.
    assert len(visits) == 12 and visits[10:] == [None, None] and None not in visits[:10]
    assert sum(visits[:10]) == 98_521
    assert sum(v or 0 for v in series["outreach.newsletter_sends"].func(2021)) == 43_065
