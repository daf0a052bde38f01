"""`make bench`: the issue-17 benchmarks on PostgreSQL databases of their own,
then one table of the goals with a verdict per figure (see bench/README.md).

    make bench                                  # BENCH_SIZES=10000,100000,1000000
    BENCH_SIZES=10000,30000 BENCH_ROUNDS=2 make bench      # a quick run

1. Templates: the demo grown to each size (bench/data.py), built once and
   kept as `bench_tpl_<size>_<fingerprint>` (the first 1M build takes
   minutes; later runs start at once).
2. Each size is cloned (`CREATE DATABASE … TEMPLATE`) to `bench_<pid>_<size>`.
3. bench/figures.py runs on every clone in interleaved rounds (10k, 100k,
   1M, 10k, …; BENCH_ROUNDS, default 3): a busy machine slows every size
   alike, and the ratios are medians of the rounds.
4. bench/pdf_overhead.py and bench/booking_wrk.py run on the largest clone
   (wrk under the project's gunicorn, beside a trivial view; the cache is
   Redis BENCH_REDIS_URL, default redis://127.0.0.1:6379/13, when it answers).
5. The clones are dropped (also on failure); the templates stay.
"""

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import data  # noqa: E402

PYTHON = sys.executable
SERVER = data.Server(os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
SIZES = sorted(
    int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",") if s.strip()
)
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")

FLAT, FLOOR, LIST_MS, MAX_QUERIES = 1.5, 3.0, 300, 40
FLAT_FIGURES = ("build", "xlsx", "report page", "dashboard")
# Goals a benchmark cannot show: their rows name the tests that check them.
BY_TESTS = [
    ("3 every list paginated", "tests/*/test_pagination.py"),
    ("6 long work as tasks", "the jobs tests (make test)"),
    ("7 the test suite's time", "make test (timed there)"),
]


def _run(script: str, *args: str, env: dict, quiet: bool = False) -> str:
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
        if not quiet or not line.startswith("RESULT "):
            print(line, end="", flush=True)
        lines.append(line)
    if process.wait():
        print(f"   ({script} exited with {process.returncode})")
    return "".join(lines)


def _env(database: str, redis: str = "") -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": SERVER.database_url(database),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis
    return env


