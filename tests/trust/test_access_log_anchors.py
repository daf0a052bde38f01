"""The access log is keyed and anchored (issue 12 item 10): truncating it or
recomputing its chain without the key is detected."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from core import privacy
from core.privacy import AccessLogCheckpoint, PersonalDataAccess, log_access


def _write(user, n):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9")
    request.user = user
    return [log_access(request, user, "view", subject=f"상담 #{i}") for i in range(n)]


def _raw_delete(pks):
    """What someone with write access to the database can do (no ORM guards)."""
    table = connection.ops.quote_name(PersonalDataAccess._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({','.join(str(int(p)) for p in pks)})")


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_access_log", *args, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return exit_info.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue()


def test_the_chain_is_keyed_not_plain_sha256(staff_user, settings):
    entry = _write(staff_user, 1)[0]
    assert entry.hash != hashlib.sha256(entry.payload().encode()).hexdigest()
    assert privacy.verify_chain() == []
    settings.ACCESS_LOG_KEY = "another-key-that-the-attacker-guessed"
    assert privacy.verify_chain() == [entry.pk]  # the key is what makes it verify


def test_deleting_the_three_newest_entries_after_a_review_is_detected(
    client, manager_user, staff_user
):
    entries = _write(staff_user, 20)
    client.force_login(manager_user)
    response = client.post("/center/access-log/", {"do": "review", "month": "2026-12"})
    assert response.status_code == 302
    checkpoint = AccessLogCheckpoint.objects.get(kind="review")
    assert (checkpoint.count, checkpoint.head_pk) == (20, entries[-1].pk)
    assert checkpoint.username == manager_user.username
    assert _verify()[0] == 0

    _raw_delete([e.pk for e in entries[-3:]])
    assert privacy.verify_chain() == []  # what remains is still a valid chain…
    code, output = _verify()
    assert code == 1  # …but shorter than the signed head
    assert f"#{entries[-1].pk}" in output and "잘려" in output
    body = client.get("/center/access-log/").content.decode()
    assert "위·변조되었을 수 있습니다" in body and "잘려" in body


def test_edit_delete_and_recompute_the_plain_chain_is_detected(
    client, manager_user, staff_user, tmp_path
):
    _write(staff_user, 15)
    client.force_login(manager_user)
    download = client.post("/center/access-log/", {"do": "checkpoint"})
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    assert data["count"] == 15 and data["signature"]["alg"] == "HMAC-SHA256"
    checkpoint_file = tmp_path / "checkpoint.json"
    checkpoint_file.write_bytes(download.content)

    rows = list(PersonalDataAccess.objects.order_by("pk"))
    PersonalDataAccess.objects.filter(pk=rows[9].pk).update(subject="바꿔치기")
    _raw_delete([rows[11].pk])
    previous = privacy.GENESIS
    for entry in PersonalDataAccess.objects.order_by("pk"):  # the attacker's recomputation
        entry.prev_hash = previous
        entry.hash = hashlib.sha256(entry.payload().encode()).hexdigest()
        PersonalDataAccess.objects.filter(pk=entry.pk).update(prev_hash=previous, hash=entry.hash)
        previous = entry.hash
    broken = privacy.verify_chain()
    assert broken == [r.pk for r in rows if r.pk != rows[11].pk]  # every entry fails its HMAC

    # The checkpoints stored in the database can be removed too; the file kept
    # outside still catches the rewrite.
    AccessLogCheckpoint.objects.all()._raw_delete(connection.alias)
    code, output = _verify("--checkpoint", str(checkpoint_file))
    assert code == 1
    assert "14건뿐" in output or "해시가 다릅니다" in output


def test_a_forged_checkpoint_file_is_refused(staff_user, tmp_path):
    _write(staff_user, 3)
    checkpoint = privacy.record_checkpoint(kind="export")
    data = privacy.signed_checkpoint_file(checkpoint)
    data["count"] = 2  # made to match a truncated log
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    code, output = _verify("--checkpoint", str(forged))
    assert code == 1 and "서명이 맞지 않습니다" in output


def test_checkpoints_cannot_be_deleted_through_the_orm(staff_user):
    from django.db import transaction

    from core.security_models import AuditRecordProtected

    _write(staff_user, 1)
    privacy.record_checkpoint(kind="export")
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        AccessLogCheckpoint.objects.all().delete()
    assert AccessLogCheckpoint.objects.count() == 1


def test_the_migration_rechains_old_plain_entries(staff_user):
    """Entries written with the old plain SHA-256 chain verify after the
    migration's re-keying, and the re-keying is recorded in a checkpoint."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    # The models as that migration saw them (they have since moved to core,
    # with the same tables).
    apps = (
        MigrationLoader(connection)
        .project_state(("center", "0004_access_log_hmac_checkpoints"))
        .apps
    )
    entries = _write(staff_user, 4)
    previous = privacy.GENESIS
    for entry in PersonalDataAccess.objects.order_by("pk"):  # as the old code wrote them
        entry.prev_hash = previous
        entry.hash = hashlib.sha256(entry.payload().encode()).hexdigest()
        PersonalDataAccess.objects.filter(pk=entry.pk).update(prev_hash=previous, hash=entry.hash)
        previous = entry.hash
    assert len(privacy.verify_chain()) == 4
    migration = import_module("center.migrations.0004_access_log_hmac_checkpoints")
    migration.rekey_access_log(apps, None)
    assert privacy.verify_chain() == []
    checkpoint = AccessLogCheckpoint.objects.get(kind="migration")
    assert checkpoint.count == 4 and checkpoint.head_pk == entries[-1].pk
    assert "검증 실패 0건" in checkpoint.note
    assert privacy.verify_log() == ([], [])
