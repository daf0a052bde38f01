"""Back up the database and the uploaded files into one checked folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "데이터베이스와 첨부파일을 한 폴더에 백업합니다 (PostgreSQL: pg_dump와 첨부파일 "
        "묶음, 그 밖의 데이터베이스: 인계 자료). SHA256SUMS로 확인할 수 있습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="만들 폴더 (비어 있거나 없어야 합니다; 기본: BACKUP_DIR/<시각>)",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BACKUP_DIR) / f"portal-{stamp}"
        try:
            manifest = create_backup(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(manifest["files"].values())
        self.stdout.write(
            f"{path}: {manifest['method']} 백업, 파일 {len(manifest['files'])}개, "
            f"{size:,}바이트. 확인: cd {path} && sha256sum -c SHA256SUMS"
        )
