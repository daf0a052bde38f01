import datetime as dt
import re

import pytest

from core import charts
from outreach.models import Campaign, ContentItem, IcaSupport, MonthlyFigure, ReporterCohort

from .factories import ContentFactory, FigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outreach_demo(demo):
    from outreach import demo as outreach_demo

    outreach_demo.load()


def test_line_chart_is_inline_svg_with_values_and_gaps():
    svg = charts.compared_lines(
        "홈페이지 방문 <월별>",
        [
            charts.Line("2021년", [100, None, 300] + [None] * 9, charts.PALETTE[2]),
            charts.Line("목표", [50] * 12, charts.PALETTE[4], dashed=True, markers=False),
        ],
        labels=[f"{m}월" for m in range(1, 13)],
        chart_id="visits",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "홈페이지 방문 &lt;월별&gt;" in svg  # escaped
    assert "2021년 1월: 100" in svg and "2021년 3월: 300" in svg
    assert "style=" not in svg and "<script" not in svg
    assert 'stroke-dasharray="6,4"' in svg
    # 1월 and 3월 are not joined across the missing 2월: the 2021년 line draws no segment.
    paths = re.findall(r'aria-roledescription="line mark" d="([^"]+)"', svg)
    assert len(paths) == 2
    assert sum("L" not in d for d in paths) == 1


def test_trend_page_compares_years_and_target_pace(outreach_demo, staff_client):
    homepage = MonthlyFigure.objects.filter(channel__slug="homepage").first().channel
    FigureFactory(channel=homepage, metric="visits", year=2020, month=1, value=7777)
    body = staff_client.get(f"/outreach/channels/{homepage.pk}/2021/").content.decode()
    assert "홈페이지 방문 월별 추이" in body
    assert "연간 목표 65,000" in body
    assert "2020년 1월: 7,777" in body
    assert "목표 달성 페이스" in body
    cumulative = staff_client.get(
        f"/outreach/channels/{homepage.pk}/2021/?mode=cumulative"
    ).content.decode()
    assert "2021년 10월: 98,521" in cumulative


def test_overview_shows_year_totals(outreach_demo, staff_client):
    body = staff_client.get("/outreach/2021/").content.decode()
    assert "98,521" in body and "265,003" in body and "55,259" in body and "43,065" in body
    assert "1,500부" in body


def test_content_list_filters_and_counts(outreach_demo, staff_client):
    body = staff_client.get("/outreach/content/?kind=printed&year=2021").content.decode()
    assert "2021년 센터 지원사업 안내 리플릿" in body
    assert "카드뉴스 1호" not in body
    assert "콘텐츠 목록 (2건)" in body


def test_content_needs_copies_for_print_and_one_author(staff_client, staff_user, outreach_demo):
    reporter = ReporterCohort.objects.get(number=9).members.first()
    response = staff_client.post(
        "/outreach/content/add/",
        {
            "kind": "printed",
            "title": "연차보고서",
            "date": "2021-12-01",
            "author_user": staff_user.pk,
            "author_reporter": reporter.pk,
        },
    )
    body = response.content.decode()
    assert "인쇄물은 제작 부수를 적어 주세요." in body
    assert "작성자는 직원 또는 청년기자 중 하나만 고르세요." in body
    assert not ContentItem.objects.filter(title="연차보고서").exists()
    staff_client.post(
        "/outreach/content/add/",
        {
            "kind": "annual_report",
            "title": "2021 연차보고서",
            "date": "2021-12-01",
            "copies": "300",
        },
    )
    from core import registry as indicators

    assert indicators.compute("outreach.annual_report_copies", 2021) == 300


def test_list_pages_keep_their_query_count(
    staff_client, outreach_demo, django_assert_max_num_queries
):
    pages = [
        "/outreach/2021/",
        "/outreach/content/",
        "/outreach/reporters/",
        "/outreach/campaigns/",
        "/outreach/surveys/",
        "/outreach/channels/",
        "/outreach/2021/metrics/3/",
    ]
    budgets = {}
    for url in pages:
        with django_assert_max_num_queries(40) as ctx:
            assert staff_client.get(url).status_code == 200
        budgets[url] = len(ctx.captured_queries)
    ContentFactory.create_batch(40, date=dt.date(2021, 5, 5))
    IcaSupport.objects.bulk_create(
        IcaSupport(kind="booth", recipient=f"조합{i}", date=dt.date(2021, 11, 1)) for i in range(20)
    )
    Campaign.objects.bulk_create(
        Campaign(name=f"캠페인{i}", start=dt.date(2021, 1, 1), end=dt.date(2021, 2, 1))
        for i in range(10)
    )
    from .factories import QuestionFactory, RecipientFactory, SurveyFactory

    for _ in range(5):
        question = QuestionFactory(survey=SurveyFactory())
        recipient = RecipientFactory(survey=question.survey)
        recipient.answers.create(question=question, value=80)
    cohort = ReporterCohort.objects.create(
        number=10, year=2022, term_start=dt.date(2022, 4, 1), term_end=dt.date(2022, 11, 30)
    )
    cohort.members.create(name="김기자", joined_on=dt.date(2022, 4, 1))
    for url in pages:
        with django_assert_max_num_queries(budgets[url]):
            assert staff_client.get(url).status_code == 200
    assert "80.0점" in staff_client.get("/outreach/surveys/").content.decode()


def test_cohort_page_shows_names_and_logs_the_access(staff_client, outreach_demo):
    from core.privacy import PersonalDataAccess

    cohort = ReporterCohort.objects.get(number=9)
    body = staff_client.get(f"/outreach/reporters/{cohort.pk}/").content.decode()
    assert "김하늘" in body and "기자 명단 (7명)" in body
    assert PersonalDataAccess.objects.filter(object_type="outreach.ReporterCohort").count() == 1


def test_every_staff_page_renders_with_the_demo(staff_client, manager_client, outreach_demo):
    from outreach.models import Campaign, NewsletterIssue, Survey

    issue = NewsletterIssue.objects.create(title="11월호", body="본문")
    cohort = ReporterCohort.objects.get(number=9)
    urls = [
        "/outreach/",
        "/outreach/metrics/import/",
        f"/outreach/campaigns/{Campaign.objects.get().pk}/",
        f"/outreach/campaigns/{Campaign.objects.get().pk}/edit/",
        "/outreach/campaigns/add/",
        "/outreach/ica/add/",
        "/outreach/content/add/",
        f"/outreach/content/{ContentItem.objects.first().pk}/edit/",
        "/outreach/newsletter/issues/add/",
        f"/outreach/newsletter/issues/{issue.pk}/",
        f"/outreach/newsletter/issues/{issue.pk}/edit/",
        f"/outreach/reporters/{cohort.pk}/members/add/",
        f"/outreach/reporters/{cohort.pk}/meetings/add/",
        f"/outreach/surveys/{Survey.objects.get().pk}/",
    ]
    for url in urls:
        response = staff_client.get(url, follow=True)
        assert response.status_code == 200, url
    for url in [
        "/outreach/channels/add/",
        "/outreach/reporters/add/",
        "/outreach/surveys/add/",
        f"/outreach/surveys/{Survey.objects.get().pk}/edit/",
        f"/outreach/surveys/{Survey.objects.get().pk}/recipients/",
    ]:
        assert manager_client.get(url).status_code == 200, url


def test_manager_adds_a_channel_that_appears_on_the_grid(manager_client, outreach_demo):
    response = manager_client.post(
        "/outreach/channels/add/",
        {
            "name": "카카오톡 채널",
            "slug": "kakao",
            "order": "7",
            "metrics": ["followers", "sends"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    body = manager_client.get("/outreach/2021/metrics/5/").content.decode()
    assert "카카오톡 채널" in body


def test_followers_total_is_the_last_month_not_a_sum(staff_client, channels):
    FigureFactory(channel=channels["blog"], metric="followers", year=2021, month=3, value=1200)
    FigureFactory(channel=channels["blog"], metric="followers", year=2021, month=4, value=1250)
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=100)
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=4, value=200)
    from outreach import selectors

    totals = selectors.year_totals(2021)
    assert totals[(channels["blog"].pk, "followers")] == 1250
    assert totals[(channels["blog"].pk, "views")] == 300
    body = staff_client.get("/outreach/2021/").content.decode()
    assert "1,250" in body and "2,450" not in body


def test_outreach_home_opens_the_current_fiscal_year(staff_client, demo):
    response = staff_client.get("/outreach/")
    assert response.url == "/outreach/2021/"
