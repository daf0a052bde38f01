"""Report export at scale: time and SQL query count of the annual report for
years with 10k, 100k and 1M consultation records, beside the database's own
floor (the raw aggregate SQL the sources run, timed on the same data).

Not run by `make test`. Needs PostgreSQL and a throwaway database:

    createdb -h 127.0.0.1 -U postgres bench_reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports \\
        .venv/bin/python bench/reports_export.py 10000 100000 1000000

Each size adds records to reach the total, then measures. Figures are whole
milliseconds; the report's query count must not grow with the records.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from center.models import FiscalYear  # noqa: E402
from reports import builder, exporters  # noqa: E402

YEAR = 2021
FLOOR_SQL = """
    SELECT channel, count(*) FROM consultations_consultation
    WHERE started_at >= %s AND started_at < %s GROUP BY channel
"""


def ms(seconds: float) -> int:
    return round(seconds * 1000)


def timed(func, repeat: int = 3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def consultation_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM consultations_consultation")
        return cursor.fetchone()[0]


def floor() -> float:
    import datetime as dt

    from django.utils import timezone

    tz = timezone.get_default_timezone()
    bounds = (dt.datetime(YEAR, 1, 1, tzinfo=tz), dt.datetime(YEAR + 1, 1, 1, tzinfo=tz))

    def run():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, bounds)
            return cursor.fetchall()

    return timed(run)[0]


def main(sizes: list[int]) -> None:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL의 빈 데이터베이스를 DATABASE_URL로 지정하세요.")
    call_command("migrate", verbosity=0)
    if not FiscalYear.objects.filter(year=YEAR).exists():
        call_command("load_demo", "--no-accounts", verbosity=0)
    year = FiscalYear.objects.get(year=YEAR)
    print(
        f"{'consultations':>14} {'queries':>8} {'floor ms':>9} {'build ms':>9} {'xlsx ms':>8} {'pdf ms':>8}"
    )
    for size in sizes:
        missing = size - consultation_count()
        if missing > 0:
            call_command(
                "generate_load",
                "--year",
                str(YEAR),
                "--consultations",
                str(missing),
                verbosity=0,
                stdout=open(os.devnull, "w"),
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with CaptureQueriesContext(connection) as queries:
            builder.build(year)
        build_s, _ = timed(lambda: builder.build(year))
        xlsx_s, _ = timed(lambda: exporters.render(year, "xlsx"))
        pdf_s, _ = timed(lambda: exporters.render(year, "pdf"), repeat=1)
        print(
            f"{consultation_count():>14,} {len(queries.captured_queries):>8} {ms(floor()):>9} "
            f"{ms(build_s):>9} {ms(xlsx_s):>8} {ms(pdf_s):>8}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
