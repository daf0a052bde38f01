"""Shared fixtures and the service markers.

`postgres`, `redis` and `e2e` tests skip when their service is missing, unless
REQUIRE_SERVICES=1 (set by .ci/run), where a missing service fails the test
instead, so CI can never pass by skipping them.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import Group

from core import roles


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing in tests; real validators still run on the forms under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise scans the whole static root on every new test client; the
    # live server serves static files itself, so tests do without it.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Superusers must enrol a second factor before anything else; tests that
    # are not about it log superusers straight in (tests/trust turn it on).
    settings.OTP_REQUIRED_FOR_SUPERUSERS = False
    # django-axes needs the request to count failures: the test client's
    # login() passes one, as axes' documentation advises.
    from django.http import HttpRequest
    from django.test import Client

    _login = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return _login(self, **credentials)

    Client.login = login
    # Tasks run in-process in tests even when REDIS_URL is set (as in CI, where
    # Redis only backs the cache); tests of the broker path switch it off.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from portal.celery import app

    app.conf.task_always_eager = True


REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _postgres_available() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _redis_available() -> bool:
    from django.conf import settings

    if not settings.REDIS_URL:
        return False
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:  # connection refused, DNS, timeout: all mean "not here"
        return False


def _chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))


_CHECKS = {
    "postgres": (_postgres_available, "PostgreSQL가 필요합니다 (DATABASE_URL)"),
    "redis": (_redis_available, "Redis가 필요합니다 (REDIS_URL)"),
    "e2e": (_chromium_available, f"Chromium이 필요합니다 ({CHROMIUM})"),
}


@pytest.fixture(autouse=True)
def _require_services(request):
    for marker, (check, reason) in _CHECKS.items():
        if request.node.get_closest_marker(marker) and not check():
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but the service is missing: {reason}")
            pytest.skip(reason)


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery", **extra
    )
    if group:
        roles.ensure_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db, django_user_model):
    return make_user(django_user_model, "staff-member", roles.STAFF, first_name="김직원")


@pytest.fixture
def manager_user(db, django_user_model):
    return make_user(django_user_model, "center-manager", roles.MANAGER, first_name="이관리")


@pytest.fixture
def outsider_user(db, django_user_model):
    """Logged in, but in no role (e.g. an account not yet assigned)."""
    return make_user(django_user_model, "no-role")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def manager_client(client, manager_user):
    client.force_login(manager_user)
    return client


@pytest.fixture
def demo(db):
    """The center's own 2021 demo data (profile, budget, plan, indicators).

    Fast: no operational records. Tests of an app load that app's demo on top
    (`<app>.demo.load()`), or use `full_demo`."""
    from center.demo import loader

    return loader.load()


@pytest.fixture
def full_demo(db):
    """Everything `load_demo` loads: the center and every app's 2021 records."""
    from django.core.management import call_command

    call_command("load_demo", "--no-accounts", stdout=open(os.devnull, "w"))
    from center.models import FiscalYear

    return FiscalYear.objects.get(year=2021)
