"""Write the handover archive (see core/archive.py for its layout)."""

import os

from django.core.management.base import BaseCommand, CommandError

from core.archive import ArchiveError, export_archive

PASSPHRASE_ENV = "ARCHIVE_PASSPHRASE"


def read_passphrase(passphrase_file: str | None) -> str | None:
    """The passphrase from --passphrase-file, else from ARCHIVE_PASSPHRASE, else None."""
    if passphrase_file:
        try:
            with open(passphrase_file, encoding="utf-8") as handle:
                passphrase = handle.read().strip()
        except OSError as exc:
            raise CommandError(f"{passphrase_file}: 암호 파일을 읽을 수 없습니다: {exc}") from exc
        if len(passphrase) < 12:
            raise CommandError("암호는 12자 이상이어야 합니다.")
        return passphrase
    return os.environ.get(PASSPHRASE_ENV) or None


class Command(BaseCommand):
    help = (
        "포털의 모든 자료를 인계용 폴더로 내보냅니다 (표마다 JSON, 첨부파일, 체크섬, 설명서). "
        "폴더와 파일은 소유자만 읽을 수 있고, 내보낸 기록은 개인정보 접근 기록에 남습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="만들 폴더 (없거나 비어 있어야 합니다)")
        parser.add_argument(
            "--reason", required=True, help="내보내는 사유 (개인정보 접근 기록에 남습니다)"
        )
        parser.add_argument(
            "--passphrase-file",
            help=f"이 파일의 암호로 자료를 암호화합니다 (또는 환경 변수 {PASSPHRASE_ENV})",
        )

    def handle(self, *args, path, reason, passphrase_file=None, **options):
        passphrase = read_passphrase(passphrase_file)
        try:
            manifest = export_archive(path, reason=reason, passphrase=passphrase)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            f"{path}: 표 {len(manifest['tables'])}개, 행 {rows:,}개, "
            f"첨부파일 {len(manifest['files']):,}개를 "
            f"{'암호화해 ' if passphrase else ''}내보냈습니다."
        )
