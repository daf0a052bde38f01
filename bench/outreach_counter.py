"""Throughput of the portal's own page-view counter under concurrent writers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_outreach \
        .venv/bin/python bench/outreach_counter.py --threads 16 --views 500

Every thread counts `--views` page views for today (one atomic F() update
and one insert-or-ignore each); at the end the day's row must hold exactly
threads × views, whatever the interleaving. Uses the configured database
(migrate it first); the bench's rows are removed afterwards.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

import datetime as dt  # noqa: E402

from django.db import connection  # noqa: E402

from outreach import services  # noqa: E402
from outreach.models import DailyPageView, DailyVisitor  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--views", type=int, default=200)
    args = parser.parse_args()
    day = dt.date(1999, 1, 1)  # a day no real count uses
    DailyPageView.objects.filter(date=day).delete()
    DailyVisitor.objects.filter(date=day).delete()

    def work(i: int) -> None:
        try:
            for k in range(args.views):
                services.count_page_view(ip=f"10.{i}.{k % 50}.1", user_agent="bench", day=day)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    total = args.threads * args.views
    counted = DailyPageView.objects.get(date=day).views
    visitors = DailyVisitor.objects.filter(date=day).count()
    print(f"{connection.vendor}: {total:,} views in {elapsed:.2f}s = {total / elapsed:,.0f}/s")
    print(f"counted {counted:,} (expected {total:,}), visitors {visitors:,}")
    DailyPageView.objects.filter(date=day).delete()
    DailyVisitor.objects.filter(date=day).delete()
    return 0 if counted == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
