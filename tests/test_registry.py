"""The registry seam: apps declare importers, retention rules, demo loaders and
menu entries in AppConfig.ready(); the navigation is built from the entries."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import registry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

STAFF = [
    ("center:dashboard", "대시보드"),
    ("center:profile", "센터 현황"),
    ("consultations:list", "상담 기록"),
    ("consultations:booking_board", "상담 예약"),
    ("consultations:question_queue", "온라인 상담"),
    ("education:sessions", "교육"),
    ("outreach:home", "홍보"),
    ("activities:events", "행사·발간"),
    ("programs:home", "지원사업 현황"),
    ("programs:review_inbox", "심사"),
]
MANAGER = [
    ("reports:index", "주요업무보고"),
    ("center:years", "회계연도 관리"),
    ("core:access_log", "접근 기록"),
    ("core:users", "계정 관리"),
    ("core:closures", "센터 휴무일"),
    ("core:outbox", "발송 메일"),
]
PUBLIC = [
    ("consultations:booking_calendar", "상담 예약"),
    ("consultations:question_new", "온라인 상담"),
    ("programs:public_calls", "지원사업 공모"),
    ("education:index", "교육 신청"),
    ("outreach:subscribe", "뉴스레터 구독"),
    ("login", "직원 로그인"),
]


def _links(body: str) -> list[tuple[str, str]]:
    nav = body.split('id="main-nav"')[1].split("</nav>")[0]
    # Entries and the entries of drop-downs, in order (a drop-down's own toggle is no link).
    return re.findall(
        r'<a class="(?:nav-link|dropdown-item)(?! dropdown-toggle)[^"]*" href="([^"#]+)"[^>]*>([^<]+)</a>',
        nav,
    )


def _expected(entries):
    return [(reverse(name), label) for name, label in entries]


def _reviewer(django_user_model):
    from programs.roles import REVIEWER

    user = make_user(django_user_model, "outside-reviewer")
    user.groups.add(Group.objects.get_or_create(name=REVIEWER)[0])
    return user


def test_visitors_see_the_public_entries(client):
    assert _links(client.get("/").content.decode()) == _expected(PUBLIC)


def test_staff_see_the_staff_menu_and_no_manager_links(staff_client):
    assert _links(staff_client.get("/dashboard/").content.decode()) == _expected(STAFF)


def test_managers_see_their_links_beside_the_account(manager_client, manager_user):
    links = _links(manager_client.get("/dashboard/").content.decode())
    assert links == [*_expected(STAFF), *_expected(MANAGER), ("/accounts/otp/setup/", "이관리님")]


def test_outside_reviewer_sees_only_the_inbox(client, django_user_model):
    client.force_login(_reviewer(django_user_model))
    assert _links(client.get("/").content.decode()) == _expected(
        [("programs:review_inbox", "심사할 신청")]
    )


def test_a_signed_in_user_without_role_sees_no_entry(client, outsider_user):
    client.force_login(outsider_user)
    body = client.get("/").content.decode()
    assert _links(body) == [] and "로그아웃" in body


def test_the_current_page_is_marked_in_the_menu(staff_client):
    body = staff_client.get(reverse("consultations:booking_board")).content.decode()
    nav = body.split('id="main-nav"')[1].split("</nav>")[0]
    marked = re.findall(
        r'<a class="(?:nav-link|dropdown-item) active" href="([^"]+)" aria-current="page">', nav
    )
    assert marked == [reverse("consultations:booking_board")]  # not 상담 기록 (/consultations/)
    assert nav.count('aria-current="page"') == 1
    # Its drop-down (상담) is shown as the active section, and only it.
    toggles = re.findall(r'dropdown-toggle active"[^>]*>([^<]+)</a>', nav)
    assert toggles == ["상담"]


def _marked(client, url):
    nav = client.get(url).content.decode().split('id="main-nav"')[1].split("</nav>")[0]
    return re.findall(r'href="([^"]+)" aria-current="page"', nav)


def test_a_page_below_an_entry_marks_that_entry(manager_client):
    assert _marked(manager_client, "/center/years/2021/edit/") == [reverse("center:years")]


@pytest.mark.parametrize("page", ["budget", "expenditures", "plan", "indicators"])
def test_a_years_page_marks_its_apps_entry_that_shares_its_path(staff_client, page):
    """Issue 16.4: /center/<year>/… is below no entry's address; it marks the
    center's entry whose address shares most of its path (센터 현황,
    /center/…), not the app's first entry (대시보드, /dashboard/)."""
    assert _marked(staff_client, f"/center/2021/{page}/") == [reverse("center:profile")]


def test_for_a_manager_the_menus_order_settles_a_tie(manager_client):
    # 회계연도 관리 (/center/years/) shares as much of the path as 센터 현황.
    assert _marked(manager_client, "/center/2021/budget/") == [reverse("center:profile")]


def test_the_shared_templates_load_no_app_tags():
    for name in ("base.html", "includes/nav.html"):
        source = (ROOT / "templates" / name).read_text(encoding="utf-8")
        loaded = {lib for tag in re.findall(r"{%\s*load ([^%]+)%}", source) for lib in tag.split()}
        assert loaded <= {"static", "menu", "i18n"}, (name, loaded)


def test_apps_register_their_importers_demo_loaders_and_retention_rules():
    assert {i.name for i in registry.importers()} >= {"consultations", "outreach_metrics"}
    assert [d.app for d in registry.demo_loaders()] == [
        "center",
        "consultations",
        "education",
        "programs",
        "outreach",
        "activities",
        "reports",  # the report's declared tables and 미실시 marks, after every app's records
    ]
    labels = {rule.label for rule in registry.retention_rules()}
    assert {
        "상담 신청인",
        "교육 신청자",
        "지원사업 신청자 연락처",
        "청년기자 이름",
        "위원회 위원 이름",
    } <= labels


def test_every_app_runs_its_own_app_config():
    # Django falls back to a bare AppConfig (no ready(), nothing registered)
    # when an apps.py holds two AppConfig classes, e.g. an imported base.
    from django.apps import apps

    project = ("core", "center", "consultations", "education", "programs", "outreach")
    for label in (*project, "activities", "reports"):
        assert type(apps.get_app_config(label)).__module__ == f"{label}.apps", label


def test_a_menu_entry_with_an_unknown_role_is_refused():
    with pytest.raises(ValueError):
        registry.register_menu("잘못", "home", role="everyone", group="main")
