"""/healthz names what is broken (503), /healthz/live touches nothing,
/metrics is Prometheus text behind a token or an address list."""

import datetime as dt

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.models import OUTBOX_MAX_ATTEMPTS, OutboxEmail


@pytest.fixture(autouse=True)
def embedded(settings):
    """No broker unless a test sets one (CI's REDIS_URL would otherwise make
    the broker, and so a live worker and beat, part of every check)."""
    settings.CELERY_BROKER_URL = ""


@pytest.fixture
def roomy_disk(settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 1


@pytest.fixture
def with_broker(settings, monkeypatch, roomy_disk):
    """A broker that connects (kombu's in-memory transport) and a worker
    that answers the ping; tests take either away."""
    settings.CELERY_BROKER_URL = "memory://"
    monkeypatch.setattr(
        "core.health.ping_workers", lambda timeout: [{"celery@worker-1": {"ok": "pong"}}]
    )


def _beat_ran(minutes_ago: float) -> None:
    every, _ = IntervalSchedule.objects.get_or_create(every=60, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="flush-outbox",
        defaults={
            "task": "core.tasks.flush_outbox",
            "interval": every,
            "last_run_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        },
    )


def _outbox(minutes_ago: float, **fields) -> OutboxEmail:
    return OutboxEmail.objects.create(
        to="someone@example.org",
        subject="안내",
        body="본문",
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **fields,
    )


def test_embedded_portal_is_healthy(client, db, roomy_disk):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["failed"] == []
    assert body["database"] == "ok" and body["outbox"] == "ok" and body["disk"] == "ok"
    assert body["broker"] == body["worker"] == body["beat"] == "embedded"


def test_database_down_is_503(client, db, monkeypatch, roomy_disk):
    class DeadConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("core.health.connection", DeadConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "database" in response.json()["failed"]


def test_stalled_outbox_is_503(client, db, roomy_disk, settings):
    settings.HEALTH_OUTBOX_MAX_AGE = dt.timedelta(minutes=15)
    _outbox(minutes_ago=3)
    _outbox(minutes_ago=300, sent_at=timezone.now())  # sent long ago: no matter
    assert client.get("/healthz").status_code == 200

    _outbox(minutes_ago=40)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["outbox"]
    assert body["outbox"] == "stale"
    assert "40 min" in body["details"]["outbox"]


def test_given_up_mail_keeps_the_outbox_unhealthy(client, db, roomy_disk):
    _outbox(minutes_ago=60 * 24, attempts=OUTBOX_MAX_ATTEMPTS, last_error="550 no such user")
    assert client.get("/healthz").json()["failed"] == ["outbox"]


def test_everything_running_with_a_broker_is_healthy(client, db, with_broker):
    _beat_ran(minutes_ago=1)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["broker"] == body["worker"] == body["beat"] == "ok"
    assert "celery@worker-1" in body["details"]["worker"]


def test_stopped_worker_is_503(client, db, with_broker, monkeypatch):
    _beat_ran(minutes_ago=1)
    monkeypatch.setattr("core.health.ping_workers", lambda timeout: [])
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["worker"]
    assert body["worker"] == "error"


def test_stopped_beat_is_503(client, db, with_broker):
    _beat_ran(minutes_ago=45)
    body = client.get("/healthz").json()
    assert body["failed"] == ["beat"] and body["beat"] == "stale"


def test_beat_that_never_ran_is_503(client, db, with_broker):
    body = client.get("/healthz").json()
    assert body["failed"] == ["beat"]


def test_unreachable_broker_is_503_and_the_worker_is_not_pinged(client, db, settings, roomy_disk):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    _beat_ran(minutes_ago=1)
    body = client.get("/healthz").json()
    assert body["broker"] == "error"
    assert set(body["failed"]) == {"broker", "worker"}
    assert body["worker"] == "unknown"


def test_full_media_disk_is_503(client, db, settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    body = client.get("/healthz").json()
    assert body["failed"] == ["disk"] and body["disk"] == "low"


@pytest.mark.redis
def test_stopped_worker_is_503_with_the_real_broker(client, db, settings, roomy_disk):
    """Redis is up but no worker consumes it: the ping goes unanswered."""
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    settings.HEALTH_WORKER_PING_TIMEOUT = 0.5
    _beat_ran(minutes_ago=1)
    body = client.get("/healthz").json()
    assert body["broker"] == "ok"
    assert body["failed"] == ["worker"]


def test_liveness_touches_nothing(client, db, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("core.health.run_checks", lambda: pytest.fail("checks ran"))
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok"


# --- /metrics -----------------------------------------------------------------


def test_metrics_refuse_strangers(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/24"]
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.1.5").status_code == 403


def test_metrics_with_the_token(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    _outbox(minutes_ago=5)
    _outbox(minutes_ago=2)
    _outbox(minutes_ago=90, attempts=OUTBOX_MAX_ATTEMPTS, last_error="timeout")
    client.get("/healthz/live")  # one request the middleware times
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'view="healthz_live"' in text
    assert "portal_outbox_pending 2.0" in text
    assert "portal_outbox_failed 1.0" in text
    age = next(
        float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("portal_outbox_oldest_age_seconds ")
    )
    assert 90 * 60 <= age < 91 * 60


def test_metrics_from_an_allowed_address_count_tasks(client, db, settings):
    from core import tasks

    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/24"]
    before = _task_count(client, "core.tasks.purge_idempotency_keys")
    tasks.purge_idempotency_keys.delay()
    tasks.purge_idempotency_keys.delay()
    assert _task_count(client, "core.tasks.purge_idempotency_keys") == before + 2


def _task_count(client, name: str) -> float:
    response = client.get("/metrics", REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    prefix = f'portal_celery_tasks_total{{state="succeeded",task="{name}"}} '
    for line in response.content.decode().splitlines():
        if line.startswith(prefix):
            return float(line.removeprefix(prefix))
    return 0.0