def _redis_ready(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        return True
    except Exception:
        return False


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def verdict(ok) -> str:
    return "-" if ok is None else ("met" if ok else "NOT met")


def figures_of(output: str) -> dict:
    import json

    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    return {}


def booking_rows(output: str) -> dict[str, tuple]:
    """target → (median share of the trivial view's req/s, median p95 ratio,
    req/s, p95 ms)."""
    return {name: tuple(values) for name, values in figures_of(output).items()}


def pdf_ratio(output: str) -> float | None:
    match = re.search(r"overhead \(whole / WeasyPrint\)\s+([\d.]+)", output)
    return float(match.group(1)) if match else None


def summary(rounds: dict[int, list[dict]], booking: dict, pdf: float | None) -> list[tuple]:
    med = {
        size: {
            name: (
                statistics.median(r[name][0] for r in runs if name in r),
                max(r[name][1] for r in runs if name in r),
                statistics.median((r[name][2:] or [0])[0] for r in runs if name in r),
            )
            for name in runs[0]
        }
        for size, runs in rounds.items()
        if runs
    }
    table = []
    if med:
        small, large = min(med), max(med)
        first, last = med[small], med[large]
        span = f"{small:,}→{large:,}"
        for name in FLAT_FIGURES:
            queries = max(f[name][1] for f in med.values())
            table.append(
                (
                    f"1 {name} queries (max)",
                    f"{queries}",
                    f"≤ {MAX_QUERIES}",
                    verdict(queries <= MAX_QUERIES),
                )
            )
        for name in FLAT_FIGURES:
            ratio = last[name][0] / first[name][0]
            table.append(
                (
                    f"1 {name} {span}",
                    f"{first[name][0]:.0f}→{last[name][0]:.0f} ms ({ratio:.2f}×)",
                    f"≤ {FLAT}×",
                    verdict(ratio <= FLAT),
                )
            )
        ratio = last["build"][0] / last["floor"][0]
        table.append(
            (
                f"1 build / raw SQL at {large:,}",
                f"{last['build'][0]:.0f} / {last['floor'][0]:.0f} ms ({ratio:.2f}×)",
                f"≤ {FLOOR}×",
                verdict(ratio <= FLOOR),
            )
        )
        for name in (n for n in last if n.startswith("list ")):
            ms, queries, cpu = last[name]
            same = len({f[name][1] for f in med.values()}) == 1
            table.append(
                (
                    f"2 {name} at {large:,}",
                    f"{ms:.0f} ms (cpu {cpu:.0f}), {queries} q{'' if same else ' (varies)'}",
                    f"< {LIST_MS} ms",
                    verdict(ms < LIST_MS and same),
                )
            )
    for target, (share, p95, rps, p95_ms) in booking.items():
        if target == "trivial":
            table.append(
                ("4 trivial view (the baseline)", f"{rps:.0f} req/s, p95 {p95_ms:.0f} ms", "", "")
            )
            continue
        table.append(
            (
                f"4 {target}",
                f"{share:.1%} of trivial req/s, p95 {p95:.2f}×",
                "≥ 50 %, p95 ≤ 2×",
                verdict(share >= 0.5 and p95 <= 2),
            )
        )
    table.append(
        (
            "5 PDF overhead (whole / WeasyPrint)",
            "-" if pdf is None else f"{pdf:.2f}",
            "≤ 1.3",
            verdict(None if pdf is None else pdf <= 1.3),
        )
    )
    for figure, where in BY_TESTS:
        table.append((figure, f"not a benchmark: {where}", "", "n/a"))
    table.sort(key=lambda row: int(row[0].split()[0]))  # by goal, stable within one
    unmeasured = sum(1 for row in table if row[3] == "-")
    if not booking:
        unmeasured += 1
    table.append(
        (
            "8 every benchmark in this run",
            f"{unmeasured} figure(s) not measured" if unmeasured else "all measured",
            "none missing",
            verdict(not unmeasured and bool(med)),
        )
    )
    return table


def main() -> int:
    print(f"load before: {_load()}, cores: {os.cpu_count()}, sizes {SIZES}, rounds {ROUNDS}")
    templates = data.templates(SERVER, SIZES)
    clones = {size: f"bench_{os.getpid()}_{size}" for size in SIZES}
    rounds: dict[int, list[dict]] = {size: [] for size in SIZES}
    booking, pdf = {}, None
    try:
        for size in SIZES:
            SERVER.clone(templates[size], clones[size])
        for number in range(1, ROUNDS + 1):
            for size in SIZES:
                print(f"\n-- round {number}/{ROUNDS}, {size:,} consultations", end="")
                out = _run("figures.py", env=_env(clones[size]), quiet=True)
                rounds[size].append(figures_of(out))
        largest = clones[SIZES[-1]]
        pdf = pdf_ratio(_run("pdf_overhead.py", "5", env=_env(largest)))
        redis = REDIS if _redis_ready(REDIS) else ""
        booking = booking_rows(
            _run("booking_wrk.py", "--rounds", "3", "--seconds", "8", env=_env(largest, redis))
        )
    finally:
        for name in clones.values():
            SERVER.drop(name)
    rounds = {size: [r for r in runs if r] for size, runs in rounds.items()}
    table = summary(rounds, booking, pdf)
    print(
        f"\n== issue 17 goals (sizes {','.join(f'{s:,}' for s in SIZES)}, {ROUNDS} interleaved "
        f"rounds, PostgreSQL clones of {data.PREFIX}*, dropped; load after: {_load()})"
    )
    width = max(len(row[0]) for row in table)
    print(f"{'figure':<{width}}  {'measured':<40} {'goal':<18} verdict")
    for figure, measured, goal, ok in table:
        print(f"{figure:<{width}}  {measured:<40} {goal:<18} {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
