"""Issue 16.1: the staff menu fits on one line of an office laptop (1280,
1366 and 1920 px), grouped into drop-downs, with the current page marked;
on a phone it folds behind ☰ and still works."""

import os

import pytest

from core import roles
from tests.e2e.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: keep the pictures to look at


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "nav-manager", roles.MANAGER, first_name="이관리")


def _resize(page, width):
    page.set_viewport_size({"width": width, "height": 800})


@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_the_staff_menu_fits_on_one_line(page, live_server, manager, width):
    _resize(page, width)
    login(page, live_server, "nav-manager", PASSWORD)
    page.goto(f"{live_server.url}/consultations/")
    nav = page.locator("nav.navbar")
    assert not page.locator(".navbar-toggler").is_visible()
    menu = page.locator("#main-nav")
    assert menu.is_visible()
    # One line: every top-level entry sits on the brand's row, inside the window.
    brand = page.locator(".navbar-brand").bounding_box()
    for box in menu.locator(":scope > ul > li").evaluate_all(
        "items => items.map(li => { const r = li.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, right: r.right}; })"
    ):
        assert box["top"] < brand["y"] + brand["height"], box
        assert box["right"] <= width, box
    assert nav.bounding_box()["height"] < 80
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/nav-{width}.png")
    # The current page's entry is marked, inside its open-able drop-down.
    section = menu.get_by_role("button", name="상담", exact=True)
    assert "active" in section.get_attribute("class")
    section.click()
    current = menu.locator('a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text() == "상담 기록"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/nav-{width}-open.png")
    menu.get_by_role("link", name="상담 예약").click()
    page.wait_for_url("**/consultations/bookings/**")
    assert (
        menu.locator('a[aria-current="page"]')
        .get_attribute("href")
        .startswith("/consultations/bookings")
    )


def test_on_a_phone_the_menu_folds_and_opens(page, live_server, manager):
    _resize(page, 390)
    login(page, live_server, "nav-manager", PASSWORD)
    page.goto(f"{live_server.url}/consultations/")
    menu = page.locator("#main-nav")
    assert not menu.is_visible()
    page.locator(".navbar-toggler").click()
    menu.get_by_role("button", name="관리", exact=True).wait_for()
    menu.get_by_role("button", name="관리", exact=True).click()
    assert menu.get_by_role("link", name="접근 기록").is_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/nav-390-open.png", full_page=True)
