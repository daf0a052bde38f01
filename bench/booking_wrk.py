"""Public booking beside a trivial view, under the same gunicorn, with wrk.

    .venv/bin/python bench/booking_wrk.py [--rounds 3] [--seconds 8] [--connections 50]

Starts gunicorn (portal/gunicorn.conf.py: threaded workers sized from the
cores) on 127.0.0.1 with the project's URLs plus `/bench/trivial/` (a view
that touches neither database nor cache), then runs wrk against each target
in interleaved rounds — trivial, GET /booking/, GET /api/slots/ (4 weeks),
POST /api/bookings/ — and prints, per target, requests/s and p95 latency as
ratios to the trivial view of the same round, with the median of the
rounds. Goals (issue 17.4): each target ≥ 50 % of the trivial view's
requests/s, p95 ≤ 2× the trivial view's.

The POSTs come from random client addresses (X-Forwarded-For, with
TRUSTED_PROXIES=127.0.0.1 for this run) and random people, for a slot that
is taken: each one runs every check of a real booking (slot rules, per
person and per address limits under their locks, the slot row lock) and
ends in the 409 of a taken slot, so the figure is the cost of the checks.

Loopback only, bounded runs; a throw-away SQLite database unless
DATABASE_URL is set (then that database is migrated and used: give it a
scratch one, e.g. postgres://postgres@127.0.0.1:5432/bench_booking; a second
run reuses its bookings).
REDIS_URL is passed through (the production cache; without it each worker
caches in its own memory). Needs `wrk` (apt-get install wrk). Not run by
`make test`.
"""

import argparse
import datetime as dt
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
GOAL_RPS, GOAL_P95 = 0.5, 2.0

TRIVIAL_MODULE = """
from django.http import HttpResponse
from django.urls import include, path

from core.permissions import public


@public
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]
"""

SETTINGS_MODULE = """
from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_booking_urls"
# No collectstatic for a benchmark: static URLs without the manifest (the
# manifest is a dict lookup; the pages are the same otherwise).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""

POST_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local body = string.format(
    '{"date":"%s","time":"%s","kind":"visit","name":"벤치","phone":"010-%04d-%04d",' ..
    '"email":"b%d_%d@example.com","topic":"설립","consent":true}',
    "DAY", "TIME", math.random(0, 9999), math.random(0, 9999), counter, math.random(0, 1e9))
  return wrk.format("POST", "/api/bookings/",
    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
"""

