"""`make bench`: every benchmark of bench/ on a PostgreSQL database of its own,
then one table of the issue-17 goals (see bench/README.md).

    BENCH_SIZES=10000,100000,1000000 make bench     # the issue's sizes (slow)
    make bench                                      # BENCH_SIZES=10000,30000: a quick run (the demo alone has 7,316)

The database `bench_<pid>` is created on BENCH_PG (default
postgres://postgres@127.0.0.1:5432) and dropped at the end, also on failure.
Each benchmark runs as its own process against it; its own output is printed
as it comes, and the figures are read from it for the summary.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,30000").split(",") if s.strip()]


def _psql(sql: str) -> None:
    import psycopg2

    parts = urlsplit(SERVER)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def _run(script: str, *args: str, env: dict) -> str:
    print(f"\n== {script} {' '.join(args)}", flush=True)
    process = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    if process.wait():
        print(f"   ({script} exited with {process.returncode})")
    return "".join(lines)


def _numbers(line: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"-?[\d,]*\.?\d+", line)]


def report_rows(output: str) -> list[list[float]]:
    """consultations, queries, floor, build, xlsx, pdf per size."""
    rows = []
    for line in output.splitlines():
        values = _numbers(line)
        if len(values) == 6 and not line.strip().startswith("consultations"):
            rows.append(values)
    return rows


def list_rows(output: str) -> dict[str, list[tuple[int, int, float]]]:
    """screen → [(count, queries, median ms)]."""
    found: dict[str, list] = {}
    for line in output.splitlines():
        match = re.match(r"\s*([\d,]+)\s+(\S+(?: \S+)*?)\s+(\d+)\s+([\d.]+)\s+(\d+)\s*$", line)
        if match:
            count, label, queries, ms, _status = match.groups()
            found.setdefault(label, []).append(
                (int(count.replace(",", "")), int(queries), float(ms))
            )
    return found


def booking_rows(output: str) -> dict[str, tuple[float, float]]:
    """target → (req/s, p95 ms)."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"(\S.*?)\s{2,}(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s*$", line)
        if match:
            found[match.group(1).strip()] = (float(match.group(2)), float(match.group(4)))
    return found


def verdict(ok) -> str:
    return "-" if ok is None else ("met" if ok else "NOT met")


def main() -> int:
    name = f"bench_{os.getpid()}"
    parts = urlsplit(SERVER)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    if os.environ.get("BENCH_REDIS") != "1":
        env.pop("REDIS_URL", None)
    _psql(f"CREATE DATABASE {name}")
    try:
        sizes = [str(s) for s in SIZES]
        report = report_rows(_run("reports_export.py", *sizes, env=env))
        lists = list_rows(_run("consultations_lists.py", *sizes, env=env))
        booking = booking_rows(_run("consultations_booking.py", "--concurrency", "50", env=env))
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    table = []
    if report:
        first, last = report[0], report[-1]
        span = f"{int(first[0]):,}→{int(last[0]):,}"
        table.append(
            (
                "report queries (max)",
                f"{int(max(r[1] for r in report))}",
                "≤ 40",
                verdict(max(r[1] for r in report) <= 40),
            )
        )
        for index, label in ((3, "report build"), (4, "XLSX export")):
            ratio = last[index] / first[index] if first[index] else float("inf")
            table.append(
                (
                    f"{label} {span}",
                    f"{first[index]:.0f}→{last[index]:.0f} ms ({ratio:.2f}×)",
                    "≤ 1.5×",
                    verdict(ratio <= 1.5),
                )
            )
        floor_ratio = last[3] / last[2] if last[2] else float("inf")
        table.append(
            (
                f"build / raw SQL at {int(last[0]):,}",
                f"{floor_ratio:.1f}×",
                "≤ 3×",
                verdict(floor_ratio <= 3),
            )
        )
        table.append(
            ("PDF export (whole)", f"{last[5]:.0f} ms", "≤ 1.3× WeasyPrint alone", verdict(None))
        )
    for label, rows in lists.items():
        count, queries, ms = rows[-1]
        table.append(
            (
                f"list {label} at {count:,}",
                f"{ms:.0f} ms, {queries} queries",
                "< 300 ms",
                verdict(ms < 300),
            )
        )
    trivial = booking.get("trivial view")
    for target, (rate, p95) in booking.items():
        if target == "trivial view" or not trivial:
            continue
        share, slower = rate / trivial[0], p95 / trivial[1] if trivial[1] else float("inf")
        table.append(
            (
                f"{target} req/s, p95",
                f"{share:.0%} of trivial, p95 {slower:.1f}×",
                "≥ 50 %, ≤ 2×",
                verdict(share >= 0.5 and slower <= 2),
            )
        )
    print(f"\n== issue 17 goals (sizes {','.join(map(str, SIZES))}, PostgreSQL {name}, dropped)")
    width = max((len(row[0]) for row in table), default=10)
    print(f"{'figure':<{width}}  {'measured':<34} {'goal':<24} verdict")
    for figure, measured, goal, ok in table:
        print(f"{figure:<{width}}  {measured:<34} {goal:<24} {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
