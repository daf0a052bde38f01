"""Every URL of the project, tried anonymously and as each role."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from tests.urlwalk import project_urls, required_role

# Pages Django itself protects with login_required (any logged-in user).
LOGIN_ONLY = {"password_change"}


def _urls(*roles):
    urls = list(project_urls())
    if roles:
        urls = [u for u in urls if required_role(u[2]) in roles]
    return urls


def _ids(value):
    return value if isinstance(value, str) and not value.startswith("/") else ""


def test_every_view_declares_who_may_use_it(db):
    undeclared = [
        name for name, _url, cb in _urls() if required_role(cb) is None and name not in LOGIN_ONLY
    ]
    assert undeclared == [], "mark views @public or give them a role requirement"


@pytest.mark.parametrize("name,url,callback", _urls("staff", "manager", None), ids=_ids)
def test_anonymous_visitor_is_sent_to_login(client, db, name, url, callback):
    response = client.get(url)
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("name,url,callback", _urls("manager"), ids=_ids)
def test_staff_gets_403_on_manager_pages(client, staff_user, name, url, callback):
    client.force_login(staff_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("name,url,callback", _urls("staff", "manager"), ids=_ids)
def test_user_without_role_gets_403_on_staff_pages(client, outsider_user, name, url, callback):
    client.force_login(outsider_user)
    assert client.get(url).status_code == 403


def test_staff_reach_staff_pages_with_demo(staff_client, demo):
    for url in [
        "/dashboard/",
        "/center/profile/",
        "/center/2021/budget/",
        "/center/2021/expenditures/",
        "/center/2021/plan/",
        "/center/2021/indicators/",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_admin_is_for_superusers_only(client, manager_user, django_user_model):
    client.force_login(manager_user)
    assert client.get("/admin/").status_code == 302  # sent to the admin login
    root = django_user_model.objects.create_superuser("root", password="very-long-password-1")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


def test_manager_sees_edit_links_staff_does_not(client, staff_user, manager_user, demo):
    client.force_login(staff_user)
    body = client.get("/center/2021/budget/").content.decode()
    assert "집행 내역 등록" not in body
    client.force_login(manager_user)
    body = client.get("/center/2021/budget/").content.decode()
    assert "집행 내역 등록" in body
