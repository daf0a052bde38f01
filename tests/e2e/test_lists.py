"""Staff lists at an office laptop's width (1366 px): a won figure stays on
one line (2,000,000 never breaks as "2,000,00 / 0"), and the signed-in staff
member's name sits on the menu's line, level with 로그아웃 (issue 16.1, 16.6)."""

import os

import pytest

from core import roles
from tests.e2e.conftest import login
from tests.factories import PASSWORD, make_user
from tests.programs.factories import GrantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("E2E_SCREENSHOTS")


def test_amounts_stay_on_one_line_and_the_name_is_level(page, live_server, django_user_model):
    make_user(django_user_model, "list-staff", roles.STAFF, first_name="김직원")
    grants = [
        GrantFactory(
            amount=24_000_000,
            application__organisation="사회적협동조합 광진사회적경제 네트워크 콘소시엄",
            application__project_name="광진사회적경제 연합회 설립과 공동 판로 개척",
        )
        for _ in range(2)
    ]
    year = grants[0].application.call.fiscal_year.year
    login(page, live_server, "list-staff", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/programs/staff/{year}/grants/")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/grants-1366.png", full_page=True)
    # Each amount cell holds one line of text.
    lines = page.eval_on_selector_all(
        "td.num",
        """cells => cells.map(td => { const r = document.createRange(); r.selectNodeContents(td);
            const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
            return [td.textContent.trim(), tops.size]; })""",
    )
    assert lines and all(count == 1 for _text, count in lines), lines
    # At a phone's width a header keeps its words whole (신청인 is not 신/청/인);
    # the table scrolls sideways in its frame instead.
    page.set_viewport_size({"width": 390, "height": 844})
    heights = page.eval_on_selector_all(
        "table th",
        "ths => ths.map(th => [th.textContent.trim(), th.getBoundingClientRect().height])",
    )
    assert all(height < 60 for _text, height in heights), heights
    page.set_viewport_size({"width": 1366, "height": 900})
    name = page.locator("#main-nav").get_by_text("김직원님").bounding_box()
    logout = page.locator("#main-nav").get_by_role("button", name="로그아웃").bounding_box()
    middle = lambda box: box["y"] + box["height"] / 2  # noqa: E731
    assert abs(middle(name) - middle(logout)) <= 3, (name, logout)
