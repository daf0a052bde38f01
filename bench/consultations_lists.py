"""List pages of consultations at scale: SQL query count and time per page
at 1k and 100k consultations (or the sizes given), on DATABASE_URL.

    createdb -h 127.0.0.1 -U postgres bench_consultations
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_consultations \\
        .venv/bin/python bench/consultations_lists.py            # 1000 100000
    .venv/bin/python bench/consultations_lists.py 1000 20000     # SQLite scratch file
    ... bench/consultations_lists.py 10000 200000 --explain      # and the plans (PostgreSQL)

Searches: `?q=설립` (a word in a sixth of the rows), `?q=5678` (phone digits of
two clients), `?q=청산인` (a phrase in 0.1 % of the rows); the last page.

Without DATABASE_URL a throw-away SQLite file is used. The database is
migrated, then records are bulk-added to reach each total before measuring;
give it a scratch database. Each page is fetched 5 times through Django's
test client as a staff member; the median time is reported. The query count
must be the same at every size. Not run by `make test`.
"""

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-consultations-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import (  # noqa: E402
    DISTRICTS,
    Category,
    Client,
    Consultation,
    Cooperative,
    phone_digits_of,
)
from core import roles  # noqa: E402

SUMMARIES = [
    "설립 절차 문의",
    "총회 소집 문의",
    "정관 변경 문의",
    "조합원 가입 문의",
    "출자금 반환 문의",
    "사업계획서 작성 문의",
]

PAGES = [
    ("목록", "/consultations/"),
    ("채널+기간", "/consultations/?channel=phone&date_from=2021-03-01&date_to=2021-06-30"),
    ("분야+자치구", "/consultations/?category={category}&district=마포구"),
    ("검색", "/consultations/?q=설립"),
    ("전화번호 검색", "/consultations/?q=5678"),
    ("드문 말 검색", "/consultations/?q=청산인"),
    ("마지막 쪽", "/consultations/?page=last"),
    ("협동조합 목록", "/consultations/cooperatives/"),
    ("협동조합 이력", "/consultations/cooperatives/{cooperative}/"),
    ("신청인 이력", "/consultations/clients/{client}/"),
]


def grow(total: int, rng: random.Random) -> None:
    have = Consultation.objects.count()
    if have >= total:
        return
    coops = list(Cooperative.objects.all()[:2000])
    if len(coops) < 2000:
        Cooperative.objects.bulk_create(
            [
                Cooperative(name=f"벤치{i}협동조합", district=rng.choice(DISTRICTS))
                for i in range(len(coops), 2000)
            ],
            ignore_conflicts=True,
        )
        coops = list(Cooperative.objects.all()[:2000])
    clients = list(Client.objects.all()[:20000])
    if len(clients) < 20000:
        Client.objects.bulk_create(
            [
                Client(
                    name=f"김{i}수",
                    phone=(phone := f"010-{1000 + i // 10000:04d}-{i % 10000:04d}"),
                    phone_digits=phone_digits_of(phone),
                    cooperative=rng.choice(coops),
                )
                for i in range(len(clients), 20000)
            ],
            batch_size=5000,
        )
        clients = list(Client.objects.select_related("cooperative")[:20000])
    categories = list(Category.objects.all())
    staff = list(get_user_model().objects.filter(groups__name=roles.STAFF))
    start = timezone.make_aware(dt.datetime(2021, 1, 4, 9))
    Through = Consultation.categories.through
    left = total - have
    while left > 0:
        batch = min(left, 10_000)
        objects = []
        for _ in range(batch):
            client = rng.choice(clients)
            objects.append(
                Consultation(
                    channel=rng.choice(["phone"] * 8 + ["visit", "web", "video"]),
                    started_at=start + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60)),
                    duration_minutes=10,
                    client=client,
                    cooperative=client.cooperative,
                    summary=rng.choice(SUMMARIES)
                    if rng.random() > 0.001
                    else "해산 후 청산인 선임 절차 문의",
                    handled_by=rng.choice(staff),
                )
            )
        created = Consultation.objects.bulk_create(objects, batch_size=5000)
        Through.objects.bulk_create(
            [Through(consultation_id=c.pk, category_id=rng.choice(categories).pk) for c in created],
            batch_size=10000,
        )
        left -= batch
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would have them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def explain(url: str) -> None:
    """The plan of the page's list query (EXPLAIN ANALYZE), to see which
    indexes the search and the deep page use."""
    from django.test import RequestFactory

    from consultations.forms import ConsultationFilter
    from consultations.selectors import consultations
    from core.pagination import capped_page

    request = RequestFactory().get(url)
    filterset = ConsultationFilter(request.GET or None, queryset=consultations())
    page = capped_page(request, filterset.qs, per_page=50)
    rows = filterset.qs[page.start_index() - 1 if page.start_index() else 0 :][:50]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("\n".join(f"    {row[0]}" for row in cursor.fetchall()))


def measure(http: HttpClient, url: str) -> tuple[int, float, int]:
    http.get(url)  # warm-up
    times, queries, status = [], 0, 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = http.get(url)
            times.append(time.perf_counter() - began)
        queries, status = len(captured.captured_queries), response.status_code
    return queries, statistics.median(times) * 1000, status


def main(sizes: list[int]) -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "whitenoise" not in m]
    # Serve pages without a collected static manifest (as the tests do).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    roles.ensure_groups()
    User = get_user_model()
    user, created = User.objects.get_or_create(username="bench-staff")
    if created:
        user.groups.add(Group.objects.get(name=roles.STAFF))
    http = HttpClient()
    http.force_login(user)
    rng = random.Random(7)
    print(f"데이터베이스: {connection.vendor}")
    print(f"{'건수':>9} {'화면':<12} {'쿼리':>4} {'중앙값(ms)':>10} {'상태':>4}")
    for total in sizes:
        grow(total, rng)
        sample = Consultation.objects.filter(client__isnull=False).order_by("pk").first()
        values = {
            "category": Category.objects.get_or_create(name="설립")[0].pk,
            "cooperative": sample.cooperative_id,
            "client": sample.client_id,
        }
        count = Consultation.objects.count()
        for label, template in PAGES:
            url = template.format(**values)
            queries, ms, status = measure(http, url)
            print(f"{count:>9,} {label:<12} {queries:>4} {ms:>10.1f} {status:>4}")
            if EXPLAIN and connection.vendor == "postgresql" and url.startswith("/consultations/?"):
                explain(url)


EXPLAIN = "--explain" in sys.argv

if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main([int(a) for a in sys.argv[1:] if a.isdigit()] or [1_000, 100_000])
