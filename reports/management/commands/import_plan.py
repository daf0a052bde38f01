from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from center.models import FiscalYear
from reports import plan_import


class Command(BaseCommand):
    help = "엑셀(보고서 내보내기 형식)에서 연도의 예산 항목과 성과지표 목표를 가져옵니다."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("file")

    def handle(self, *args, year, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"파일이 없습니다: {path}")
        with path.open("rb") as handle:
            plan = plan_import.read(handle)
        if plan.errors:
            raise CommandError("가져오지 않았습니다.\n" + "\n".join(plan.errors))
        fiscal_year, created = FiscalYear.objects.get_or_create(year=year)
        try:
            plan_import.apply(plan, fiscal_year)
        except ValidationError as exc:
            raise CommandError("가져오지 않았습니다.\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(
            f"{year}년{' (새로 만듦)' if created else ''}: 예산 항목 {len(plan.budget)}개, "
            f"성과지표 {len(plan.indicators)}개를 가져왔습니다."
        )
