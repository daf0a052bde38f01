"""Restore a backup made by `manage.py backup` into an empty instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "manage.py backup으로 만든 폴더를 빈 데이터베이스와 빈 MEDIA_ROOT에 되살립니다. "
        "체크섬을 먼저 모두 확인하고, 표나 사용자가 이미 있는 데이터베이스는 거부합니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="manage.py backup이 만든 폴더")

    def handle(self, *args, path, **options):
        try:
            manifest = restore_backup(Path(path), stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{manifest['created_at']}의 백업({manifest['method']})을 되살렸습니다. "
            "새 버전의 코드라면 이어서 manage.py migrate를 실행하세요."
        )
