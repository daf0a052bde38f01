"""One round of the size-dependent figures on the database of DATABASE_URL
(a clone of a bench/data.py template), for bench/run.py:

- `floor`: the raw aggregate SQL — each registered rollup's grouped query
  (GROUP BY group, month) over the year, executed as SQL without the ORM;
- `build`, `xlsx`: the annual report of 2021 built, and exported to XLSX;
- `report page`, `dashboard`: GET /reports/2021/ and /dashboard/?year=2021
  as a staff manager, through Django's test client;
- the staff consultation lists of bench/consultations_lists.py (searches,
  filters, the last page, the cooperative and client histories).

Each figure is timed `--repeat` times after a warm-up (median) with its
query count and the CPU time of this process. The last line is
`RESULT <json>`: {figure: [wall ms, queries, cpu ms]}.
Not run by `make test`.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from center.models import FiscalYear  # noqa: E402
from consultations.models import Category, Consultation  # noqa: E402
from core import rollups  # noqa: E402
from reports import builder, exporters  # noqa: E402

YEAR = 2021


def timed(func, repeat: int) -> tuple[float, int, float]:
    """(median wall ms, queries, median CPU ms of this process). On a busy
    machine the wall time waits for a core; the CPU time does not (the
    database's share is in the wall time only)."""
    func()  # warm-up
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began, began_cpu = time.perf_counter(), time.process_time()
            func()
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        queries = len(captured.captured_queries)
    return statistics.median(times) * 1000, queries, statistics.median(cpu) * 1000


def floor() -> None:
    """Every rollup's grouped query over the year, as raw SQL."""
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 1)
    with connection.cursor() as cursor:
        for rollup in rollups.all_rollups():
            sql, params = rollups.grouped(rollup, start, end).query.sql_with_params()
            cursor.execute(sql, params)
            cursor.fetchall()


def page(http: HttpClient, url: str):
    def get():
        response = http.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from consultations_lists import PAGES  # the list pages and their labels

    year = FiscalYear.objects.get(year=YEAR)
    http = HttpClient()
    http.force_login(get_user_model().objects.get(username="bench-staff"))
    sample = Consultation.objects.filter(client__isnull=False).order_by("pk").first()
    values = {
        "category": Category.objects.get(name="설립").pk,
        "cooperative": sample.cooperative_id,
        "client": sample.client_id,
    }
    repeat = max(1, args.repeat)
    figures = {
        "consultations": [Consultation.objects.count(), 0, 0],
        "floor": timed(floor, repeat),
        "build": timed(lambda: builder.build(year), repeat),
        "xlsx": timed(lambda: exporters.render(year, "xlsx"), repeat),
        "report page": timed(page(http, f"/reports/{YEAR}/"), repeat),
        "dashboard": timed(page(http, f"/dashboard/?year={YEAR}"), repeat),
    }
    for label, template in PAGES:
        figures[f"list {label}"] = timed(page(http, template.format(**values)), 5)
    print(f"{'figure':<24}{'wall ms':>10}{'queries':>8}{'cpu ms':>8}")
    for name, (ms, queries, *cpu) in figures.items():
        print(f"{name:<24}{ms:>10.1f}{queries:>8}{(cpu or [0])[0]:>8.0f}")
    print("RESULT " + json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
