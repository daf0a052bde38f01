"""Shared fixtures and the service markers.

`postgres`, `redis` and `e2e` tests skip when their service is missing, unless
REQUIRE_SERVICES=1 (set by .ci/run), where a missing service fails the test
instead, so CI can never pass by skipping them.

Parallel runs (`make test` runs pytest-xdist, `-n auto --dist loadgroup`):
each worker has its own test database (pytest-django appends `_gw0`, `_gw1`,
… to its name), its own temporary directories, and its own Redis database:
worker N uses database (D + N) mod 16 of the server in REDIS_URL, whose own
database is D, because tests clear the cache (FLUSHDB). Tests that start
servers take their ports from tests.workers.port().

`--cpu-durations=N` lists the N tests that took the most CPU time (the pytest
process with all its threads, the live server's included, plus the child
processes it reaped): on a shared machine a steadier figure than wall time.
"""

import os
import shutil

import pytest

from core import registry, roles
from tests.factories import make_user


def pytest_addoption(parser):
    parser.addoption(
        "--cpu-durations",
        type=int,
        default=None,
        metavar="N",
        help="show the N tests that used the most CPU time (0 for all)",
    )


def _redis_url_for_worker(url: str, worker: int) -> str:
    """The same server, database (D + worker) mod 16."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + worker) % 16}"))


def _isolate_redis_per_worker(settings, worker: int):
    if not settings.REDIS_URL or worker == 0:
        return
    url = _redis_url_for_worker(settings.REDIS_URL, worker)
    old = settings.REDIS_URL
    settings.REDIS_URL = url
    if settings.CELERY_BROKER_URL == old:
        settings.CELERY_BROKER_URL = url
    if settings.CELERY_RESULT_BACKEND == old:
        settings.CELERY_RESULT_BACKEND = url
    for cache in settings.CACHES.values():
        if cache.get("LOCATION") == old:
            cache["LOCATION"] = url
    os.environ["REDIS_URL"] = url  # for the subprocesses tests start


def pytest_configure(config):
    from django.conf import settings

    from tests import dbcache
    from tests.workers import WORKER

    _isolate_redis_per_worker(settings, WORKER)
    dbcache.install()

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
    # ... and synchronously, not in core.queue's background pool (the
    # `background_tasks` fixture turns the pool on for the tests about it).
    settings.TASKS_IN_THREADS = False
    from portal.celery import app

    app.conf.task_always_eager = True


# CPU time per test (--cpu-durations) ---------------------------------------


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    item._cpu_mark = _cpu_seconds()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Called at the end of each phase (setup, call, teardown): the CPU used
    # since the end of the previous one is this phase's.
    now = _cpu_seconds()
    used = now - getattr(item, "_cpu_mark", now)
    item._cpu_mark = now
    outcome = yield
    outcome.get_result().user_properties.append(("cpu_seconds", used))


_CPU: dict[str, list[float]] = {}


def pytest_runtest_logreport(report):
    for key, value in report.user_properties:
        if key == "cpu_seconds":
            cpu_wall = _CPU.setdefault(report.nodeid, [0.0, 0.0])
            cpu_wall[0] += value
            cpu_wall[1] += report.duration


def pytest_terminal_summary(terminalreporter, config):
    count = config.getoption("--cpu-durations")
    if count is None or not _CPU:
        return
    rows = sorted(_CPU.items(), key=lambda item: item[1][0], reverse=True)
    rows = rows[:count] if count else rows
    terminalreporter.write_sep("=", f"slowest {len(rows)} by CPU time (cpu s / wall s)")
    for nodeid, (cpu, wall) in rows:
        terminalreporter.write_line(f"{cpu:8.2f} {wall:8.2f}  {nodeid}")
    total = sum(cpu for cpu, _ in _CPU.values())
    terminalreporter.write_line(f"{total:8.2f} CPU s in {len(_CPU)} tests")


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads, exports and archives go to a temporary MEDIA_ROOT, never to
    var/media. One per session: the demo's files (loaded once) live there;
    tests about files set their own `settings.MEDIA_ROOT = tmp_path`."""
    from django.test.utils import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


