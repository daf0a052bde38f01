"""Login hardening: lockout (django-axes), idle session expiry, and the
second factor (django-otp TOTP)."""

import datetime as dt
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"


def _fail(client, username="staff-member", ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_with_a_korean_page(client, staff_user):
    for _ in range(4):
        response = _fail(client)
        assert response.status_code == 200  # the form again, with its error
        assert "아이디 또는 비밀번호가 올바르지 않습니다" in response.content.decode()
    response = _fail(client)
    assert response.status_code == 429
    assert "로그인이 잠시 잠겼습니다" in response.content.decode()
    # Locked even with the right password now.
    response = client.post(
        LOGIN, {"username": "staff-member", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_ends_after_fifteen_minutes(client, staff_user):
    for _ in range(5):
        _fail(client)
    # Fourteen minutes on, still locked; fifteen minutes on, open again.
    attempts = AccessAttempt.objects.filter(username="staff-member")
    attempts.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    credentials = {"username": "staff-member", "password": PASSWORD}
    assert client.post(LOGIN, credentials, REMOTE_ADDR="10.1.1.1").status_code == 429
    attempts.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=5))
    response = client.post(LOGIN, credentials, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302, response.status_code
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_lock_is_per_account_and_address(client, staff_user, manager_user):
    for _ in range(5):
        _fail(client)
    # The same person from another address, and another account, still log in.
    other = client.post(
        LOGIN, {"username": "center-manager", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert other.status_code == 302


def test_test_client_login_still_works_with_axes(client, staff_user):
    assert client.login(username="staff-member", password=PASSWORD)
    assert client.get("/dashboard/").status_code == 200


# --- idle expiry -------------------------------------------------------------------


def _at(moment):
    """Move the clock Django's session store and cookie use."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_session_expires_after_thirty_idle_minutes(client, staff_user, settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    # Not saved on every request: only when changed, or a minute after the last save.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    start = timezone.now()
    with _at(start):
        assert client.login(username="staff-member", password=PASSWORD)
    # Activity after 29 minutes keeps the session alive and pushes expiry on.
    with _at(start + dt.timedelta(minutes=29)):
        assert client.get("/dashboard/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date >= start + dt.timedelta(minutes=58)
    # 29 + 31 minutes: idle too long.
    with _at(start + dt.timedelta(minutes=60, seconds=5)):
        response = client.get("/dashboard/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- second factor ------------------------------------------------------------------


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _wrong_code(device):
    right = _code(device)
    return next(c for c in ("000000", "111111", "222222") if c != right)


def _superuser(django_user_model):
    user = django_user_model.objects.create_superuser("root", password=PASSWORD)
    roles.ensure_groups()
    return user


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True


def test_superuser_without_device_is_sent_to_enrol_first(client, django_user_model, otp_required):
    _superuser(django_user_model)
    assert client.login(username="root", password=PASSWORD)
    for path in ("/dashboard/", "/admin/", "/center/profile/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/otp/setup/"), path
    page = client.get("/accounts/otp/setup/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "otpauth://totp/" in body and "data:image/svg+xml;base64," in body
    device = TOTPDevice.objects.get(user__username="root", confirmed=False)
    # A wrong code is refused next to the field; the right one enrols and verifies.
    wrong = client.post("/accounts/otp/setup/", {"token": _wrong_code(device)})
    assert "코드가 맞지 않습니다" in wrong.content.decode()
    # django-otp throttles: right after a wrong code even the right one waits.
    assert (
        "코드가 맞지 않습니다"
        in client.post("/accounts/otp/setup/", {"token": _code(device)}).content.decode()
    )
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.post(
        "/accounts/otp/setup/?next=/admin/", {"token": _code(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_enrolled_user_must_enter_a_code_after_the_password(client, manager_user):
    device = TOTPDevice.objects.create(user=manager_user, name="앱", confirmed=True)
    response = client.post(LOGIN, {"username": "center-manager", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/center/2021/budget/")
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/verify/")
    bad = client.post("/accounts/otp/verify/", {"token": "12ab56"})
    assert "숫자만 입력하세요" in bad.content.decode()
    assert client.get("/dashboard/").status_code == 302  # still not through
    ok = client.post("/accounts/otp/verify/", {"token": _code(device), "next": "/dashboard/"})
    assert ok.status_code == 302 and ok.url == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_demo_manager_and_staff_need_no_second_factor(client, staff_user, manager_user):
    for username in ("staff-member", "center-manager"):
        client.post(LOGIN, {"username": username, "password": PASSWORD})
        assert client.get("/dashboard/").status_code == 200
        client.post("/accounts/logout/")


def test_manager_may_enrol_and_remove_but_superuser_may_not_remove(
    client, manager_user, django_user_model, otp_required
):
    client.force_login(manager_user)
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200 and "선택" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager_user)
    client.post("/accounts/otp/setup/", {"token": _code(device)})
    assert TOTPDevice.objects.get(user=manager_user).confirmed
    client.post("/accounts/otp/remove/")
    assert not TOTPDevice.objects.filter(user=manager_user).exists()

    root = _superuser(django_user_model)
    client.force_login(root)
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=root)
    client.post("/accounts/otp/setup/", {"token": _code(device)})
    client.post("/accounts/otp/remove/")
    assert TOTPDevice.objects.filter(user=root, confirmed=True).exists()


def test_staff_cannot_enrol(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/accounts/otp/setup/").status_code == 403
