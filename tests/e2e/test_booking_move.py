"""On a phone and on an office laptop: the calendar is a compact month grid
of bookable days, then the chosen day's times (touch targets ≥ 44 px); a
citizen who lost the link finds the booking with phone + number and moves
it to another free time. Screenshots go to E2E_SCREENSHOTS (default
/tmp/booking-shots) for a person to look at."""

import os
import re
from pathlib import Path

import pytest

from consultations.models import Booking, Category
from tests.e2e.conftest import E2E_TIMEOUT_MS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery"),
]
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/booking-shots"))


@pytest.fixture(params=[(390, 844), (1366, 900)], ids=["phone", "laptop"])
def sized_page(browser, request):
    width, height = request.param
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(E2E_TIMEOUT_MS)
    yield page, width
    context.close()


def test_pick_a_day_then_a_time_then_find_and_move_the_booking(sized_page, live_server):
    page, width = sized_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    Category.objects.get_or_create(name="설립", defaults={"order": 2})
    page.goto(f"{live_server.url}/booking/")
    # A compact page: the month grid and one day's times, not a column of every day.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2200, height
    days = page.locator("a.booking-daylink")
    assert days.count() >= 10
    for box in (days.first.bounding_box(), page.locator("a.booking-slot").first.bounding_box()):
        assert box["height"] >= 44, box
    page.screenshot(path=str(SHOTS / f"calendar-{width}.png"), full_page=True)

    # Choose another day: its times are listed.
    second = days.nth(1)
    second.click()
    page.wait_for_url(re.compile(r"\?day=\d{4}-\d\d-\d\d"))
    day = re.search(r"day=([\d-]+)", page.url).group(1)
    first = page.locator("a.booking-slot").first
    slot_key = first.get_attribute("data-slot")
    assert slot_key.startswith(day)
    first.click()
    page.get_by_label("이름").fill("홍길동")
    page.get_by_label("휴대전화").fill("010-1234-5678")
    page.get_by_label("이메일").fill("hong@example.com")
    page.get_by_label("상담 주제").select_option(label="설립")
    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    page.get_by_role("button", name="예약 신청").click()
    page.wait_for_url(re.compile(r"/booking/[\w-]{30,}/$"))
    assert page.get_by_text("아직 확정 전입니다").is_visible()
    page.screenshot(path=str(SHOTS / f"result-{width}.png"), full_page=True)
    booking = Booking.objects.get()

    # Lost the link: phone + booking number lead back to it.
    page.goto(f"{live_server.url}/booking/find/")
    page.get_by_label("신청할 때 쓴 휴대전화 번호").fill("01012345678")
    page.get_by_label("예약번호").fill(booking.reference)
    page.get_by_role("button", name="예약 찾기").click()
    page.wait_for_url(re.compile(r"/booking/[\w-]{30,}/$"))

    # Move it: pick a day, a time, confirm.
    page.get_by_role("link", name="다른 시간으로 바꾸기").click()
    page.wait_for_url(re.compile(r"/move/"))
    page.locator("a.booking-daylink").nth(2).click()
    page.wait_for_url(re.compile(r"\?day="))
    target = page.locator("a.booking-slot").first
    new_key = target.get_attribute("data-slot")
    target.click()
    page.wait_for_url(re.compile(r"\?slot="))
    page.screenshot(path=str(SHOTS / f"move-{width}.png"), full_page=True)
    page.get_by_role("button", name="이 시간으로 바꾸기").click()
    page.wait_for_url(re.compile(r"/booking/[\w-]{30,}/$"))
    assert page.get_by_text("예약 시간을 바꿨습니다").is_visible()
    booking.refresh_from_db()
    assert booking.slot.key == new_key and booking.slot.key != slot_key
    assert booking.status == Booking.REQUESTED
