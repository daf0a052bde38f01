"""Restore a handover archive into an empty instance (after `migrate`)."""

from core.archive import import_archive

from ..archive_command import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "인계 폴더를 빈 포털에 되살립니다. manifest의 서명과 체크섬을 먼저 모두 확인하고, "
        "하나의 트랜잭션으로 전부 넣거나 아무것도 넣지 않습니다."
    )
    path_help = "export_archive로 만든 폴더"
    passphrase_help = "암호화된 자료의 암호가 든 파일"

    def run(self, path, *, passphrase, **options):
        result = import_archive(path, passphrase=passphrase)
        return f"표 {result.tables}개, 행 {result.rows:,}개, 첨부파일 {result.files:,}개를 되살렸습니다."
