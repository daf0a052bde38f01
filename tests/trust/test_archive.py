"""The handover archive round-trips the whole demo."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from center import selectors
from center.models import FiscalYear
from core.archive import archived_models


def _figures():
    year = FiscalYear.objects.get(year=2021)
    budget = [
        (r.line.pk, r.line.name, r.depth, r.planned, r.executed, r.rate)
        for r in selectors.budget_tree(year)
    ]
    indicators = [
        (r.indicator.pk, r.indicator.name, r.indicator.target, r.actual, r.rate)
        for r in selectors.indicator_rows(year)
    ]
    return budget, indicators


def _table_digests(path: Path) -> dict:
    manifest = json.loads((path / "manifest.json").read_text())
    return {t["model"]: (t["rows"], t["sha256"]) for t in manifest["tables"]}, manifest["files"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "consultations" / "2021" / "f00d.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 \xea\xb0\x80 evidence")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_full_demo_round_trips_through_the_archive(full_demo, media, tmp_path):
    from center.demo import accounts

    accounts.ensure()
    figures = _figures()
    assert figures[0] and figures[1]
    first = tmp_path / "archive-1"
    out = io.StringIO()
    call_command("export_archive", str(first), "--reason", "인계 시험", stdout=out)
    tables, files = _table_digests(first)
    labels = set(tables)
    # Generic: every project app's tables, the through tables, users and groups.
    assert {"center.budgetline", "center.expenditure", "center.historicalbudgetline"} <= labels
    assert {"auth.user", "auth.group", "auth.user_groups"} <= labels
    assert {m._meta.app_label for m in archived_models()} >= {"center", "auth"}
    assert tables["auth.user"][0] == get_user_model().objects.count() >= 3
    assert files == {"consultations/2021/f00d.pdf": files["consultations/2021/f00d.pdf"]}
    readme = (first / "README.md").read_text()
    assert "인계 자료" in readme and "`data/center.budgetline.json`" in readme

    # A new operator's empty instance: everything gone, then migrated seeds.
    call_command("flush", interactive=False, verbosity=0)
    for file in media.rglob("*"):
        if file.is_file():
            file.unlink()
    assert not get_user_model().objects.exists()

    call_command("import_archive", str(first), stdout=io.StringIO())
    assert _figures() == figures
    assert (media / "consultations/2021/f00d.pdf").read_bytes().startswith(b"%PDF-1.4")
    second = tmp_path / "archive-2"
    call_command("export_archive", str(second), "--reason", "인계 시험", stdout=io.StringIO())
    before, after = _table_digests(first), _table_digests(second)
    changed = sorted(k for k in before[0] if before[0][k] != after[0].get(k))
    assert changed == [], changed  # every table byte-identical
    assert after[1] == before[1]  # and every file
    # Sequences continue after the restored rows.
    user = get_user_model().objects.create_user("new-operator", password="x" * 12)
    assert user.pk > max(get_user_model().objects.exclude(pk=user.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_import_refuses_an_altered_archive_and_a_used_database(demo, media, tmp_path, staff_user):
    archive = tmp_path / "archive"
    call_command("export_archive", str(archive), "--reason", "인계 시험", stdout=io.StringIO())
    with pytest.raises(CommandError, match="사용자 계정이 이미"):
        call_command("import_archive", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    data = archive / "data" / "center.budgetline.json"
    data.write_text(data.read_text().replace("1", "2", 1))
    with pytest.raises(CommandError, match=r"체크섬 불일치: data/center\.budgetline\.json"):
        call_command("import_archive", str(archive), stdout=io.StringIO())
    assert not FiscalYear.objects.exists()  # nothing went in


@pytest.mark.django_db(transaction=True)
def test_import_is_all_or_nothing(demo, media, tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    call_command("export_archive", str(archive), "--reason", "인계 시험", stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for file in media.rglob("*"):
        if file.is_file():
            file.unlink()
    from core import archive as module

    def broken(models_list):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "_reset_sequences", broken)
    with pytest.raises(RuntimeError):
        call_command("import_archive", str(archive), stdout=io.StringIO())
    assert not FiscalYear.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_export_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(CommandError, match="빈 폴더가 아닙니다"):
        call_command("export_archive", str(tmp_path), "--reason", "인계 시험", stdout=io.StringIO())
