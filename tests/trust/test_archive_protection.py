"""The handover archive is private, logged, signed and optionally encrypted
(issue 12 items 9 and 10)."""

import hashlib
import io
import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from center.models import BudgetLine, FiscalYear
from core.privacy import PersonalDataAccess, verify_chain

REASON = "5기 수탁기관 인계"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "consultations" / "2021" / "f00d.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 \xea\xb0\x80 evidence 010-1234-5678")
    return settings.MEDIA_ROOT


def _export(path, *extra):
    call_command("export_archive", str(path), "--reason", REASON, *extra, stdout=io.StringIO())


def _wipe(media):
    call_command("flush", interactive=False, verbosity=0)
    for file in media.rglob("*"):
        if file.is_file():
            file.unlink()


def test_export_needs_a_reason_and_is_logged(demo, media, tmp_path):
    with pytest.raises(CommandError, match="--reason"):
        call_command("export_archive", str(tmp_path / "a"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="사유"):
        call_command("export_archive", str(tmp_path / "b"), "--reason", " ", stdout=io.StringIO())
    _export(tmp_path / "c")
    entry = PersonalDataAccess.objects.get()
    assert entry.action == "export" and entry.reason == REASON
    assert entry.object_type == "archive" and "인계 자료 전체" in entry.subject
    assert verify_chain() == []


def test_archive_files_and_folders_are_owner_only(demo, media, tmp_path):
    old_umask = os.umask(0o022)  # a typical, permissive umask
    try:
        archive = tmp_path / "archive"
        _export(archive)
    finally:
        os.umask(old_umask)
    paths = [archive, *archive.rglob("*")]
    assert any(p.is_file() for p in paths) and (archive / "files" / "consultations").is_dir()
    for path in paths:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


@pytest.mark.django_db(transaction=True)  # flush: PostgreSQL's TRUNCATE
def test_an_archive_changed_by_99_million_won_with_recomputed_checksums_is_refused(
    demo, media, tmp_path
):
    archive = tmp_path / "archive"
    _export(archive)
    _wipe(media)
    data_file = archive / "data" / "center.budgetline.json"
    rows = json.loads(data_file.read_text())
    leaf = next(row for row in rows if row["fields"]["planned"])
    leaf["fields"]["planned"] += 99_000_000
    data_file.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    manifest_file = archive / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    for table in manifest["tables"]:
        if table["file"] == "data/center.budgetline.json":
            table["sha256"] = hashlib.sha256(data_file.read_bytes()).hexdigest()
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    with pytest.raises(CommandError, match="서명이 맞지 않습니다"):
        call_command("import_archive", str(archive), stdout=io.StringIO())
    assert not FiscalYear.objects.exists()
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db(transaction=True)  # flush: PostgreSQL's TRUNCATE
def test_encrypted_archive_round_trips_and_needs_its_passphrase(demo, media, tmp_path):
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n")
    before = sorted(BudgetLine.objects.values_list("pk", "name", "planned"))
    archive = tmp_path / "archive"
    _export(archive, "--passphrase-file", str(secret))
    manifest = json.loads((archive / "manifest.json").read_text())
    assert manifest["encryption"]["cipher"] == "AES-256-GCM"
    assert manifest["signature"]["key"] == "passphrase"
    data = (archive / "data" / "center.budgetline.json").read_bytes()
    assert before[0][1].encode() not in data and b'"planned"' not in data  # not readable
    assert b"010-1234-5678" not in (archive / "files/consultations/2021/f00d.pdf").read_bytes()
    assert "인계 시험" not in (archive / "README.md").read_text()

    _wipe(media)
    with pytest.raises(CommandError, match="암호화된 인계 자료"):
        call_command("import_archive", str(archive), stdout=io.StringIO())
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all")
    with pytest.raises(CommandError, match="서명이 맞지 않습니다"):
        call_command("import_archive", str(archive), "--passphrase-file", str(wrong))
    assert not FiscalYear.objects.exists()

    call_command(
        "import_archive", str(archive), "--passphrase-file", str(secret), stdout=io.StringIO()
    )
    assert sorted(BudgetLine.objects.values_list("pk", "name", "planned")) == before
    restored = (media / "consultations/2021/f00d.pdf").read_bytes()
    assert restored == b"%PDF-1.4 \xea\xb0\x80 evidence 010-1234-5678"


@pytest.mark.django_db(transaction=True)  # flush: PostgreSQL's TRUNCATE
def test_a_swapped_encrypted_file_is_refused(demo, media, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_PASSPHRASE", "a long enough passphrase")
    archive = tmp_path / "archive"
    _export(archive)
    assert json.loads((archive / "manifest.json").read_text())["encryption"]
    _wipe(media)
    one, other = archive / "data" / "center.budgetline.json", archive / "data" / "auth.group.json"
    one_bytes, other_bytes = one.read_bytes(), other.read_bytes()
    one.write_bytes(other_bytes)
    other.write_bytes(one_bytes)
    with pytest.raises(CommandError, match=r"복호화 실패: data/center\.budgetline\.json"):
        call_command("import_archive", str(archive), stdout=io.StringIO())
