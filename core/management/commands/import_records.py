"""Import records from an XLSX or CSV file, all or nothing.

    python manage.py import_records consultations 상담일지.xlsx
    python manage.py import_records consultations log.csv --dry-run
    python manage.py import_records --list

NAME is an importer registered with `core.registry.register_importer` (any
app adds its own in its AppConfig.ready(); see `core.importing`).
Every row is validated first; if any row is bad, the errors are printed as
"3행: 상담일시 형식이 올바르지 않습니다", nothing is saved and the command exits
with status 1. `--dry-run` validates and previews without saving.
"""

from django.core.management.base import BaseCommand, CommandError

from core import importing
from core.registry import get_importer, importers


class Command(BaseCommand):
    help = "XLSX/CSV 파일에서 기록을 가져옵니다 (한 행이라도 틀리면 아무것도 저장하지 않습니다)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="가져오기 종류 (예: consultations)")
        parser.add_argument("file", nargs="?", help="XLSX 또는 CSV 파일 경로")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다.")
        parser.add_argument("--list", action="store_true", help="가져오기 종류를 보여 줍니다.")

    def handle(self, *args, name=None, file=None, dry_run=False, list=False, **options):
        if list:
            for importer in importers():
                self.stdout.write(
                    f"{importer.name}\t{importer.label}\t{', '.join(importer.columns)}"
                )
            return
        if not name or not file:
            raise CommandError(
                "가져오기 종류와 파일을 지정하세요: import_records consultations FILE"
            )
        if get_importer(name) is None:
            names = ", ".join(i.name for i in importers())
            raise CommandError(f"가져오기 종류 '{name}'이(가) 없습니다. 가능한 종류: {names}")
        try:
            rows = importing.read_rows(file)
            result = importing.run_import(name, rows, commit=not dry_run)
        except FileNotFoundError as exc:
            raise CommandError(f"파일을 찾을 수 없습니다: {file}") from exc
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(result.errors)}개 오류가 있어 아무것도 저장하지 않았습니다 ({len(rows)}행 검사)."
            )
        if dry_run:
            self.stdout.write(f"{len(rows)}행 모두 올바릅니다. (--dry-run: 저장하지 않았습니다)")
        else:
            self.stdout.write(self.style.SUCCESS(f"{result.saved}건을 가져왔습니다."))
