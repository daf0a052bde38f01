"""The phone desk and the booking queue in a browser, at a phone's width (390 px)
and an office laptop's (1366 px): digits tick categories, the desk's counts,
the 확인 대기 queue with the menu's count, the day's end in one step.
Screenshots go to var/screenshots/ for a person to look at."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from consultations.models import Booking, Category, Consultation, Slot
from tests.e2e.conftest import E2E_TIMEOUT_MS, login
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NAMES = [
    "협동조합 개념",
    "설립",
    "운영",
    "세무회계",
    "노무",
    "법률",
    "사업계획",
    "자금",
    "판로",
    "기타",
]


@pytest.fixture
def desk(browser, live_server, request):
    from core import roles

    cache.clear()
    for order, name in enumerate(NAMES, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order})
    make_user(get_user_model(), "desk-staff", roles.STAFF, first_name="박전화")
    width = request.param
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(E2E_TIMEOUT_MS)
    login(page, live_server, "desk-staff", "correct-horse-battery")
    page.wait_for_url("**/dashboard/")
    yield page, width
    context.close()


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("desk", [390, 1366], indirect=True)
def test_phone_desk_digits_tick_categories(desk, live_server):
    page, width = desk
    page.goto(f"{live_server.url}/consultations/quick/")
    page.keyboard.type("010-3030-4040")
    page.keyboard.press("Tab")
    page.keyboard.type("한결찬")
    page.keyboard.press("Tab")
    page.keyboard.type("한결돌봄협동조합")
    page.keyboard.press("Tab")  # into the category boxes: one stop
    assert page.evaluate("document.activeElement.name") == "categories"
    page.keyboard.press("2")
    page.keyboard.press("0")  # the tenth
    checked = page.locator("input[name=categories]:checked")
    assert checked.count() == 2
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "summary"
    page.keyboard.type("설립 절차 문의")
    _shot(page, f"desk-phone-{width}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    saved = Consultation.objects.get()
    shown = list(Category.objects.filter(active=True).order_by("order", "pk"))
    assert set(saved.categories.all()) == {shown[1], shown[9]}  # keys 2 and 0
    counts = page.locator("[data-today-count]")
    assert counts.inner_text() == "1건"
    # The side panel fits: no sideways scrolling at either width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("desk", [390, 1366], indirect=True)
def test_booking_queue_and_days_end(desk, live_server):
    page, width = desk
    topic = Category.objects.get(name="설립")
    today = timezone.localdate()
    # A request three weeks out, and two of today that already took place.
    far = Slot.objects.create(date=today + dt.timedelta(days=21), time=dt.time(14), kind="visit")
    done = [Slot.objects.create(date=today, time=dt.time(0, 5 + i), kind="visit") for i in range(2)]
    made = []
    for i, slot in enumerate([far, *done]):
        made.append(
            Booking.objects.create(
                slot=slot,
                name=["홍길동", "김영희", "이철수"][i],
                phone=f"010-1234-56{i}0",
                email=f"p{i}@example.com",
                topic=topic,
                consent_version="t",
                consent_at=timezone.now(),
            )
        )
    cache.clear()
    page.goto(f"{live_server.url}/consultations/bookings/queue/")
    toggle = page.get_by_role("button", name="메뉴 열기")
    if toggle.is_visible():
        toggle.click()
    # The closed 상담 drop-down already shows the count; inside, 상담 예약 has it.
    section = page.locator("#main-nav .dropdown-toggle", has_text="상담").first
    _shot(page, f"booking-queue-menu-{width}")
    assert section.locator(".badge").text_content() == "3건 확인 대기"
    section.click()
    entry = page.locator("#main-nav .dropdown-item", has_text="상담 예약")
    entry.wait_for()
    assert entry.locator(".badge").text_content() == "3건 확인 대기"
    rows = page.get_by_role("table", name="확인 대기 중인 상담 예약 (이름·전화번호 가림)")
    text = rows.inner_text()
    assert "홍*동" in text and "홍길동" not in text
    assert text.index("김*희") < text.index("홍*동")  # today's first, three weeks out last
    _shot(page, f"booking-queue-{width}")
    page.goto(f"{live_server.url}/consultations/bookings/close/")
    boxes = page.locator("input[name=attended]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    _shot(page, f"booking-close-{width}")
    with page.expect_navigation():
        page.get_by_role("button", name="고른 예약을 상담 기록으로 전환").click()
    assert "2건을 상담 기록으로 전환했습니다" in page.get_by_role("status").first.inner_text()
    assert Consultation.objects.filter(channel="visit").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
