"""The ranking page of a call at scale: SQL queries and time for N
applications with 3 reviews each (the weighted totals and the mean are
computed in the database, so the query count must not move with N).

    .venv/bin/python bench/programs_ranking.py                 # 100 2000, SQLite scratch
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_programs \\
        .venv/bin/python bench/programs_ranking.py 100 20000

Give it a scratch database: it is migrated and filled. Not run by `make test`.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-programs-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from center.models import FiscalYear  # noqa: E402
from core import roles  # noqa: E402
from programs.models import Application, Call, Criterion, Program, Review, Score  # noqa: E402


def fill(call, reviewers, criteria, n, start):
    now = timezone.now()
    apps = Application.objects.bulk_create(
        Application(
            call=call,
            organisation=f"조합 {i}",
            representative="대표",
            phone="010-0000-0000",
            email=f"c{i}@example.org",
            project_name="사업",
            plan="계획",
            requested_amount=2_000_000,
            submitted_at=now,
        )
        for i in range(start, start + n)
    )
    reviews = Review.objects.bulk_create(
        Review(application=a, reviewer=r, weighted_total=Decimal((a.pk * 7 + r.pk) % 100))
        for a in apps
        for r in reviewers
    )
    Score.objects.bulk_create(
        Score(review=rv, criterion=c, score=(rv.pk + c.pk) % 101)
        for rv in reviews
        for c in criteria
    )


def measure(client, call):
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(f"/programs/staff/calls/{call.pk}/ranking/")
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), elapsed


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 2000]
    call_command("migrate", verbosity=0)
    roles.ensure_groups()
    User = get_user_model()
    manager, _ = User.objects.get_or_create(username="bench-manager")
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    reviewers = [User.objects.get_or_create(username=f"bench-reviewer-{i}")[0] for i in range(3)]
    fy, _ = FiscalYear.objects.get_or_create(year=timezone.localdate().year)
    program = Program.objects.get(code="startup")
    call = Call.objects.create(
        program=program,
        fiscal_year=fy,
        title=f"벤치 공고 {time.time()}",
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=1),
        eligibility="-",
    )
    criteria = [
        Criterion.objects.create(call=call, order=i, name=n, weight=w)
        for i, (n, w) in enumerate([("계획", 40), ("역량", 35), ("가치", 25)])
    ]
    client = Client()
    client.force_login(manager)
    done = 0
    print(f"{connection.vendor}: ranking page, 3 reviews per application")
    for size in sizes:
        fill(call, reviewers, criteria, size - done, done)
        done = size
        measure(client, call)  # warm
        queries, elapsed = measure(client, call)
        print(f"  {size:>7,} applications: {queries:>3} queries, {elapsed * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
