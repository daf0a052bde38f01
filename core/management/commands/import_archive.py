"""Restore a handover archive into an empty instance (after `migrate`)."""

from django.core.management.base import BaseCommand, CommandError

from core.archive import ArchiveError, import_archive

from .export_archive import PASSPHRASE_ENV, read_passphrase


class Command(BaseCommand):
    help = (
        "인계 폴더를 빈 포털에 되살립니다. manifest의 서명과 체크섬을 먼저 모두 확인하고, "
        "하나의 트랜잭션으로 전부 넣거나 아무것도 넣지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="export_archive로 만든 폴더")
        parser.add_argument(
            "--passphrase-file",
            help=f"암호화된 자료의 암호가 든 파일 (또는 환경 변수 {PASSPHRASE_ENV})",
        )

    def handle(self, *args, path, passphrase_file=None, **options):
        try:
            result = import_archive(path, passphrase=read_passphrase(passphrase_file))
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"표 {result.tables}개, 행 {result.rows:,}개, 첨부파일 {result.files:,}개를 되살렸습니다."
        )