_PDF_BY_HTML: dict[str, bytes] = {}


@pytest.fixture(scope="session", autouse=True)
def _weasyprint_once_per_html():
    """WeasyPrint builds one PDF per distinct finished HTML in a session: many
    tests export the same report (same records, same template), and a build
    costs seconds of CPU. Different HTML is always built afresh."""
    import hashlib

    from reports import pdf

    build = pdf.html_to_pdf

    def html_to_pdf(html: str) -> bytes:
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in _PDF_BY_HTML:
            _PDF_BY_HTML[key] = build(html)
        return _PDF_BY_HTML[key]

    pdf.html_to_pdf = html_to_pdf
    yield
    pdf.html_to_pdf = build


@pytest.fixture
def frozen(monkeypatch):
    """Freeze django.utils.timezone.now at a given (aware) wall-clock time."""

    def freeze(when):
        import datetime as dt

        monkeypatch.setattr("django.utils.timezone.now", lambda: when.astimezone(dt.UTC))
        return when

    return freeze


@pytest.fixture
def eager_celery():
    """Send outbox e-mail in-process even when REDIS_URL names a broker (CI),
    so tests can read django.core.mail.outbox. Autouse in tests/consultations."""
    from portal.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def background_tasks(settings):
    """Tasks run in core.queue's in-process pool, as on a laptop without a
    broker (use with django_db(transaction=True): the pool's threads have their
    own connections). Waits for every job before the test's data is flushed."""
    from core.queue import wait_for_background

    settings.TASKS_IN_THREADS = True
    yield wait_for_background
    assert wait_for_background(timeout=600), "background tasks still running"


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
def _fresh_slot_cache():
    """Each test starts with no cached booking slots: the database rolls back
    between tests, a cache does not (consultations.slots)."""
    from consultations import slots

    slots.new_generation()


@pytest.fixture(autouse=True)
def _require_services(request):
    for marker, (check, reason) in _CHECKS.items():
        if request.node.get_closest_marker(marker) and not check():
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but the service is missing: {reason}")
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _menu_badges_counted_afresh():
    """Menu badges (e.g. 상담 예약's 확인 대기 count) are cached across requests;
    a previous test's rolled-back rows must not show in this test's menu."""
    for entry in registry.menu_entries():
        if entry.badge is not None:
            registry.forget_menu_badge(entry.url_name, entry.group)


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


# The demo, built once per session -------------------------------------------
#
# Loading the demo costs seconds (the full one ~7,300 consultations alone), and
# tens of tests need it. Like Django's TestCase.setUpClass, it is loaded once
# inside a transaction left open on the connection; each test's own
# transaction is a savepoint inside it and rolls back to the loaded demo.
# Two levels: `demo` (the center's own data) is the outer block, `full_demo`
# (everything `load_demo` adds) a savepoint on top. Tests are ordered (see
# pytest_collection_modifyitems) so those without the demo run first, then
# those with `demo`, then those with `full_demo`; the blocks are rolled back
# as soon as the next test needs less, so every other test still starts from
# an empty database. Transactional tests (transaction=True, live_server) flush
# the tables, so they load the demo themselves, as before.
# Either way a load is a copy when it can be: tests/demosnap.py keeps the rows
# a load gave (keyed by the demo's code, the day and the database's content
# before the load) and copies them in (~0.3 s instead of ~5 s of CPU), so
# workers and sessions after the first do not run the loaders again.

DEMO_NONE, DEMO_CENTER, DEMO_FULL = 0, 1, 2


def _is_transactional(item) -> bool:
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _demo_level(item) -> int:
    if _is_transactional(item):
        return DEMO_NONE
    names = getattr(item, "fixturenames", ())
    if "full_demo" in names:
        return DEMO_FULL
    if "demo" in names:
        return DEMO_CENTER
    return DEMO_NONE


