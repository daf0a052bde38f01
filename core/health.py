"""Is the portal working? The checks behind `/healthz`.

`/healthz` (readiness, for monitoring) runs every check below and answers 503
with the names of the failed ones; `/healthz/live` (liveness, for the load
balancer and benchmarks) only says the process answers and touches nothing.

- database: `SELECT 1`;
- broker: one short connection to Celery's broker (skipped without one);
- worker: a Celery worker answers a ping (with a broker); without one the
  in-process pool of core.queue runs the tasks (it lives and dies with the
  web process that answers this check);
- beat: the newest `last_run_at` of beat's periodic tasks (django-celery-beat
  saves it, at the latest every three minutes) is recent; without a broker
  the in-process scheduler of core.scheduler stamps the same rows, and a
  process of this machine must hold its leader lock;
- outbox: the oldest unsent e-mail waits less than `HEALTH_OUTBOX_MAX_AGE`;
- disk: the file system holding `MEDIA_ROOT` has `HEALTH_MIN_FREE_DISK_MB` free.

Each check returns a `Check`: `ok` False means failed; `state` is the short
word shown in the JSON body ("ok", "error", "stale", "embedded", …).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from celery import current_app  # the project's app (portal/celery.py), not imported here
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_celery_beat.models import PeriodicTask

from . import queue, scheduler
from .models import OutboxEmail
from .permissions import public


@dataclass(frozen=True)
class Check:
    ok: bool
    state: str = "ok"
    detail: str = ""


def _setting(name: str, default):
    return getattr(settings, name, default)


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check(False, "error", type(exc).__name__)
    return Check(True)


def check_broker() -> Check:
    if not broker_configured():
        return Check(True, "embedded", "no broker: tasks run in the web process")
    try:
        with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # any transport error means the broker is down
        return Check(False, "error", type(exc).__name__)
    return Check(True)


def ping_workers(timeout: float) -> list:
    """The replies of the workers that answer within `timeout` (stops at the first)."""
    with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        return current_app.control.ping(timeout=timeout, limit=1, connection=conn)


def check_worker() -> Check:
    if not broker_configured():
        if queue.in_threads():
            threads = max(1, int(_setting("TASK_THREADS", 2)))
            return Check(True, "embedded", f"in-process pool of {threads} threads (core.queue)")
        return Check(True, "embedded", "tasks run synchronously in the web process")
    try:
        replies = ping_workers(_setting("HEALTH_WORKER_PING_TIMEOUT", 1.0))
    except Exception as exc:  # broker trouble: the broker check names it
        return Check(False, "error", f"ping failed: {type(exc).__name__}")
    if not replies:
        return Check(False, "error", "no Celery worker answered a ping")
    return Check(True, "ok", ", ".join(sorted(name for reply in replies for name in reply)))


def _age(since) -> str:
    minutes = int((timezone.now() - since).total_seconds() // 60)
    return f"{minutes} min ago"


def _timestamp_check(queryset, field: str, *, max_age, what: str, none: Check) -> Check:
    """The first row's `field` (the queryset orders it) must be younger than
    `max_age`; `none` when there is no row."""
    try:
        moment = queryset.values_list(field, flat=True).first()
    except DatabaseError as exc:
        return Check(False, "error", type(exc).__name__)
    if moment is None:
        return none
    detail = f"{what} {_age(moment)}"
    if timezone.now() - moment > max_age:
        return Check(False, "stale", detail)
    return Check(True, "ok", detail)


def _last_beat(none: Check) -> Check:
    return _timestamp_check(
        PeriodicTask.objects.filter(enabled=True, last_run_at__isnull=False).order_by(
            "-last_run_at"
        ),
        "last_run_at",
        max_age=_setting("HEALTH_BEAT_MAX_AGE", timedelta(minutes=10)),
        what="last periodic task sent",
        none=none,
    )


def check_beat() -> Check:
    if broker_configured():
        return _last_beat(none=Check(False, "error", "beat has never run a periodic task"))
    if not scheduler.scheduler_enabled():
        return Check(True, "embedded", "no periodic tasks: tasks run synchronously")
    pid = scheduler.leader_pid()
    if pid is None:
        return Check(False, "error", "no process runs the in-process scheduler")
    # Just started: nothing was due yet (the first entries run after a minute).
    last = _last_beat(none=Check(True, "embedded", "nothing sent yet"))
    state = "embedded" if last.ok else last.state
    return Check(last.ok, state, f"in-process scheduler (pid {pid}): {last.detail}")


def check_outbox() -> Check:
    return _timestamp_check(
        OutboxEmail.objects.filter(sent_at__isnull=True).order_by("created_at"),
        "created_at",
        max_age=_setting("HEALTH_OUTBOX_MAX_AGE", timedelta(minutes=15)),
        what="oldest unsent e-mail queued",
        none=Check(True, "ok", "nothing waiting"),
    )


def _existing(path: Path) -> Path:
    """MEDIA_ROOT, or its nearest existing parent (before the first upload)."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> Check:
    minimum = _setting("HEALTH_MIN_FREE_DISK_MB", 500)
    try:
        free = shutil.disk_usage(_existing(settings.MEDIA_ROOT)).free // (1024 * 1024)
    except OSError as exc:
        return Check(False, "error", type(exc).__name__)
    if free < minimum:
        return Check(False, "low", f"{free} MB free for media, under {minimum} MB")
    return Check(True, "ok", f"{free} MB free for media")


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "beat": check_beat,
    "outbox": check_outbox,
    "disk": check_disk,
}


def run_checks() -> dict[str, Check]:
    results = {"database": check_database()}
    for name, check in CHECKS.items():
        if name == "database":
            continue
        if not results["database"].ok and name in ("beat", "outbox"):
            results[name] = Check(False, "unknown", "database unavailable")
            continue
        if name == "worker" and not results["broker"].ok:
            results[name] = Check(False, "unknown", "broker unavailable")
            continue
        results[name] = check()
    return results


# --- views ------------------------------------------------------------------


@public
@never_cache
def healthz(request):
    """200 when every check passes, else 503; the body names each check's
    state, which failed (`failed`) and a short English detail per check."""
    results = run_checks()
    failed = [name for name, result in results.items() if not result.ok]
    body = {name: result.state for name, result in results.items()}
    body.update(
        status="error" if failed else "ok",
        failed=failed,
        details={name: result.detail for name, result in results.items() if result.detail},
    )
    return JsonResponse(body, status=503 if failed else 200)


@public
@never_cache
def healthz_live(request):
    """The process answers: no database, no broker (load balancers, benchmarks)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
