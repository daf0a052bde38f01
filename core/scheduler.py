"""Beat for the embedded mode: with no broker, the periodic tasks of
`CELERY_BEAT_SCHEDULE` (outbox flush, stale-job sweeps, retention, survey
invitations, reminders …) run inside the web process, beside core.queue's
background pool, so a laptop keeps sending mail and sweeping as production
does with `celery beat`.

- The clock is Celery's own beat service (`celery.beat.Service`) with
  django-celery-beat's database scheduler, the one `celery beat` uses in
  production: the same entries, the same `PeriodicTask` rows and
  `last_run_at` stamps, so /healthz reads beat's state the same way. Only the
  hand-over differs: a due task goes to core.queue's pool instead of a broker.
- One leader per machine and database: every web process (two gunicorn
  workers, runserver) starts a small thread that tries to take an exclusive
  `flock` on a lock file; the one that holds it runs the scheduler, the
  others try again every `EMBEDDED_BEAT_RETRY` seconds, so when the leader
  exits (a worker restarted) another process takes over. The kernel releases
  the lock with its process, so a killed leader leaves no stale lock. The
  file is per database (`lock_path()`), so two checkouts on one machine each
  get their own. Several machines sharing one database without a broker
  would each run one: the tasks are idempotent, but such a site wants a
  broker and `celery beat`.
- It starts from portal/wsgi.py (gunicorn workers, runserver), never in
  management commands or tests, and only when `scheduler_enabled()`: no
  broker, the pool on, and `EMBEDDED_BEAT` not switched off.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from celery import current_app
from celery.beat import SchedulingError, Service, _evaluate_entry_args, _evaluate_entry_kwargs
from django.conf import settings
from django.db import connections
from django_celery_beat.schedulers import DatabaseScheduler

from . import queue

logger = logging.getLogger(__name__)

_stop = threading.Event()
_thread: threading.Thread | None = None
_service: Service | None = None


class InProcessScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler handing due tasks to core.queue's pool."""

    # No broker: beat's producer (a broker connection) is never made.
    producer = None

    def install_default_entries(self, data):
        """Celery adds `celery.backend_cleanup`, which cleans a result
        backend; the embedded mode has none."""

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        entry = self.reserve(entry) if advance else entry
        task = self.app.tasks.get(entry.task)
        try:
            if task is None:
                raise SchedulingError(f"unknown task {entry.task} for {entry.name}")
            queue.run_in_background(
                task,
                tuple(_evaluate_entry_args(entry.args)),
                _evaluate_entry_kwargs(entry.kwargs),
            )
        finally:
            self._tasks_since_sync += 1
            if self.should_sync():
                self._do_sync()


def scheduler_enabled() -> bool:
    return bool(getattr(settings, "EMBEDDED_BEAT", True)) and queue.in_threads()


def lock_path() -> Path:
    """`EMBEDDED_BEAT_LOCK_FILE`, or one file per database in the temp folder."""
    configured = getattr(settings, "EMBEDDED_BEAT_LOCK_FILE", "")
    if configured:
        return Path(configured)
    db = settings.DATABASES["default"]
    key = "|".join(str(db.get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"portal-beat-{digest}.lock"


def try_lock(path: Path):
    """The open lock file when this process now holds the lock, else None."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def leader_pid(path: Path | None = None) -> int | None:
    """The pid of the process that leads, or None when nobody holds the lock.

    Probing takes the lock for an instant when it is free (and gives it back),
    so a free lock is never mistaken for a held one."""
    path = path or lock_path()
    if not path.exists():
        return None
    probe = try_lock(path)
    if probe is not None:
        probe.seek(0)
        probe.truncate()
        probe.close()
        return None
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return -1  # held, but the pid is being written


def run_beat() -> None:
    """Celery's beat loop with the in-process scheduler, until `stop()`."""
    global _service
    app = current_app._get_current_object()
    # The tasks' modules (autodiscovery is lazy until a worker or beat starts).
    app.loader.import_default_modules()
    _service = Service(
        app,
        scheduler_cls=InProcessScheduler,
        max_interval=float(getattr(settings, "EMBEDDED_BEAT_MAX_INTERVAL", 5.0)),
    )
    if _stop.is_set():  # stop() came before the service existed
        return
    try:
        _service.start()
    finally:
        connections.close_all()


def lead(path: Path, run: Callable[[], None] = run_beat, retry: float | None = None) -> bool:
    """Take the lock (waiting for it, trying every `retry` seconds) and `run`
    while holding it; False when stopped before leading."""
    retry = float(getattr(settings, "EMBEDDED_BEAT_RETRY", 30.0)) if retry is None else retry
    while not _stop.is_set():
        handle = try_lock(path)
        if handle is None:
            _stop.wait(retry)
            continue
        logger.info("in-process beat: this process (pid %s) runs the periodic tasks", os.getpid())
        try:
            run()
        except Exception:
            logger.exception("in-process beat stopped")
        finally:
            handle.close()
        return True
    return False


def start() -> threading.Thread | None:
    """Start the leader thread of this process (once); None when the embedded
    beat is off (a broker, tests, `EMBEDDED_BEAT=False`)."""
    global _thread
    if not scheduler_enabled():
        return None
    if _thread is None or not _thread.is_alive():
        _stop.clear()
        _thread = threading.Thread(
            target=lead, args=(lock_path(),), name="portal-beat", daemon=True
        )
        _thread.start()
    return _thread


def stop(timeout: float = 10.0) -> None:
    """Stop this process's scheduler (its schedule is saved) and leader thread."""
    global _thread
    _stop.set()
    if _service is not None:
        _service.stop()
    if _thread is not None:
        _thread.join(timeout)
        _thread = None
    _stop.clear()
