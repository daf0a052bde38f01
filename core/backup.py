"""Backups an operator can restore: `manage.py backup` and `manage.py restore`.

A backup is one folder (owner-only, 0700):

    manifest.json      format, time, database vendor, method, the applied
                       migrations (the code a restore needs), file sizes
    SHA256SUMS         one line per file, as `sha256sum -c SHA256SUMS` reads it
    database.dump      PostgreSQL: `pg_dump --format=custom` (one consistent
                       snapshot; restored with `pg_restore`)
    media.tar.gz       PostgreSQL: every uploaded file under MEDIA_ROOT
    archive/           any other database (SQLite on a laptop): the handover
                       archive (core.archive), which holds the rows and files

`restore` checks every checksum first and refuses a database that already has
tables (PostgreSQL) or users (the archive), and a MEDIA_ROOT with files in it:
it only ever fills an empty instance, so it can never mix two states.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import archive
from .privacy import record_access

FORMAT = "portal-backup/1"
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_TARBALL = "media.tar.gz"
ARCHIVE_DIR = "archive"


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is Korean."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """`pg_dump`/`pg_restore` with the connection's own host, port, user and
    password (the password through PGPASSWORD, never on the command line)."""
    if shutil.which(program) is None:
        raise BackupError(f"{program}이(가) 없습니다. PostgreSQL 클라이언트를 설치하세요.")
    db = connection.settings_dict
    args = [program, "--no-owner", "--no-privileges", "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            f"{args[0]} 실패 (종료 코드 {result.returncode}): {result.stderr.strip()}"
        )


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _media_files() -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    if not media.exists():
        return []
    return sorted(p for p in media.rglob("*") if p.is_file())


def create_backup(path: Path) -> dict:
    """Write a backup of the database and the media into `path` (new or empty)."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise BackupError(f"{path}: 빈 폴더가 아닙니다.")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "migrations": _applied_migrations(),
    }
    if connection.vendor == "postgresql":
        manifest["method"] = "pg_dump"
        args, env = _pg_command("pg_dump")
        _run([*args, "--format=custom", "--file", str(path / DUMP)], env)
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(path / MEDIA_TARBALL, "w:gz") as tar:
            for file in _media_files():
                tar.add(file, arcname=file.relative_to(media).as_posix(), recursive=False)
        manifest["media_files"] = len(_media_files())
        # Logged after the dump, as the handover archive does (the archive path
        # logs itself): a restored database does not contain its own entry.
        record_access(
            username=f"manage.py ({getpass.getuser()})",
            action="export",
            subject=f"백업 전체 ({path.name}: 데이터베이스와 첨부파일)",
            object_type="backup",
            reason="정기 백업 (manage.py backup)",
        )
    else:
        manifest["method"] = "archive"
        archive.export_archive(path / ARCHIVE_DIR, reason="정기 백업 (manage.py backup)")
    files = sorted(p for p in path.rglob("*") if p.is_file())
    manifest["files"] = {p.relative_to(path).as_posix(): p.stat().st_size for p in files}
    (path / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    lines = [
        f"{_sha256(p)}  {p.relative_to(path).as_posix()}\n"
        for p in sorted(p for p in path.rglob("*") if p.is_file())
    ]
    (path / SUMS).write_text("".join(lines))
    for file in path.rglob("*"):
        file.chmod(0o700 if file.is_dir() else 0o600)
    return manifest


def verify_backup(path: Path) -> dict:
    """Every file listed in SHA256SUMS is there with its checksum, and every
    file of the manifest is listed; returns the manifest."""
    path = Path(path)
    sums = path / SUMS
    if not sums.is_file():
        raise BackupError(f"{path}: {SUMS}가 없습니다. manage.py backup으로 만든 폴더가 아닙니다.")
    listed = {}
    for line in sums.read_text().splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, digest in listed.items():
        file = path / name
        if not file.is_file():
            raise BackupError(f"{name}: 파일이 없습니다.")
        if _sha256(file) != digest:
            raise BackupError(f"{name}: 체크섬이 맞지 않습니다 (손상되었거나 바뀐 파일).")
    if MANIFEST not in listed:
        raise BackupError(f"{SUMS}에 {MANIFEST}가 없습니다.")
    manifest = json.loads((path / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"알 수 없는 백업 형식입니다: {manifest.get('format')}")
    unlisted = sorted(set(manifest["files"]) - set(listed))
    if unlisted:
        raise BackupError(f"체크섬이 없는 파일입니다: {', '.join(unlisted)}")
    return manifest


def _refuse_media() -> None:
    if _media_files():
        raise BackupError(
            f"MEDIA_ROOT({settings.MEDIA_ROOT})에 이미 파일이 있습니다. 빈 폴더에만 되살립니다."
        )


def restore_backup(path: Path, *, stdout=None) -> dict:
    """Restore a verified backup into an empty database and an empty MEDIA_ROOT."""
    path = Path(path)
    manifest = verify_backup(path)
    if manifest["method"] == "pg_dump":
        if connection.vendor != "postgresql":
            raise BackupError("PostgreSQL 백업은 PostgreSQL 데이터베이스에만 되살릴 수 있습니다.")
        tables = connection.introspection.table_names()
        if tables:
            raise BackupError(
                f"데이터베이스 {connection.settings_dict['NAME']}에 이미 표가 {len(tables)}개 "
                "있습니다. 새로 만든 빈 데이터베이스에만 되살릴 수 있습니다."
            )
        _refuse_media()
        args, env = _pg_command("pg_restore")
        connection.close()  # pg_restore works on its own connection
        _run([*args, "--exit-on-error", "--single-transaction", str(path / DUMP)], env)
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path / MEDIA_TARBALL, "r:gz") as tar:
            tar.extractall(media, filter="data")
    else:
        _refuse_media()
        if not connection.introspection.table_names():
            call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
        try:
            archive.import_archive(path / ARCHIVE_DIR)
        except archive.ArchiveError as exc:
            raise BackupError(str(exc)) from exc
    return manifest
