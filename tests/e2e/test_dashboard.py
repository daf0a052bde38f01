import pytest

from tests.e2e.conftest import login

# The demo loaders re-create the rows data migrations seed, so these tests run
# after transactional tests that flushed the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_manager_logs_in_and_sees_the_dashboard(page, live_server, demo_with_accounts):
    login(page, live_server, "manager", "manager-demo-2021")
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="2021년 대시보드").is_visible()
    budget = page.get_by_role("table", name="예산집행 현황 (단위: 천원)")
    total = budget.get_by_role("row").filter(has_text="민간위탁금 합계")
    assert "1,110,500" in total.inner_text() and "59.50" in total.inner_text()
    indicators = page.get_by_role("table", name="성과지표 진행 현황")
    assert "7,044건" in indicators.get_by_role("row").filter(has_text="전화상담").inner_text()
    # The Korean web font is self-hosted and actually used.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans KR" in family
    assert page.evaluate("document.fonts.check('16px \"Noto Sans KR\"', '협동조합')")


def test_manager_records_an_expenditure_and_the_rate_moves(page, live_server, demo_with_accounts):
    login(page, live_server, "manager", "manager-demo-2021")
    page.goto(f"{live_server.url}/center/2021/budget/")
    page.get_by_role("row").filter(has_text="서비스만족도조사").get_by_role(
        "link", name="집행 등록"
    ).click()
    page.get_by_label("집행일").fill("2021-11-15")
    page.get_by_label("금액(원)").fill("-10")
    page.get_by_label("지급처").fill("조사업체")
    page.get_by_role("button", name="저장").click()
    assert page.locator(".invalid-feedback").first.is_visible()
    page.get_by_label("금액(원)").fill("2500000")
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/expenditures/")
    page.goto(f"{live_server.url}/center/2021/budget/")
    row = page.get_by_role("row").filter(has_text="서비스만족도조사")
    assert "2,500" in row.inner_text() and "50.00" in row.inner_text()
