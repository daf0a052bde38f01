"""Throughput of the public booking page and the slot API under concurrent
load, beside a trivial view served by the same Django stack in the same run
(so the numbers say what the booking code costs, not what the machine is).

    .venv/bin/python bench/consultations_booking.py [--requests 400] [--concurrency 8]

Loopback only, a bounded number of requests, a throw-away SQLite database
unless DATABASE_URL is set (then that database is migrated and used — give
it a scratch one). Not run by `make test`.
"""

import argparse
import datetime as dt
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-booking-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.permissions import public  # noqa: E402


@public
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


# This module is the URLconf for the run: the project's URLs plus the trivial view.
urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def seed() -> None:
    from consultations.models import Category, VideoSlotRule
    from consultations.services import book_slot
    from consultations.slots import slots_between

    call_command("migrate", verbosity=0)
    for weekday in range(5):
        VideoSlotRule.objects.get_or_create(weekday=weekday, start=dt.time(16, 0))
    topic = Category.objects.order_by("pk").first()
    today = timezone.localdate()
    # Every third slot of the horizon is taken, so "available" varies.
    free = slots_between(today, today + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS))
    for i, slot in enumerate(free):
        if i % 3 == 0:
            book_slot(
                day=slot.date,
                time=slot.time,
                kind=slot.kind,
                name=f"시민{i}",
                phone=f"010-1234-{i:04d}",  # one per booking: a person may hold only 2
                email=f"c{i}@example.com",
                topic=topic,
                consent_version="bench",
                consent_at=timezone.now(),
            )


def load(port: int, url: str, total: int, concurrency: int) -> tuple[float, list[float], int]:
    """`total` GETs of `url` from `concurrency` threads; (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]

    def worker():
        nonlocal errors
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            start = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                conn.close()
            with lock:
                latencies.append(time.perf_counter() - start)
                errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="요청 수 (대상마다)")
    parser.add_argument("--concurrency", type=int, default=8, help="동시 요청 수")
    args = parser.parse_args()
    total = max(1, min(args.requests, 5000))  # bounded
    concurrency = max(1, min(args.concurrency, 64))

    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    import logging

    logging.disable(logging.WARNING)  # the seed's mail and task chatter
    # Serve pages without a collected static manifest (as the tests do).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    seed()
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.request_queue_size = 128
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    today = timezone.localdate()
    horizon = today + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS)
    targets = [
        ("trivial view", "/bench/trivial/"),
        ("booking page", "/booking/"),
        ("slot API (horizon)", f"/api/slots/?from={today}&to={horizon}"),
        ("slot API (1 week)", f"/api/slots/?from={today}&to={today + dt.timedelta(days=6)}"),
    ]
    for _name, url in targets:  # warm up: templates, URL resolver, connections
        load(port, url, min(20, total), 2)
    print(
        f"{total} requests per target, {concurrency} concurrent, 127.0.0.1, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    print(
        f"{'target':<20} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7} {'vs trivial':>11}"
    )
    baseline = None
    for name, url in targets:
        seconds, latencies, errors = load(port, url, total, concurrency)
        rate = total / seconds
        baseline = baseline or rate
        lat = sorted(latencies)
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
        share = rate * 100 / baseline
        print(f"{name:<20} {rate:>7.0f} {p50:>7.0f} {p95:>7.0f} {errors:>7d} {share:>10.0f}%")
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