# Every request says it is a browser, as citizens' do (the page-view counter
# counts those, and skips requests without a User-Agent).
DONE_SCRIPT = """
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench/booking_wrk"
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("ERRORS %d %d\\n", summary.errors.status, summary.requests))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> tuple[str, str]:
    """Migrate, add video slots, book a third of the slots; return a taken slot."""
    script = textwrap.dedent(
        """
        import datetime as dt
        import django
        django.setup()
        from django.core.management import call_command
        from django.utils import timezone
        from consultations.models import Category, VideoSlotRule
        from consultations.services import book_slot
        from consultations.slots import horizon_end, slots_between
        call_command("migrate", verbosity=0)
        for weekday in range(5):
            VideoSlotRule.objects.get_or_create(weekday=weekday, start=dt.time(16, 0))
        topic = Category.objects.get(name="설립")
        today = timezone.localdate()
        everything = slots_between(today, horizon_end(today))
        if all(s.available for s in everything):  # a fresh database: book every third slot
            for i, slot in enumerate(everything):
                if i % 3 == 0:
                    book_slot(day=slot.date, time=slot.time, kind=slot.kind, name=f"시민{i}",
                              phone=f"010-5{i:03d}-0000", email=f"c{i}@example.com",
                              topic=topic, consent_version="bench", consent_at=timezone.now(),
                              client_address=f"10.9.{i // 200}.{i % 200}")
            everything = slots_between(today, horizon_end(today))
        taken = next(s for s in everything if s.kind == "visit" and not s.available)
        print(f"TAKEN {taken.date.isoformat()} {taken.time:%H:%M}")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    _, day, hhmm = re.search(r"TAKEN (\S+) (\S+)", out).group(0).split()
    return day, hhmm


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def wrk(url: str, *, seconds: int, connections: int, script: Path) -> tuple[float, float, int, int]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    errors, requests = map(int, re.search(r"ERRORS (\d+) (\d+)", out).groups())
    return rps, p95, errors, requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    args.rounds = max(1, min(args.rounds, 10))
    args.seconds = max(1, min(args.seconds, 30))

    tmp = Path(tempfile.mkdtemp(prefix="bench-booking-wrk-"))
    (tmp / "bench_booking_urls.py").write_text(TRIVIAL_MODULE)
    (tmp / "bench_booking_settings.py").write_text(SETTINGS_MODULE)
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_booking_settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    day, hhmm = prepare(env)
    post = tmp / "post.lua"
    post.write_text(POST_SCRIPT.replace("DAY", day).replace("TIME", hhmm) + DONE_SCRIPT)
    get = tmp / "get.lua"
    get.write_text(DONE_SCRIPT)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "portal/gunicorn.conf.py",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/bench/trivial/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        # The portal's date (Asia/Seoul), not this machine's: from 15:00 UTC
        # the machine's date is Seoul's yesterday, and the range would start
        # a day early (27 bookable days read instead of 28).
        today = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
        targets = {
            "trivial": (f"{base}/bench/trivial/", get),
            "GET /booking/": (f"{base}/booking/", get),
            "GET /api/slots/": (
                f"{base}/api/slots/?from={today}&to={today + dt.timedelta(days=27)}",
                get,
            ),
            "POST /api/bookings/": (f"{base}/api/bookings/", post),
        }
        for url, _script in targets.values():  # warm every worker's caches
            for _ in range(20):
                try:
                    urllib.request.urlopen(url, timeout=5)
                except OSError:
                    pass
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in targets}
        cpu: dict[str, list[float]] = {name: [] for name in targets}  # worker ms per request
        for _round in range(args.rounds):
            for name, (url, script) in targets.items():
                before = workers_cpu(server.pid)
                rps, p95, errors, requests = wrk(
                    url, seconds=args.seconds, connections=args.connections, script=script
                )
                cpu[name].append((workers_cpu(server.pid) - before) * 1000 / max(requests, 1))
                results[name].append((rps, p95, errors))
        print(
            f"wrk -c{args.connections} -d{args.seconds}s, {args.rounds} interleaved rounds, "
            f"cores={os.cpu_count()}, database={env['DATABASE_URL'].split(':')[0]}, "
            f"cache={'redis' if os.environ.get('REDIS_URL') else 'per-process memory'}"
        )
        print(
            f"{'target':<22}{'req/s (median)':>16}{'share of trivial':>20}{'p95 ms':>10}"
            f"{'p95 ÷ trivial':>16}{'non-2xx':>10}{'CPU ms/req':>12}  goal"
        )
        trivial = results["trivial"]
        summary = {}
        for name, runs in results.items():
            shares = [r[0] / t[0] for r, t in zip(runs, trivial, strict=True)]
            p95s = [r[1] / t[1] for r, t in zip(runs, trivial, strict=True)]
            share, p95_ratio = statistics.median(shares), statistics.median(p95s)
            summary[name] = [
                share,
                p95_ratio,
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
            ]
            met = name == "trivial" or (share >= GOAL_RPS and p95_ratio <= GOAL_P95)
            print(
                f"{name:<22}{statistics.median(r[0] for r in runs):>16.0f}"
                f"{share:>19.0%} {statistics.median(r[1] for r in runs):>9.1f}"
                f"{p95_ratio:>15.2f}×{sum(r[2] for r in runs):>10}"
                f"{statistics.median(cpu[name]):>12.2f}  {'met' if met else 'NOT met'}"
                f"   rounds: {', '.join(f'{s:.0%}' for s in shares)}"
            )
        # For bench/run.py: {target: [share of trivial req/s, p95 ratio, req/s, p95 ms]}.
        print("RESULT " + json.dumps(summary, ensure_ascii=False))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
