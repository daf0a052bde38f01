"""A staff member enters three phone calls from the keyboard alone."""

import pytest
from django.contrib.auth import get_user_model

from consultations.models import Category, Client, Consultation
from tests.e2e.conftest import login
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _focused_name(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def _tab_to(page, name: str, limit: int = 30) -> None:
    for _ in range(limit):
        if _focused_name(page) == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name}")


def _save_with_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_three_phone_calls_from_the_keyboard(page, live_server, transactional_db):
    from core import roles

    # transactional tests flush the seeded topics; the form needs a few
    for order, name in enumerate(["협동조합 개념", "설립", "운영"], start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order})
    user = make_user(get_user_model(), "phone-desk", roles.STAFF, first_name="박전화")
    returning = Client.objects.create(name="이순례", phone="010-5555-7777")
    login(page, live_server, "phone-desk", "correct-horse-battery")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/consultations/quick/")

    # Call 1: a new caller with a cooperative.
    assert _focused_name(page) == "client_phone"
    page.keyboard.type("010-3030-4040")
    page.keyboard.press("Tab")
    page.keyboard.type("한결찬")
    page.keyboard.press("Tab")
    page.keyboard.type("한결돌봄협동조합")
    _tab_to(page, "categories")
    page.keyboard.press("Space")
    _tab_to(page, "summary")
    page.keyboard.type("사회적협동조합 설립 절차 문의")
    page.keyboard.press("Tab")
    page.keyboard.type("인가 신청 절차 안내")
    _save_with_enter(page)
    assert "저장했습니다" in page.get_by_role("status").first.inner_text()
    assert _focused_name(page) == "client_phone"  # ready for the next call

    # Call 2: a returning caller found by phone number as it is typed.
    page.keyboard.type("0105555")
    match = page.locator("#client-matches [data-client-id]")
    match.first.wait_for()
    assert "이*례" in match.first.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # choose the client
    assert _focused_name(page) == "categories"
    page.keyboard.press("2")  # 설립 (second topic): its digit ticks it
    page.keyboard.press("Tab")  # the boxes are one Tab stop
    assert _focused_name(page) == "summary"
    page.keyboard.type("총회 의사록 작성 방법")
    _save_with_enter(page)
    assert "이*례" in page.get_by_role("status").first.inner_text()
    assert _focused_name(page) == "client_phone"

    # Call 3: an anonymous caller; Enter on a box ticks it (no save);
    # Shift+Enter makes a new line, Enter saves.
    _tab_to(page, "categories")
    page.keyboard.press("Enter")
    assert page.url.endswith("/consultations/quick/")
    assert page.locator("input[name=categories]:checked").count() == 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # and off again
    assert page.locator("input[name=categories]:checked").count() == 1
    _tab_to(page, "summary", limit=2)  # one Tab from the boxes
    page.keyboard.type("협동조합 개념 문의")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("주식회사와 차이")
    _save_with_enter(page)
    assert "익명" in page.get_by_role("status").first.inner_text()

    calls = Consultation.objects.filter(handled_by=user, channel="phone").order_by("pk")
    assert [c.summary for c in calls] == [
        "사회적협동조합 설립 절차 문의",
        "총회 의사록 작성 방법",
        "협동조합 개념 문의\n주식회사와 차이",
    ]
    assert calls[0].client.name == "한결찬" and calls[0].client.phone == "010-3030-4040"
    assert calls[0].cooperative.name == "한결돌봄협동조합"
    assert calls[1].client == returning
    assert calls[2].client is None
    assert Client.objects.count() == 2

    # They are in the list, masked.
    page.goto(f"{live_server.url}/consultations/?channel=phone")
    table = page.get_by_role("table", name="상담 기록 (이름·전화번호 가림)")
    text = table.inner_text()
    assert "한*찬" in text and "010-3030-****" in text and "이*례" in text and "익명" in text
    assert "한결찬" not in text
    assert "한결돌봄협동조합" in text
