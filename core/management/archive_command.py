"""What export_archive and import_archive share: the folder argument, the
passphrase (from --passphrase-file or ARCHIVE_PASSPHRASE) and an archive
refusal reported as a command error."""

import os

from django.core.management.base import BaseCommand, CommandError

from core.archive import ArchiveError

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


class ArchiveCommand(BaseCommand):
    """A command on a handover folder. Each subclass defines
    `run(path, *, passphrase, **options) -> str`, which does the work and
    returns the line to print; an `ArchiveError` becomes a `CommandError`."""

    path_help: str
    passphrase_help: str

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)
        parser.add_argument(
            "--passphrase-file", help=f"{self.passphrase_help} (또는 환경 변수 {PASSPHRASE_ENV})"
        )

    def handle(self, *args, path, passphrase_file=None, **options):
        passphrase = read_passphrase(passphrase_file)
        try:
            line = self.run(path, passphrase=passphrase, **options)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(line)
