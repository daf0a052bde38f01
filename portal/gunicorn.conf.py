"""gunicorn settings: `gunicorn -c portal/gunicorn.conf.py portal.wsgi:application`.

Every value can be overridden on the command line (make serve passes --bind and
--workers) or by the environment variables below. The access log goes through
the portal's own formatters (core.logs), so it has the same Asia/Seoul clock,
shape (JSON with LOG_FORMAT=json) and request id (the X-Request-ID response
header set by core.request_id) as Django's lines.
"""

import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# /metrics across the workers: prometheus_client's multiprocess mode keeps each
# worker's figures in files here (set before any worker imports the client).
# The folder is emptied when gunicorn starts and a dead worker's live gauges
# are dropped (child_exit).
PROMETHEUS_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", str(Path(tempfile.gettempdir()) / "portal-prometheus")
)

from core.logs import formatter_class  # noqa: E402  (after the sys.path and environment set-up)

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threaded workers sized from the cores: one process per core, each with
# GUNICORN_THREADS threads (requests mostly wait on PostgreSQL and Redis, so
# threads overlap that waiting; processes use the cores).
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count())
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Behind the reverse proxy, only the proxy talks to gunicorn; the client
# address is taken from X-Forwarded-For by the portal itself (TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Only what core.logs reads (remote address, method, path, status, bytes,
# microseconds and the request id); the query string may hold personal data.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(D)s %({x-request-id}o)s'

_formatter = formatter_class(os.environ.get("LOG_FORMAT", "text"))
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"portal": {"()": _formatter}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": [], "level": "WARNING"},
}


def on_starting(server):
    shutil.rmtree(PROMETHEUS_DIR, ignore_errors=True)
    os.makedirs(PROMETHEUS_DIR, mode=0o700, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
