"""Handing work to the broker from a web request, or, with no broker (the
embedded default of a laptop), to a small in-process background pool.

`enqueue(task, *args)` is the one way a request starts a task:

- with a broker (`CELERY_BROKER_URL` or `REDIS_URL`), the task is published
  with one short connection attempt and a Celery worker runs it;
- with none, `TASKS_IN_THREADS` is on and the task runs in a bounded
  `ThreadPoolExecutor` of this process (`TASK_THREADS` threads, started on
  the first task), after the surrounding transaction commits. The request
  returns at once and the task's progress rows move as they do under Celery,
  so the report export's progress bar, imports and e-mails behave the same;
- tests run tasks synchronously (`TASKS_IN_THREADS = False` in
  tests/conftest.py, with Celery's eager mode), unless a test turns the pool
  on (`tests.conftest.background_tasks`) and waits with `wait_for_background()`.

The periodic tasks of the embedded mode (no beat without a broker) come
from core.scheduler, which hands each due task to the same pool.

Each background job closes its database connections when it ends, so the
pool never holds a connection between jobs. A job lost with the process
(a restart mid-export) is found by the same sweepers as a dead Celery worker.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# One connection attempt, bounded by broker_connection_timeout and the
# transport's socket_connect_timeout (settings), and no retry.
NO_RETRY = {"max_retries": 0}

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_pending: set[Future] = set()


def in_threads() -> bool:
    """Whether tasks run in the in-process pool: no broker, and not switched
    off (tests). Celery's eager mode must be on too, so a test that points
    Celery at a broker (task_always_eager off) still goes through it."""
    from celery import current_app

    return bool(getattr(settings, "TASKS_IN_THREADS", False)) and bool(
        current_app.conf.task_always_eager
    )


def enqueue(task, *args, **options) -> bool:
    """Start `task(*args)` in the background; True if it was handed over.

    With a broker: the caller has already stored what the task works on (an
    outbox row, an export row, the deliveries), and a beat job or a sweeper
    picks up whatever was not queued, so a broker that is down must cost the
    request one short connection attempt, never the default retries (about
    19 s with the Redis result backend's 20 reconnections, or kombu's
    reconnect loop when publish retries are switched off with ``retry=False``
    alone):

    - ``retry_policy`` of no retries: kombu tries to connect once;
    - ``ignore_result``: the Redis result backend does not subscribe to the
      task's result (its reconnection loop is what takes 19 s), and nobody
      reads these results anyway (progress lives in the database rows).
    """
    if in_threads():
        kwargs = options.get("kwargs") or {}
        transaction.on_commit(lambda: run_in_background(task, args, kwargs))
        return True
    try:
        task.apply_async(args, retry=True, retry_policy=NO_RETRY, ignore_result=True, **options)
    except Exception:  # broker down or unreachable
        logger.warning(
            "broker unavailable; %s%r not queued, left for its sweeper",
            task.name,
            args,
            exc_info=True,
        )
        return False
    return True


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=max(1, int(getattr(settings, "TASK_THREADS", 2))),
                thread_name_prefix="portal-task",
            )
        return _pool


def run_in_background(task, args: tuple = (), kwargs: dict | None = None) -> None:
    """Hand `task(*args, **kwargs)` to the pool now (no transaction to wait
    for): enqueue() after the commit, and the in-process beat
    (core.scheduler) when a periodic task is due."""
    future = _executor().submit(_run, task, args, kwargs or {})
    with _pool_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future) -> None:
    with _pool_lock:
        _pending.discard(future)


def _run(task, args: tuple, kwargs: dict) -> None:
    """One job: Celery runs the task locally (binding, retries and states as
    under a worker); a failure is logged like a worker logs it."""
    try:
        task.apply(args=args, kwargs=kwargs, throw=True)
    except Exception:
        logger.exception("background task %s%r failed", task.name, args)
    finally:
        connections.close_all()


def wait_for_background(timeout: float | None = None) -> bool:
    """Block until every job handed to the pool has ended, including jobs those
    jobs started (an export that queues an e-mail); False when `timeout`
    passed first. For tests and for commands that must not exit before
    their e-mails are sent."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _pool_lock:
            pending = set(_pending)
        if not pending:
            return True
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        _done, not_done = wait(pending, timeout=left)
        if not_done:
            return False
