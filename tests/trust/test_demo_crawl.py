"""Every page renders for every state the demo's records are in.

The full 2021 demo (`load_demo`) is loaded once per session, inside a
transaction rolled back at the end (tests/conftest.py, as Django's
TestCase.setUpClass does), so the other tests never see it. Then the site is crawled as staff and as
manager: every page without arguments and every per-year page (2021) is a
start, and every link on every page is followed, up to PER_PATTERN distinct
URLs per URL pattern — so each list's detail pages are visited with real
records (the 2021 스케일업 call, whose selected applications have no Grant,
among them). The property: no 5xx anywhere.
"""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from core import roles
from tests.urlwalk import iter_patterns

PER_PATTERN = 6
# Files, not pages (each builds an xlsx/pdf/ics): their own tests cover them.
FILE_MARKS = (".xlsx", ".ics", ".pdf", ".hwpx", "/download/", "/receipt/", "/file/", "/files/")
# healthz answers 503 while no worker runs (its job, tests/ops/test_health.py): not a page.
SKIP_NAMES = {"logout", "otp_remove", "login", "healthz", "healthz_live"}


@pytest.fixture
def demo_users(full_demo):
    """The full demo (built once per session, tests/conftest.py) plus a staff
    member and a manager."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    roles.ensure_groups()
    staff = User.objects.create_user("crawl-staff", password="x-very-long-1")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    manager = User.objects.create_user("crawl-manager", password="x-very-long-1")
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    return {"staff": staff, "manager": manager}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _start_urls() -> list[str]:
    urls = []
    for name, _callback, converters in iter_patterns():
        if name.startswith("admin:") or set(converters) - {"year"}:
            continue
        if name.split(":")[-1] in SKIP_NAMES:
            continue
        try:
            urls.append(reverse(name, kwargs={"year": 2021} if converters else None))
        except NoReverseMatch:
            continue
    return urls


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIP_NAMES or (match.view_name or "").startswith("admin:"):
        return None
    return match.view_name


def crawl(client) -> tuple[list[str], Counter]:
    """(failures, pages visited per view name)."""
    queue = list(dict.fromkeys(_start_urls()))
    seen, per_view, failures = set(), Counter(), []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        name = _view_name(path)
        if name is None or per_view[name] >= PER_PATTERN:
            continue
        if any(mark in path for mark in FILE_MARKS):
            continue
        per_view[name] += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url} ({name}) → {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Links()
        page.feed(response.content.decode(errors="replace"))
        for href in page.links:
            parts = urlsplit(urljoin(url, href))
            if parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return failures, per_view


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "manager"])
def test_every_page_of_the_full_demo_renders(demo_users, role):
    client = Client(raise_request_exception=False)
    client.force_login(demo_users[role])
    failures, per_view = crawl(client)
    assert failures == [], "\n".join(failures)
    # The crawl reached the detail pages, not only the lists.
    for name in (
        "programs:ranking",
        "programs:call_staff",
        "programs:application",
        "consultations:detail",
        "education:session",
    ):
        assert per_view[name] > 0, f"the crawl never reached {name}"
    assert sum(per_view.values()) > 100


@pytest.mark.django_db
def test_ranking_of_a_call_whose_selected_applications_have_no_grant(demo_users):
    from programs.models import Application, Call
    from tests.programs.factories import ApplicationFactory

    # The demo's scale-up projects have their grants; one selected without
    # a grant recorded yet is added here.
    call = Call.objects.get(title__contains="스케일업")
    ApplicationFactory(call=call, status=Application.SELECTED, organisation="지원금 기다리는 팀")
    client = Client()
    client.force_login(demo_users["manager"])
    response = client.get(f"/programs/staff/calls/{call.pk}/ranking/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "지원금 기다리는 팀" in body and "목화송이 협동조합" in body
    assert "지원금 미등록" in body
