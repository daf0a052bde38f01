"""Restore a handover archive into an empty instance (after `migrate`)."""

from django.core.management.base import BaseCommand, CommandError

from center.archive import ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        "인계 폴더를 빈 포털에 되살립니다. 체크섬을 먼저 모두 확인하고, "
        "하나의 트랜잭션으로 전부 넣거나 아무것도 넣지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="export_archive로 만든 폴더")

    def handle(self, *args, path, **options):
        try:
            result = import_archive(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"표 {result.tables}개, 행 {result.rows:,}개, 첨부파일 {result.files:,}개를 되살렸습니다."
        )
