"""Recount the monthly rollups (core.rollups) of every closed month: after a
bulk load that sent no signals; beat runs it nightly for the recent years."""

from django.core.management.base import BaseCommand

from core import rollups


class Command(BaseCommand):
    help = "월별 집계(마감된 달)를 다시 계산합니다. 대량 입력 뒤에 실행하세요."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="이 연도만 (여러 번 가능)")

    def handle(self, *args, year=None, **options):
        for key, months in rollups.refresh_all(year).items():
            self.stdout.write(f"{key}: {months}개월")
