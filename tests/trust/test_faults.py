"""Faults survived: broker down, database errors, a dead database connection,
and a worker killed in the middle of a task."""

import time

import pytest
from django.core import mail
from django.db import transaction

from center.models import HistoryEntry
from core import tasks
from core.mail import OutboxEmail, queue_email

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_broker(settings):
    """Celery as in production (not eager), with the broker unreachable."""
    from portal.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_BROKER
    app.conf.update(task_always_eager=False, broker_url=DEAD_BROKER)
    # Drop the app's handle only: kombu keeps pools in a process-wide registry
    # keyed by broker URL, so closing this one would break every later test.
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.update(**saved)
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_the_record_and_its_email_are_kept_and_sent_later(
    db, dead_broker, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            entry = HistoryEntry.objects.create(date="2021-11-04", text="상담 예약 접수")
            queue_email(to="citizen@example.com", subject="예약 확인", body="접수했습니다.")
    assert len(callbacks) == 1  # the send was attempted after commit…
    assert time.monotonic() - started < 15  # …and gave up quickly, without an error
    assert "broker unavailable" in caplog.text
    assert HistoryEntry.objects.filter(pk=entry.pk).exists()  # the record is committed
    email = OutboxEmail.objects.get()
    assert email.sent_at is None and mail.outbox == []  # the e-mail waits

    # The broker is back: the beat job sends what waited, once.
    dead_broker.conf.task_always_eager = True
    assert tasks.flush_outbox() == 1
    email.refresh_from_db()
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["예약 확인"]
    assert tasks.flush_outbox() == 0
    assert len(mail.outbox) == 1


# --- database errors ----------------------------------------------------------------


@pytest.mark.urls("tests.trust.urls")
def test_database_error_in_a_view_gives_a_korean_503(client, db):
    response = client.get("/trust-test/db-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "잠시 서비스를 이용할 수 없습니다" in body and '<html lang="ko">' in body


def test_database_error_outside_the_view_gives_503_too(client, db, monkeypatch, settings):
    """An error in a middleware (here: loading the session) reaches
    handler500, which also answers 503 for database errors."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import InterfaceError

    def broken(self, *args, **kwargs):
        raise InterfaceError("connection already closed")

    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert "잠시 서비스를 이용할 수 없습니다" in response.content.decode()


def test_other_errors_still_give_the_500_page(client, db, monkeypatch):
    from center.models import Organisation

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    client.raise_request_exception = False
    monkeypatch.setattr(Organisation, "current", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다" in response.content.decode()


def test_connection_health_checks_are_on(settings):
    from django.db import connections

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"] is True


# --- a dead database connection ------------------------------------------------------


def _wsgi_get(handler, path):
    from django.test import RequestFactory

    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses = []
    body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0]), body


def _terminate(connection):
    import psycopg2

    pid = connection.connection.info.backend_pid
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    return pid


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_restart_fails_cleanly_and_recovers_without_restarting_the_web_process(settings):
    """A persistent connection killed by the server (as in a database restart):
    with CONN_HEALTH_CHECKS the next request reconnects; without, that request
    gets the Korean 503 and the one after it recovers."""
    # /healthz is the probe: only the database matters here, not a worker.
    settings.CELERY_BROKER_URL = ""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    handler = WSGIHandler()  # the real handler: request_started runs the health check
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        assert _wsgi_get(handler, "/healthz")[0] == 200
        old_pid = _terminate(connection)
        status, _body = _wsgi_get(handler, "/healthz")
        assert status == 200
        assert connection.connection.info.backend_pid != old_pid

        connection.settings_dict["CONN_HEALTH_CHECKS"] = False
        connection.close()  # read at connect time
        _wsgi_get(handler, "/healthz")
        assert connection.health_check_enabled is False
        _terminate(connection)
        status, body = _wsgi_get(handler, "/")
        assert status == 503
        assert "잠시 서비스를 이용할 수 없습니다" in body.decode()
        assert _wsgi_get(handler, "/")[0] == 200  # recovered, same process
    finally:
        connection.settings_dict.update(saved)
        connection.close()


# --- a worker killed mid-task ------------------------------------------------------------


def _database_url(settings_dict):
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def _start_worker(env, log):
    import subprocess
    import sys
    from pathlib import Path

    base = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "-Q",
            "trust-kill-test",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_the_task_is_redone_once(settings, tmp_path):
    """acks_late: the task of a worker killed while sending stays
    unacknowledged in Redis and the next worker runs it; the outbox row's lock
    and `sent_at` make the retry send exactly one e-mail."""
    import os
    import signal

    from django.db import connection

    from portal.celery import app

    email = OutboxEmail.objects.create(to="citizen@example.com", subject="예약 확인", body="본문")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.trust.worker_settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "REDIS_URL": settings.REDIS_URL,
        "TRUST_MAIL_DIR": str(mail_dir),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    app._pool = None
    app.amqp._producer_pool = None
    workers = []
    log = open(tmp_path / "worker.log", "w")
    import redis

    broker = redis.Redis.from_url(settings.REDIS_URL)
    # A worker killed elsewhere (another test) may have left kombu's restore
    # lock behind for minutes; no worker runs now, so it is safe to drop.
    broker.delete("unacked_mutex")
    try:
        tasks.send_outbox_email.apply_async(args=[email.pk], queue="trust-kill-test")
        first = _start_worker(env, log)
        workers.append(first)
        assert _wait((mail_dir / "stalled").exists, 60), (tmp_path / "worker.log").read_text()
        os.kill(first.pid, signal.SIGKILL)  # mid-task, holding the row lock
        first.wait(10)
        email.refresh_from_db()
        assert email.sent_at is None and email.attempts == 0  # rolled back with the worker
        # kombu scans for unacknowledged messages when a worker starts and then
        # only every ~100 s: let the visibility timeout (3 s) pass first.
        time.sleep(4.5)
        second = _start_worker(env, log)
        workers.append(second)

        def sent():
            email.refresh_from_db()
            return email.sent_at is not None

        assert _wait(sent, 90), (tmp_path / "worker.log").read_text()
        time.sleep(1)
        assert len(list(mail_dir.glob("*.eml"))) == 1
        assert email.attempts == 1
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(15)
                except Exception:
                    worker.kill()
        log.close()
        app.conf.update(**saved)
        app._pool = None
        app.amqp._producer_pool = None


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_newsletter_the_sweeper_sends_the_rest_once(
    settings, tmp_path, monkeypatch
):
    """A real worker killed while sending a newsletter leaves that delivery
    'sending'; the redelivered batch sends the others; the sweeper (past the
    stale bound) puts the stuck one back and it is sent once. The 발송 figure
    equals the mails written equals the subscribers."""
    import os
    import signal

    from django.db import connection
    from django.utils import timezone

    from outreach import services as outreach_services
    from outreach import tasks as outreach_tasks
    from outreach.demo import _channels
    from outreach.models import Delivery, MonthlyFigure, NewsletterIssue
    from portal.celery import app
    from tests.outreach.factories import IssueFactory, SubscriberFactory

    _channels()
    subscribers = SubscriberFactory.create_batch(4)
    issue = IssueFactory()
    [batch] = outreach_services.start_sending(issue=issue, base_url="http://testserver")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.trust.worker_settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "REDIS_URL": settings.REDIS_URL,
        "TRUST_MAIL_DIR": str(mail_dir),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    app._pool = None
    app.amqp._producer_pool = None
    # What the sweeper queues goes to this test's workers.
    real_enqueue = outreach_tasks.enqueue
    monkeypatch.setattr(
        outreach_tasks,
        "enqueue",
        lambda task, *args: real_enqueue(task, *args, queue="trust-kill-test"),
    )
    workers = []
    log = open(tmp_path / "worker.log", "w")
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete("unacked_mutex")
    try:
        outreach_tasks.send_newsletter_batch.apply_async(
            args=[issue.pk, batch], queue="trust-kill-test"
        )
        first = _start_worker(env, log)
        workers.append(first)
        assert _wait((mail_dir / "stalled").exists, 60), (tmp_path / "worker.log").read_text()
        os.kill(first.pid, signal.SIGKILL)  # mid-send of the first delivery
        first.wait(10)
        time.sleep(4.5)  # past the test workers' visibility timeout (3 s)
        second = _start_worker(env, log)
        workers.append(second)

        def status_count(status):
            return Delivery.objects.filter(issue=issue, status=status).count()

        # The redelivered batch sends the other three and skips the claimed one.
        assert _wait(lambda: status_count(Delivery.Status.SENT) == 3, 90), (
            tmp_path / "worker.log"
        ).read_text()
        assert status_count(Delivery.Status.SENDING) == 1
        issue.refresh_from_db()
        assert issue.status == NewsletterIssue.Status.SENDING

        settings.NEWSLETTER_STALE_AFTER = 1
        time.sleep(1.5)
        assert outreach_tasks.sweep_newsletter_deliveries() == 1
        assert _wait(lambda: status_count(Delivery.Status.SENT) == 4, 90), (
            tmp_path / "worker.log"
        ).read_text()
        assert _wait(
            lambda: NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT,
            30,
        )
        outreach_tasks.sweep_newsletter_deliveries()  # nothing left: sends nothing more
        time.sleep(1)
        written = len(list(mail_dir.glob("*.eml")))
        today = timezone.localdate()
        figure = MonthlyFigure.objects.get(
            channel__slug="newsletter", metric="sends", year=today.year, month=today.month
        )
        assert figure.value == written == len(subscribers)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(15)
                except Exception:
                    worker.kill()
        log.close()
        app.conf.update(**saved)
        app._pool = None
        app.amqp._producer_pool = None
