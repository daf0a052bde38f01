"""The embedded default: with no broker, tasks run in core.queue's in-process
background pool, after the request commits, and the request does not wait."""

import threading

import pytest
from celery import shared_task
from django.db import transaction

from core import queue
from core.models import OutboxEmail

pytestmark = pytest.mark.django_db(transaction=True)

release = threading.Event()
ran_in: list[str] = []


@shared_task
def blocked_task(pk: int) -> None:
    """Waits for the test to let it go, then marks the outbox row sent."""
    assert release.wait(60)
    ran_in.append(threading.current_thread().name)
    from django.utils import timezone

    OutboxEmail.objects.filter(pk=pk).update(sent_at=timezone.now())


@pytest.fixture
def email():
    return OutboxEmail.objects.create(to="a@example.org", subject="s", body="b")


def test_task_runs_in_a_pool_thread_and_the_caller_does_not_wait(background_tasks, email):
    release.clear()
    ran_in.clear()
    assert queue.enqueue(blocked_task, email.pk) is True
    # The caller went on while the task waits: nothing has happened yet.
    email.refresh_from_db()
    assert email.sent_at is None
    assert queue.wait_for_background(timeout=0.05) is False
    release.set()
    assert background_tasks(timeout=60)
    email.refresh_from_db()
    assert email.sent_at is not None
    assert ran_in and ran_in[0].startswith("portal-task")


def test_task_waits_for_the_transaction_that_queued_it(background_tasks, email):
    release.set()
    with transaction.atomic():
        queue.enqueue(blocked_task, email.pk)
        assert queue.wait_for_background(timeout=0.2)  # not handed over yet
        email.refresh_from_db()
        assert email.sent_at is None
    assert background_tasks(timeout=60)
    email.refresh_from_db()
    assert email.sent_at is not None


def test_rolled_back_request_queues_nothing(background_tasks, email):
    release.set()
    ran_in.clear()
    with transaction.atomic():
        queue.enqueue(blocked_task, email.pk)
        transaction.set_rollback(True)
    assert background_tasks(timeout=60)
    assert ran_in == []


def test_tests_run_tasks_synchronously_by_default(email, settings):
    assert settings.TASKS_IN_THREADS is False
    release.set()
    ran_in.clear()
    queue.enqueue(blocked_task, email.pk)
    assert ran_in == [threading.current_thread().name]


def test_embedded_default_without_broker_uses_the_pool(monkeypatch):
    """What `make run` gets: no broker configured means the pool, not eager."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.setenv("CELERY_BROKER_URL", "")
    values = runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings.py"))
    assert values["TASKS_IN_THREADS"] is True and values["CELERY_TASK_ALWAYS_EAGER"] is True
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    values = runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings.py"))
    assert values["TASKS_IN_THREADS"] is False
