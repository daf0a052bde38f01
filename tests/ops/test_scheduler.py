"""The embedded mode's beat (core.scheduler): with no broker, the periodic
tasks of CELERY_BEAT_SCHEDULE run in one web process per machine, and
/healthz knows whether one does."""

import datetime as dt
import multiprocessing
import os
import queue as queues
import signal
import time

import pytest
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core import scheduler
from core.models import OutboxEmail


@pytest.fixture
def embedded_beat(settings, tmp_path, transactional_db, background_tasks):
    """No broker, the pool on, the scheduler's lock in this test's folder."""
    settings.CELERY_BROKER_URL = ""
    settings.EMBEDDED_BEAT = True
    settings.EMBEDDED_BEAT_LOCK_FILE = str(tmp_path / "beat.lock")
    settings.EMBEDDED_BEAT_MAX_INTERVAL = 0.05
    settings.HEALTH_MIN_FREE_DISK_MB = 1
    yield tmp_path / "beat.lock"
    scheduler.stop()


def _last_ran(name: str, minutes_ago: float) -> PeriodicTask:
    """The row beat keeps for the settings' entry `name`, last run long ago."""
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    every, _ = IntervalSchedule.objects.get_or_create(
        every=int(entry["schedule"]), period=IntervalSchedule.SECONDS
    )
    task, _ = PeriodicTask.objects.update_or_create(
        name=name,
        defaults={
            "task": entry["task"],
            "interval": every,
            "last_run_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        },
    )
    return task


def _until(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_scheduled_outbox_flush_sends_mail_without_a_broker(embedded_beat, client, mailoutbox):
    mail = OutboxEmail.objects.create(to="someone@example.org", subject="안내", body="본문")
    _last_ran("flush-outbox", minutes_ago=5)  # due: its minute has long passed

    assert scheduler.start() is not None
    assert _until(lambda: OutboxEmail.objects.filter(pk=mail.pk, sent_at__isnull=False).exists())
    assert [m.subject for m in mailoutbox] == ["안내"]

    # Beat's own bookkeeping: every settings entry has its row, the flush's
    # last run is stamped now, and /healthz sees this process lead.
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= names
    assert _until(
        lambda: (
            PeriodicTask.objects.get(name="flush-outbox").last_run_at
            > timezone.now() - dt.timedelta(minutes=1)
        )
    )
    body = client.get("/healthz").json()
    assert body["beat"] == "embedded" and body["failed"] == [], body
    assert f"pid {os.getpid()}" in body["details"]["beat"]


def test_no_scheduler_without_the_pool_or_with_a_broker(settings, embedded_beat):
    settings.TASKS_IN_THREADS = False  # tests' synchronous tasks
    assert scheduler.start() is None
    settings.TASKS_IN_THREADS = True
    settings.CELERY_BROKER_URL = "memory://"  # celery beat's job then
    from celery import current_app

    current_app.conf.task_always_eager = False
    try:
        assert scheduler.start() is None
    finally:
        current_app.conf.task_always_eager = True


def test_healthz_fails_when_no_process_leads(embedded_beat, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["beat"]
    assert "no process runs" in response.json()["details"]["beat"]


def test_healthz_fails_when_the_leader_has_stopped_sending(embedded_beat, client, settings):
    settings.HEALTH_BEAT_MAX_AGE = dt.timedelta(minutes=10)
    held = scheduler.try_lock(embedded_beat)  # a leader that hangs
    try:
        _last_ran("flush-outbox", minutes_ago=45)
        body = client.get("/healthz").json()
        assert body["failed"] == ["beat"] and body["beat"] == "stale"
        _last_ran("flush-outbox", minutes_ago=1)
        assert client.get("/healthz").status_code == 200
    finally:
        held.close()


def _compete(path: str, reports) -> None:
    """One web process: lead when the lock allows, report it, hold on until
    killed (as a gunicorn worker is)."""

    def run():
        reports.put(os.getpid())
        signal.pause()

    scheduler.lead(scheduler.Path(path), run=run, retry=0.01)


def test_two_processes_never_run_the_schedule_at_once(tmp_path):
    fork = multiprocessing.get_context("fork")
    reports = fork.Queue()
    path = str(tmp_path / "beat.lock")
    processes = [fork.Process(target=_compete, args=(path, reports)) for _ in range(2)]
    for process in processes:
        process.start()
    try:
        first = reports.get(timeout=60)
        assert scheduler.leader_pid(tmp_path / "beat.lock") == first
        # The other keeps trying (every 10 ms) and does not get in.
        with pytest.raises(queues.Empty):
            reports.get(timeout=0.5)
        leader = next(p for p in processes if p.pid == first)
        leader.terminate()  # a gunicorn worker killed: the kernel drops its lock
        leader.join(30)
        second = reports.get(timeout=60)
        assert second != first and second in {p.pid for p in processes}
        assert scheduler.leader_pid(tmp_path / "beat.lock") == second
    finally:
        for process in processes:
            process.kill()
            process.join(30)
