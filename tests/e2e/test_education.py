"""Education in a real browser: a citizen signs up and cancels, the person
waiting is promoted and e-mailed; staff tick attendance on a tablet."""

import pytest

from core.mail import OutboxEmail
from education.models import Attendance, Registration
from tests.e2e.conftest import login
from tests.education.factories import PastSessionFactory, RegistrationFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_up(page, live_server, title, name, phone, email, button):
    page.goto(f"{live_server.url}/education/")
    page.get_by_role("article").filter(has_text=title).get_by_role("link", name=button).click()
    page.get_by_label("이름").fill(name)
    page.get_by_label("휴대전화").fill(phone)
    page.get_by_label("이메일").fill(email)
    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    page.get_by_role("button", name=button.removesuffix("하기")).click()
    page.wait_for_url("**/education/r/**")


def test_citizen_cancels_and_the_waiting_person_is_promoted(browser, live_server):
    SessionFactory(capacity=1, course__title="협동조합 회계 특강")
    phone_ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    first = phone_ctx.new_page()
    sign_up(
        first,
        live_server,
        "협동조합 회계 특강",
        "김첫째",
        "010-1111-0001",
        "first@example.com",
        "신청하기",
    )
    assert "신청 완료" in first.locator("#registration-status").inner_text()
    # The page fits a phone: nothing scrolls sideways.
    assert first.evaluate("document.documentElement.scrollWidth") <= 390

    second_ctx = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    second = second_ctx.new_page()
    sign_up(
        second,
        live_server,
        "협동조합 회계 특강",
        "이둘째",
        "010-2222-0002",
        "second@example.com",
        "대기 신청하기",
    )
    assert "대기 1번" in second.locator("#registration-status").inner_text()

    first.on("dialog", lambda dialog: dialog.accept())
    first.get_by_role("button", name="신청 취소").click()
    first.wait_for_load_state()
    assert "취소됨" in first.locator("#registration-status").inner_text()

    second.reload()
    assert "신청 완료" in second.locator("#registration-status").inner_text()
    promoted = Registration.objects.get(email="second@example.com")
    assert promoted.status == "registered" and promoted.promoted_at is not None
    # The promotion e-mail is in the outbox, queued in the promotion's transaction.
    outbox = OutboxEmail.objects.filter(to="second@example.com", subject__contains="대기 확정")
    assert outbox.count() == 1
    email = outbox.get()
    assert promoted.private_url() in email.body
    assert email.attachment_name == "education.ics"
    assert b"BEGIN:VEVENT" in bytes(email.attachment)
    phone_ctx.close()
    second_ctx.close()


def test_staff_checks_attendance_on_a_tablet(browser, live_server, staff_user):
    session = PastSessionFactory(course__title="협동조합 세무교육")
    for name in ["김철수", "박영희", "최민수"]:
        RegistrationFactory(session=session, name=name)
    context = browser.new_context(
        viewport={"width": 768, "height": 1024}, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    page = context.new_page()
    login(page, live_server, "staff-member", "correct-horse-battery")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/education/staff/sessions/{session.pk}/checkin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768

    page.get_by_role("button", name="박영희 출석").click()
    page.get_by_role("button", name="박영희 출석 취소").wait_for()
    assert page.locator("#checkin-present").inner_text() == "1"
    page.get_by_label("이름으로 찾기").fill("최민")
    assert page.get_by_role("button", name="김철수 출석").is_hidden()
    page.get_by_role("button", name="최민수 출석").click()
    page.get_by_role("button", name="최민수 출석 취소").wait_for()
    assert page.locator("#checkin-present").inner_text() == "2"

    page.locator("#id_name").fill("현장참석")
    page.get_by_role("button", name="현장 참석자 추가").click()
    page.get_by_text("현장 참석자 현장참석님을 추가했습니다.").wait_for()
    present = Attendance.objects.filter(session=session)
    assert sorted(a.registration.name for a in present if a.registration) == ["박영희", "최민수"]
    assert present.filter(walk_in_name="현장참석").count() == 1
    context.close()
