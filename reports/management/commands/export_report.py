from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from center.models import FiscalYear
from reports.exporters import FORMATS, render


class Command(BaseCommand):
    help = "연도의 주요업무보고를 PDF, XLSX, HWPX(한글) 또는 HTML 파일로 내보냅니다."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=sorted(FORMATS), required=True, dest="fmt")
        parser.add_argument("--output", required=True)

    def handle(self, *args, year, fmt, output, **options):
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"{year}년 회계연도가 없습니다.")
        data = render(fiscal_year, fmt)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.stdout.write(f"{path} ({len(data):,} bytes)")
