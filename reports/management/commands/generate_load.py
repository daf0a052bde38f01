"""Synthetic, realistic records at scale for the benchmarks in bench/.

    python manage.py generate_load --year 2021 --consultations 100000 --expenditures 5000

Rows are spread over the business days of the year with the channel mix of
the 2021 report (phone 96%, homepage 2%, visit 1%, video 0.4%), written with
bulk_create in batches. Models are looked up through the app registry, so the
command works with whichever apps are installed.
"""

import datetime as dt
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from center.models import BudgetLine, Expenditure, FiscalYear
from core import rollups
from core.calendar import business_days

BATCH = 5000
CHANNEL_MIX = [("phone", 7044), ("web", 165), ("visit", 75), ("video", 32)]
SUMMARIES = [
    "설립 절차와 창립총회 서류 문의",
    "정관 변경 절차 문의",
    "사회적협동조합 인가 요건 문의",
    "조합원 탈퇴와 출자금 환급 문의",
    "해산·청산 절차 문의",
    "지원사업 공모 일정 문의",
]


class Command(BaseCommand):
    help = "벤치마크용 합성 기록을 대량으로 만듭니다 (시연·운영 데이터베이스에는 쓰지 마세요)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--consultations", type=int, default=0)
        parser.add_argument("--expenditures", type=int, default=0)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, year, consultations, expenditures, seed, **options):
        rng = random.Random(seed)
        if not FiscalYear.objects.filter(year=year).exists():
            raise CommandError(f"{year}년 회계연도가 없습니다. 먼저 load_demo를 실행하세요.")
        days = business_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
        started = time.monotonic()
        if consultations:
            self._consultations(year, consultations, days, rng)
        if expenditures:
            self._expenditures(year, expenditures, days, rng)
        self.stdout.write(f"{time.monotonic() - started:.1f}초 걸렸습니다.")

    def _consultations(self, year, count, days, rng):
        try:
            Consultation = apps.get_model("consultations", "Consultation")
        except LookupError as exc:
            raise CommandError("consultations 앱이 없습니다.") from exc
        User = apps.get_model("auth", "User")
        staff = list(
            User.objects.filter(groups__name__in=["직원", "관리자"]).values_list("pk", flat=True)
        )
        channels = [c for c, _ in CHANNEL_MIX]
        weights = [w for _, w in CHANNEL_MIX]
        tz = timezone.get_default_timezone()
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            rows = []
            for _ in range(size):
                day = rng.choice(days)
                moment = dt.datetime.combine(
                    day, dt.time(9 + rng.randrange(9), rng.randrange(60)), tz
                )
                rows.append(
                    Consultation(
                        channel=rng.choices(channels, weights)[0],
                        started_at=moment,
                        duration_minutes=rng.choice([5, 10, 15, 20, 30, 60]),
                        summary=rng.choice(SUMMARIES),
                        answer="안내했습니다.",
                        handled_by_id=rng.choice(staff) if staff else None,
                    )
                )
            with transaction.atomic():
                Consultation.objects.bulk_create(rows)
                # bulk_create sends no signals: the closed months' rollups recount.
                rollups.records_written(Consultation, rows)
            made += size
            self.stdout.write(f"상담 {made:,}/{count:,}")

    def _expenditures(self, year, count, days, rng):
        leaves = list(
            BudgetLine.objects.filter(fiscal_year__year=year, children__isnull=True).values_list(
                "pk", flat=True
            )
        )
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            Expenditure.objects.bulk_create(
                Expenditure(
                    budget_line_id=rng.choice(leaves),
                    date=rng.choice(days),
                    amount=rng.randrange(10, 500) * 1000,
                    payee="합성 지급처",
                    memo="벤치마크",
                )
                for _ in range(size)
            )
            made += size
        self.stdout.write(f"집행 내역 {count:,}건")
