"""Write the handover archive (see core/archive.py for its layout)."""

from core.archive import export_archive

from ..archive_command import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "포털의 모든 자료를 인계용 폴더로 내보냅니다 (표마다 JSON, 첨부파일, 체크섬, 설명서). "
        "폴더와 파일은 소유자만 읽을 수 있고, 내보낸 기록은 개인정보 접근 기록에 남습니다."
    )
    path_help = "만들 폴더 (없거나 비어 있어야 합니다)"
    passphrase_help = "이 파일의 암호로 자료를 암호화합니다"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reason", required=True, help="내보내는 사유 (개인정보 접근 기록에 남습니다)"
        )

    def run(self, path, *, passphrase, reason, **options):
        manifest = export_archive(path, reason=reason, passphrase=passphrase)
        rows = sum(t["rows"] for t in manifest["tables"])
        return (
            f"{path}: 표 {len(manifest['tables'])}개, 행 {rows:,}개, "
            f"첨부파일 {len(manifest['files']):,}개를 "
            f"{'암호화해 ' if passphrase else ''}내보냈습니다."
        )
