"""A citizen books a visit on a phone-sized screen and cancels it through the
private link; the freed slot is offered again."""

import re

import pytest
from django.core import mail

from consultations.models import Booking, Category
from tests.e2e.conftest import E2E_TIMEOUT_MS, assert_error_shown

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery"),
]


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(E2E_TIMEOUT_MS)
    yield page
    context.close()


def test_citizen_books_a_visit_and_cancels_it(phone_page, live_server):
    # Transactional tests start from an emptied database: seed the topic.
    Category.objects.get_or_create(name="설립", defaults={"order": 2})
    page = phone_page
    page.goto(f"{live_server.url}/booking/")
    first = page.locator("a.booking-slot").first
    slot_key = first.get_attribute("data-slot")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d-(visit|video)", slot_key)
    first.click()
    page.wait_for_url(re.compile(r"/booking/new/\?slot="))
    assert page.get_by_label("상담 시간").input_value() == slot_key

    # Forgetting the consent keeps everything typed and says why, beside the box.
    page.get_by_label("이름").fill("홍길동")
    page.get_by_label("휴대전화").fill("010-1234-5678")
    page.get_by_label("이메일").fill("hong@example.com")
    page.get_by_label("상담 주제").select_option(label="설립")
    page.get_by_role("button", name="예약 신청").click()
    assert_error_shown(
        page,
        "개인정보 수집·이용에 동의해야 신청할 수 있습니다.",
        beside=page.get_by_role("group", name="개인정보 수집·이용 동의"),
    )
    assert page.get_by_label("이름").input_value() == "홍길동"
    assert Booking.objects.count() == 0

    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    page.get_by_role("button", name="예약 신청").click()
    page.wait_for_url(re.compile(r"/booking/[\w-]{30,}/$"))
    booking = Booking.objects.get()
    assert page.get_by_text("예약 신청을 받았습니다").is_visible()
    assert page.get_by_text(booking.reference).is_visible()
    assert booking.slot.key == slot_key and booking.status == "requested"
    assert any(booking.token in m.body for m in mail.outbox)

    # The calendar shows the slot as taken now (on that day's list of times).
    day = slot_key.split("T")[0]
    page.goto(f"{live_server.url}/booking/?day={day}")
    assert page.locator(f'a[data-slot="{slot_key}"]').count() == 0
    assert page.locator(f'span[data-slot="{slot_key}"]').is_visible()

    # Cancel through the private link (the browser asks first).
    page.goto(f"{live_server.url}{booking.get_public_url()}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="예약 취소").click()
    page.wait_for_load_state()
    assert page.get_by_text("예약을 취소했습니다").is_visible()
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert page.get_by_role("button", name="예약 취소").count() == 0

    page.goto(f"{live_server.url}/booking/?day={day}")
    assert page.locator(f'a[data-slot="{slot_key}"]').is_visible()
