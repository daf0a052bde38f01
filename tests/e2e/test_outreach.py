import io

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outreach_demo(transactional_db):
    from center.demo import accounts, loader
    from outreach import demo

    accounts.ensure(io.StringIO())
    loader.load()
    demo.load()


def this_year(chart) -> str:
    """The chart's description of the 2021 line: '2021년 1월: 10,498, 2021년 2월: …'."""
    desc = chart.locator("desc").text_content().split(": ", 1)[1]
    return next(part for part in desc.split("; ") if part.startswith("2021년 "))


def test_manager_enters_a_month_on_the_grid_and_the_trend_chart_moves(
    page, live_server, outreach_demo, tmp_path
):
    from outreach.models import Channel

    homepage = Channel.objects.get(slug="homepage")
    login(page, live_server, "manager", "manager-demo-2021")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/outreach/channels/{homepage.pk}/2021/")
    chart = page.locator("figure[data-metric=visits] svg")
    assert "11월" not in this_year(chart)
    assert this_year(chart).count("2021년 ") == 10  # one figure a month entered, none after

    page.goto(f"{live_server.url}/outreach/2021/")
    page.get_by_role("link", name="11월").click()
    page.wait_for_url("**/outreach/2021/metrics/11/")
    page.get_by_label("홈페이지 방문").fill("-5")
    page.get_by_label("블로그 조회").fill("31,200")
    page.get_by_label("뉴스레터 발송").fill("삼천")
    page.get_by_role("button", name="11월 실적 저장").click()
    assert page.locator(f"#id_c{homepage.pk}_visits-error").inner_text() == "0 이상이어야 합니다."
    assert page.get_by_text("정수를 입력하세요.").is_visible()
    assert page.get_by_text("아무것도 저장하지 않았습니다").is_visible()

    page.get_by_label("홈페이지 방문").fill("12000")
    page.get_by_label("뉴스레터 발송").fill("4100")
    page.get_by_role("button", name="11월 실적 저장").click()
    page.wait_for_url("**/outreach/2021/")
    assert page.get_by_text("2021년 11월 실적 3건을 저장했습니다.").is_visible()
    totals = page.get_by_role("table", name="2021년 채널별 지표 합계")
    assert "110,521" in totals.get_by_role("row").filter(has_text="홈페이지").inner_text()

    totals.get_by_role("row").filter(has_text="홈페이지").get_by_role(
        "link", name="추이 보기"
    ).click()
    chart = page.locator("figure[data-metric=visits] svg")
    assert this_year(chart).endswith("2021년 10월: 9,694, 2021년 11월: 12,000")
    assert this_year(chart).count("2021년 ") == 11
    page.screenshot(path=tmp_path / "outreach_e2e_trend.png", full_page=True)
