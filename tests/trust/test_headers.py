"""Security headers on every kind of page, and `check --deploy` with
production-like settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_security_headers(response):
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no other origin
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no third-party origin
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_page_has_security_headers(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    _assert_security_headers(response)


def test_staff_page_has_security_headers_and_no_inline_script(staff_client, demo):
    response = staff_client.get("/center/2021/budget/")
    assert response.status_code == 200
    _assert_security_headers(response)
    body = response.content.decode()
    # Every <script> has a src (the CSP would block an inline one).
    import re

    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag, tag
    assert "style=" not in body
    assert 'name="htmx-config"' in body and '"includeIndicatorStyles":false' in body


def test_error_pages_have_security_headers(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_security_headers(response)


def test_session_and_csrf_cookies_are_httponly(client, staff_user):
    response = client.post(
        "/accounts/login/", {"username": "staff-member", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["max-age"] == 1800


PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECURE_SSL": "True",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portal.seoulcoop.example",
    "DATABASE_URL": "sqlite:////tmp/check-deploy-unused.sqlite3",
}


def test_check_deploy_has_no_warnings_with_production_settings():
    # The e2e conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    drop = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_hsts_and_secure_cookies():
    env = {**os.environ, **PRODUCTION_ENV}
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"], result.stderr
