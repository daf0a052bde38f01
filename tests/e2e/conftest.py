"""Playwright driving Debian's Chromium against pytest-django's live server."""

import os

import pytest

from tests.conftest import CHROMIUM, _chromium_available

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A bound, not an expectation: a passing step never waits for it, and a busy
# 2-core machine can take tens of seconds to render a demo page or build the
# eager PDF. Tests wait on the state they need (a URL, a selector), never for
# a fixed time.
E2E_TIMEOUT_MS = 180_000


@pytest.fixture(scope="session")
def browser():
    if not _chromium_available():
        pytest.skip("Chromium이 없습니다")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # The staff's office laptops (the menu fits on one line from 992 px).
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(E2E_TIMEOUT_MS)
    yield page
    context.close()


def assert_error_shown(page, message, beside):
    """A refused form names each error twice: as a link in the error summary at the top,
    and beside its field (`beside` is the locator of the field's own message area)."""
    assert page.get_by_role("link", name=message).is_visible()
    assert beside.get_by_text(message).is_visible()


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


def load_demo_with_accounts():
    """`load_demo` with the demo accounts, copied in when it can be (tests/demosnap.py)."""
    import io

    from django.core.management import call_command

    from tests import demosnap

    demosnap.load("full-accounts", lambda: call_command("load_demo", stdout=io.StringIO()))


@pytest.fixture
def demo_with_accounts(transactional_db):
    """The full demo and its accounts (e2e tests are transactional: each loads it)."""
    load_demo_with_accounts()