def _load_center_demo():
    """`center.demo.loader.load()`, through the snapshot (tests/demosnap.py)."""
    from center.demo import loader
    from tests import demosnap

    demosnap.load("center", loader.load)


def _load_full_demo():
    """`load_demo --no-accounts`, through the snapshot (tests/demosnap.py)."""
    from django.core.management import call_command

    from tests import demosnap

    def load():
        with open(os.devnull, "w") as devnull:
            call_command("load_demo", "--no-accounts", stdout=devnull)

    demosnap.load("full", load)


class _DemoSnapshot:
    """The open blocks holding the demo, one per level reached."""

    def __init__(self):
        self.atomics: list[list] = []  # per level: [(alias, atomic), ...]
        self.blocker = None

    @property
    def level(self) -> int:
        return len(self.atomics)

    def _enter(self):
        from django.db import connections, transaction

        opened = []
        for alias in connections:
            atomic = transaction.atomic(using=alias)
            atomic._from_testcase = True  # what TestCase does: durable blocks still work
            atomic.__enter__()
            opened.append((alias, atomic))
        self.atomics.append(opened)

    def raise_to(self, level: int):
        from django.db import connection

        if self.level >= level:
            return
        if connection.in_atomic_block and not self.atomics:
            raise RuntimeError("the demo snapshot must be opened before the test's transaction")
        with self.blocker.unblock():
            if self.level < DEMO_CENTER:
                self._enter()
                _load_center_demo()
            if level >= DEMO_FULL and self.level < DEMO_FULL:
                self._enter()
                _load_full_demo()

    def lower_to(self, level: int):
        from django.db import transaction

        if self.level <= level:
            return
        with self.blocker.unblock():
            while self.level > level:
                for alias, atomic in reversed(self.atomics.pop()):
                    transaction.set_rollback(True, using=alias)
                    atomic.__exit__(None, None, None)


_SNAPSHOT = _DemoSnapshot()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    _SNAPSHOT.blocker = django_db_blocker
    yield
    _SNAPSHOT.lower_to(DEMO_NONE)  # before the test database is dropped


@pytest.fixture
def _demo_snapshot(request, django_db_setup):
    """Put first in the fixtures of every non-transactional test using the
    demo (pytest_collection_modifyitems), so it runs before `db` opens the
    test's transaction."""
    _SNAPSHOT.raise_to(_demo_level(request.node))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's ordering (db tests, then transactional, then the
    # rest): within the db tests, those without the demo, then `demo`, then
    # `full_demo`. The sort is stable, so the rest keeps its order.
    def group(item):
        names = getattr(item, "fixturenames", ())
        if _is_transactional(item):
            return 1
        if "db" in names or item.get_closest_marker("django_db"):
            return 0
        return 2

    items.sort(key=lambda item: (group(item), _demo_level(item)))
    for item in items:
        if _demo_level(item) != DEMO_NONE:
            names = item.fixturenames
            if names[0] != "_demo_snapshot":
                if "_demo_snapshot" in names:
                    names.remove("_demo_snapshot")
                names.insert(0, "_demo_snapshot")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's own transaction is rolled back by now
    if _SNAPSHOT.blocker is not None:
        _SNAPSHOT.lower_to(_demo_level(nextitem) if nextitem is not None else DEMO_NONE)


@pytest.fixture
def demo(request, db):
    """The center's own 2021 demo data (profile, budget, plan, indicators).

    Fast: no operational records. Tests of an app load that app's demo on top
    (`<app>.demo.load()`), or use `full_demo`. Loaded once per session (see
    above); a transactional test loads it itself."""
    from center.models import FiscalYear

    if _is_transactional(request.node):
        _load_center_demo()
    return FiscalYear.objects.get(year=2021)


@pytest.fixture
def full_demo(request, db):
    """Everything `load_demo` loads: the center and every app's 2021 records.
    Loaded once per session (see above); a transactional test loads it itself."""
    from center.models import FiscalYear

    if _is_transactional(request.node):
        _load_full_demo()
    return FiscalYear.objects.get(year=2021)
