"""manage.py backup / restore: the restore drill (backup → fresh database →
restore → the 2021 report exports the same XLSX, byte for byte), checksums,
and refusing to restore over existing data."""

import datetime as dt
import io
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup

FIXED = dt.datetime(2022, 2, 15, 9, 0, 0)
RECEIPT = b"%PDF-1.4\n% a receipt the drill must bring back\n"


@contextmanager
def _fixed_clock():
    """openpyxl stamps the workbook (created, modified) and its zip entries
    with the present time; with one fixed clock equal data gives equal bytes."""
    import zipfile

    import openpyxl.packaging.core as core_props
    import openpyxl.writer.excel as excel

    class FixedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED.replace(tzinfo=tz)

    fixed_datetime = types.SimpleNamespace(datetime=FixedDatetime, timezone=dt.timezone)
    fixed_time = types.SimpleNamespace(
        time=lambda: FIXED.timestamp(), localtime=lambda t=None: FIXED.timetuple()
    )
    modules = [(core_props, "datetime"), (excel, "datetime"), (zipfile, "time")]
    saved = [getattr(module, name) for module, name in modules]
    core_props.datetime = excel.datetime = fixed_datetime
    zipfile.time = fixed_time
    try:
        yield
    finally:
        for (module, name), value in zip(modules, saved, strict=True):
            setattr(module, name, value)


def _members(data: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _report_2021_xlsx() -> bytes:
    from center.models import FiscalYear
    from reports.builder import build
    from reports.xlsx import render_xlsx

    with _fixed_clock():
        return render_xlsx(build(FiscalYear.objects.get(year=2021)))


def _put_receipt(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    receipt = settings.MEDIA_ROOT / "programs" / "receipts" / "2021" / "receipt-1.pdf"
    receipt.parent.mkdir(parents=True)
    receipt.write_bytes(RECEIPT)
    return receipt


@contextmanager
def _fresh_database(name: str):
    """Point the default connection at a new, empty PostgreSQL database."""
    original = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_drill_on_postgresql(demo, settings, tmp_path):
    _put_receipt(settings, tmp_path)
    before = _report_2021_xlsx()
    target = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "pg_dump" in out.getvalue()
    manifest = backup.verify_backup(target)
    assert manifest["method"] == "pg_dump"
    assert set(manifest["files"]) == {backup.DUMP, backup.MEDIA_TARBALL}
    assert (target / backup.DUMP).read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with _fresh_database(connection.settings_dict["NAME"] + "_drill"):
        assert connection.introspection.table_names() == []
        call_command("restore", str(target), stdout=io.StringIO())
        after = _report_2021_xlsx()
        from center.models import BudgetLine

        restored_lines = BudgetLine.objects.filter(fiscal_year__year=2021).count()
    assert restored_lines > 0
    assert _members(after) == _members(before)  # (names the sheet that differs)
    assert after == before
    restored = settings.MEDIA_ROOT / "programs" / "receipts" / "2021" / "receipt-1.pdf"
    assert restored.read_bytes() == RECEIPT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_tables(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "other-media"
    with pytest.raises(CommandError, match="이미 표가"):
        call_command("restore", str(tmp_path / "backup"))


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_is_the_checked_handover_archive(demo, settings, tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("the archive path is for databases other than PostgreSQL")
    _put_receipt(settings, tmp_path)
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest = backup.verify_backup(target)
    assert manifest["method"] == "archive"
    assert "archive/manifest.json" in manifest["files"]
    assert "archive/files/programs/receipts/2021/receipt-1.pdf" in manifest["files"]
    with pytest.raises(CommandError, match="MEDIA_ROOT"):  # the receipt is still there
        call_command("restore", str(target))
    # users exist here: the archive refuses to mix two instances
    settings.MEDIA_ROOT = tmp_path / "other-media"
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone", password="x" * 12)
    with pytest.raises(CommandError, match="사용자 계정이 이미"):
        call_command("restore", str(target))


@pytest.mark.django_db(transaction=True)
def test_a_changed_file_is_refused_before_anything_is_restored(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    victim = next(
        target / name for name in backup.verify_backup(target)["files"] if name != "manifest.json"
    )
    victim.chmod(0o600)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="체크섬이 맞지 않습니다"):
        call_command("restore", str(target))


def test_backup_refuses_a_folder_with_files(tmp_path, db):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="빈 폴더가 아닙니다"):
        call_command("backup", str(tmp_path))


def test_restore_refuses_a_folder_without_checksums(tmp_path, db):
    (tmp_path / "database.dump").write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="SHA256SUMS"):
        call_command("restore", str(tmp_path))
