"""A manager invites a staff member, who sets a password from the mail and
logs in; a manager adds a closure day and the booking calendar stops
offering it."""

import re

import pytest
from django.core import mail

from consultations.models import Category
from core import roles
from tests.e2e.conftest import login
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery"),
]
NEW_PASSWORD = "Deoksugung-2021 stone wall"


def _logout(page):
    page.context.clear_cookies()


def test_manager_invites_a_staff_member_who_sets_a_password_and_logs_in(
    page, live_server, manager_user, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    mail.outbox.clear()
    login(page, live_server, manager_user.username, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/"))
    page.goto(f"{live_server.url}/center/users/")
    page.get_by_role("link", name="직원 초대").click()
    page.get_by_label("아이디").fill("park.newstaff")
    page.get_by_label("이름").fill("박새직원")
    page.get_by_label("이메일").fill("park.newstaff@example.org")
    page.get_by_label(roles.STAFF).check()
    page.get_by_role("button", name="저장").click()
    page.wait_for_url(re.compile(r"/center/users/$"))
    assert page.get_by_text("park.newstaff 계정을 만들고 초대 메일을 보냈습니다.").is_visible()
    row = page.get_by_role("row").filter(has_text="park.newstaff")
    assert row.get_by_text("초대 중").is_visible()
    _logout(page)

    (invitation,) = [m for m in mail.outbox if m.to == ["park.newstaff@example.org"]]
    link = re.search(rf"{re.escape(live_server.url)}\S+", invitation.body).group(0)
    page.goto(link)
    page.get_by_label(re.compile(r"새 비밀번호\s*\*?\s*$")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"새 비밀번호 \(확인\)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="비밀번호 저장").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_text("비밀번호를 정했습니다.").is_visible()

    login(page, live_server, "park.newstaff", NEW_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/"))
    assert page.get_by_role("heading", name=re.compile("대시보드")).first.is_visible()

    _logout(page)
    page.goto(link)  # one-time
    assert page.get_by_text("이 주소는 이미 썼거나 기한이 지났습니다.").is_visible()


def test_closure_day_leaves_the_booking_calendar_at_once(page, live_server, manager_user):
    Category.objects.get_or_create(name="설립", defaults={"order": 2})
    page.goto(f"{live_server.url}/booking/")
    first = page.locator("a.booking-slot").first.get_attribute("data-slot")
    day = first[:10]
    assert page.locator(f'a.booking-slot[data-slot^="{day}"]').count() > 0

    login(page, live_server, manager_user.username, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/"))
    page.goto(f"{live_server.url}/center/closures/")
    page.get_by_role("link", name="휴무일 추가").click()
    page.get_by_label("휴무일").fill(day)
    page.get_by_label("사유").fill("센터 워크숍")
    page.get_by_role("button", name="저장").click()
    page.wait_for_url(re.compile(r"/center/closures/$"))
    assert page.get_by_text("센터 워크숍").is_visible()

    page.goto(f"{live_server.url}/booking/")
    page.locator("a.booking-slot").first.wait_for()
    assert page.locator(f'a.booking-slot[data-slot^="{day}"]').count() == 0
