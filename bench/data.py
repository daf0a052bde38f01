"""The benchmark's data: the 2021 demo grown to N consultations, built once
into PostgreSQL template databases and cloned for each run (`createdb -T`).

    bench_tpl_<size>_g<generator>_<migrations>     e.g. bench_tpl_1000000_g2_3f2a91c0

A template made before newer migrations is migrated forward; one of another
generator (GENERATOR, bumped when this file changes what it makes) is dropped
and rebuilt. The smallest template is migrated and gets the demo
(`load_demo --no-accounts`) and a staff manager `bench-staff`; each larger
one is a copy of the previous size grown by SQL (`INSERT … SELECT … FROM generate_series`: a million rows
in about a minute instead of an hour of bulk_create).

What is added, all in 2021 (the demo's year, a closed year):
- 2,000 cooperatives `벤치<i>협동조합` and 20,000 clients with phones
  010-1000-0000 … (two of them end in 5678: `?q=5678` finds a
  handful of clients, as a desk search does);
- consultations on the business days (Mon–Fri) 09:00–17:59, the channel mix
  of the 2021 report (phone 96 %, homepage 2 %, visit 1 %, video 0.4 %), a
  random client and its cooperative, one of six summaries (0.1 % say
  "청산인": the rare-word search), one category each.
"""

import hashlib
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench_tpl_"

SUMMARIES = [
    "설립 절차와 창립총회 서류 문의",
    "정관 변경 절차 문의",
    "사회적협동조합 인가 요건 문의",
    "조합원 탈퇴와 출자금 환급 문의",
    "총회 소집과 의결 정족수 문의",
    "지원사업 공모 일정 문의",
]
RARE = "해산 후 청산인 선임 절차 문의"

SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from core import roles
call_command("migrate", verbosity=0)
call_command("load_demo", "--no-accounts", verbosity=0)
roles.ensure_groups()
user, _ = get_user_model().objects.get_or_create(username="bench-staff", first_name="벤치")
user.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.MANAGER))
"""


# Bump when grow() or SETUP changes what a template holds.
GENERATOR = "2"


def fingerprint() -> str:
    """The migrations' hash: a template of the same generator made before
    other migrations is migrated forward instead of being rebuilt."""
    digest = hashlib.sha1()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def template_name(size: int) -> str:
    return f"{PREFIX}{size}_g{GENERATOR}_{fingerprint()}"


class Server:
    def __init__(self, url: str):
        self.url = url

    def connect(self, dbname: str = "postgres"):
        import psycopg2

        parts = urlsplit(self.url)
        conn = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname=dbname,
        )
        conn.autocommit = True
        return conn

    def execute(self, sql: str, dbname: str = "postgres", params=None):
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()

    def database_url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def databases(self, prefix: str) -> list[str]:
        rows = self.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", params=[prefix + "%"]
        )
        return [r[0] for r in rows]

    def clone(self, template: str, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count(server: Server, dbname: str) -> int:
    return server.execute("SELECT count(*) FROM consultations_consultation", dbname)[0][0]


def grow(server: Server, dbname: str, total: int) -> None:
    """Add consultations (and, once, the bench clients) until there are `total`."""
    conn = server.connect(dbname)
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM consultations_cooperative WHERE name LIKE '벤치%%'")
        if not cursor.fetchone()[0]:
            cursor.execute(
                """
                INSERT INTO consultations_cooperative (name, kind, district, created_at)
                SELECT '벤치' || i || '협동조합', 'general',
                       (ARRAY['마포구','종로구','강남구','은평구','관악구','성북구'])[1 + i % 6], now()
                FROM generate_series(1, 2000) i
                """
            )
            cursor.execute(
                """
                INSERT INTO consultations_client
                    (name, phone, phone_digits, email, created_at, cooperative_id)
                SELECT '김' || i || '수',
                       '010-' || lpad((1000 + i / 10000)::text, 4, '0') || '-'
                              || lpad((i % 10000)::text, 4, '0'),
                       '010' || lpad((1000 + i / 10000)::text, 4, '0')
                             || lpad((i % 10000)::text, 4, '0'),
                       '', now(), c.id
                FROM generate_series(0, 19999) i
                JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                      FROM consultations_cooperative WHERE name LIKE '벤치%%') c
                  ON c.n = i % 2000
                """
            )
        cursor.execute("SELECT count(*) FROM consultations_consultation")
        missing = total - cursor.fetchone()[0]
        if missing <= 0:
            conn.close()
            return
        cursor.execute("SELECT coalesce(max(id), 0) FROM consultations_consultation")
        before = cursor.fetchone()[0]
        # The trigram indexes are rebuilt after the load (ten times faster
        # than keeping them up to date row by row).
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'consultations_consultation' AND indexdef LIKE '%%USING gin%%'"
        )
        gin = cursor.fetchall()
        for name, _definition in gin:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            """
            WITH days AS (
                SELECT array_agg(d::date) AS a FROM generate_series(
                    '2021-01-01'::date, '2021-12-31'::date, '1 day') d
                WHERE extract(isodow FROM d) < 6),
            clients AS (SELECT array_agg(id ORDER BY id) AS a FROM consultations_client
                        WHERE name LIKE '김%%수'),
            staff AS (SELECT array_agg(id) AS a FROM auth_user),
            rows AS (
                SELECT random() AS r, random() AS s, days.a[1 + floor(random() * 261)::int] AS day,
                       clients.a[1 + floor(random() * 20000)::int] AS client,
                       staff.a[1 + floor(random() * cardinality(staff.a))::int] AS handler
                FROM generate_series(1, %(missing)s), days, clients, staff)
            INSERT INTO consultations_consultation
                (channel, started_at, duration_minutes, summary, answer, follow_up_needed,
                 created_at, client_id, cooperative_id, handled_by_id)
            SELECT CASE WHEN r < 0.9628 THEN 'phone' WHEN r < 0.9854 THEN 'web'
                        WHEN r < 0.9956 THEN 'visit' ELSE 'video' END,
                   (rows.day + time '09:00' + (floor(random() * 540) || ' minutes')::interval)
                       AT TIME ZONE 'Asia/Seoul',
                   (ARRAY[5, 10, 15, 20, 30, 60])[1 + floor(random() * 6)::int],
                   CASE WHEN s < 0.001 THEN %(rare)s
                        ELSE (%(summaries)s::text[])[1 + floor(random() * 6)::int] END,
                   '안내했습니다.', false, now(), rows.client, c.cooperative_id, rows.handler
            FROM rows JOIN consultations_client c ON c.id = rows.client
            """,
            {"missing": missing, "rare": RARE, "summaries": SUMMARIES},
        )
        cursor.execute(
            """
            INSERT INTO consultations_consultation_categories (consultation_id, category_id)
            SELECT c.id, cats.a[1 + floor(random() * cardinality(cats.a))::int]
            FROM consultations_consultation c,
                 (SELECT array_agg(id) AS a FROM consultations_category) cats
            WHERE c.id > %s
            """,
            [before],
        )
        for _name, definition in gin:
            cursor.execute(definition)
        cursor.execute("VACUUM ANALYZE")
    conn.close()


def refresh_rollups(server: Server, dbname: str) -> None:
    """What the nightly beat task does after a bulk load."""
    subprocess.run(
        [sys.executable, "manage.py", "refresh_rollups"],
        cwd=ROOT,
        env=_env(server, dbname),
        check=True,
    )


def _env(server: Server, dbname: str) -> dict:
    import os

    env = {**os.environ, "DATABASE_URL": server.database_url(dbname)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env.pop("REDIS_URL", None)
    return env


def templates(server: Server, sizes: list[int], log=print) -> dict[int, str]:
    """{size: template database}, building the missing ones (smallest first).
    A template of the same size and generator but older migrations is renamed
    and migrated; templates of another generator are dropped."""
    wanted = {size: template_name(size) for size in sizes}
    existing = set(server.databases(PREFIX))
    for stale in sorted(existing):
        if f"_g{GENERATOR}_" not in stale:
            log(f"   dropping {stale} (another generator)")
            server.drop(stale)
            existing.discard(stale)
    previous = None
    for size in sorted(sizes):
        name = wanted[size]
        older = sorted(e for e in existing if e.startswith(f"{PREFIX}{size}_g{GENERATOR}_"))
        if name not in existing and older:
            log(f"   migrating {older[-1]} to {name}")
            server.execute(f'ALTER DATABASE "{older[-1]}" RENAME TO "{name}"')
            for other in older[:-1]:
                server.drop(other)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"],
                cwd=ROOT,
                env=_env(server, name),
                check=True,
            )
            # Statistics and visibility map as a fresh build has them (new
            # indexes serve index-only scans at once).
            server.execute("VACUUM ANALYZE", name)
            refresh_rollups(server, name)
        elif name not in existing:
            _build(server, name, size, previous, log)
        previous = name
    return wanted


def _build(server: Server, name: str, size: int, previous: str | None, log) -> None:
    if previous is None:
        log(f"   building {name}: migrate + the 2021 demo")
        server.execute(f'CREATE DATABASE "{name}"')
    else:
        log(f"   building {name} from {previous}")
        server.clone(previous, name)
    try:
        if previous is None:
            subprocess.run(
                [sys.executable, "-c", SETUP], cwd=ROOT, env=_env(server, name), check=True
            )
        grow(server, name, size)
        refresh_rollups(server, name)
    except BaseException:
        server.drop(name)
        raise
    log(f"   {name}: {count(server, name):,} consultations")
