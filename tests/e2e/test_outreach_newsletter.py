import io
import re

import pytest
from django.core import mail

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(transactional_db):
    from center.demo import accounts, loader
    from outreach import demo
    from portal.celery import app

    accounts.ensure(io.StringIO())
    loader.load()
    demo.load()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the live server sends in-process
    yield
    app.conf.task_always_eager = saved


def test_visitor_subscribes_confirms_receives_and_unsubscribes(
    browser, page, live_server, setup, settings
):
    # Mail links come from PUBLIC_BASE_URL: here, the live server.
    settings.PUBLIC_BASE_URL = live_server.url
    from outreach.models import NewsletterIssue, Subscriber

    page.goto(f"{live_server.url}/newsletter/subscribe/")
    page.get_by_label("이메일").fill("reader@example.org")
    page.get_by_role("button", name="구독 신청").click()
    assert (
        page.locator(".invalid-feedback")
        .filter(has_text="개인정보 수집·이용에 동의해야 신청할 수 있습니다.")
        .is_visible()
    )
    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    page.get_by_role("button", name="구독 신청").click()
    assert page.get_by_role("heading", name="확인 메일을 보냈습니다").is_visible()
    assert Subscriber.objects.get().status == "pending"

    confirm = re.search(r"https?://\S+/newsletter/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="구독 확인").click()
    assert page.get_by_role("heading", name="구독을 확인했습니다").is_visible()

    staff = browser.new_context(locale="ko-KR").new_page()
    staff.on("dialog", lambda dialog: dialog.accept())
    login(staff, live_server, "manager", "manager-demo-2021")
    staff.wait_for_url("**/dashboard/")
    staff.goto(f"{live_server.url}/outreach/newsletter/issues/add/")
    staff.get_by_label("제목").fill("2021년 11월호")
    staff.get_by_label("본문").fill("세계협동조합대회 소식을 전합니다.")
    staff.get_by_role("button", name="저장").click()
    staff.get_by_role("button", name="구독자 1명에게 발송").click()
    assert staff.get_by_text("구독 확인된 1명에게 발송을 시작했습니다.").is_visible()
    assert NewsletterIssue.objects.get().status == "sent"
    message = mail.outbox[-1]
    assert message.to == ["reader@example.org"] and "세계협동조합대회" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")

    page.goto(unsubscribe)
    page.get_by_role("button", name="구독 해지").click()
    assert page.get_by_role("heading", name="구독을 해지했습니다").is_visible()
    assert Subscriber.objects.get().status == "unsubscribed"
