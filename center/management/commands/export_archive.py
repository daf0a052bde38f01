"""Write the handover archive (see center/archive.py for its layout)."""

from django.core.management.base import BaseCommand, CommandError

from center.archive import ArchiveError, export_archive


class Command(BaseCommand):
    help = "포털의 모든 자료를 인계용 폴더로 내보냅니다 (표마다 JSON, 첨부파일, 체크섬, 설명서)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="만들 폴더 (없거나 비어 있어야 합니다)")

    def handle(self, *args, path, **options):
        try:
            manifest = export_archive(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            f"{path}: 표 {len(manifest['tables'])}개, 행 {rows:,}개, "
            f"첨부파일 {len(manifest['files']):,}개를 내보냈습니다."
        )
