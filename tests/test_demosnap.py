"""The demo snapshot (tests/demosnap.py) gives the database exactly what the
loader gives it, and is used only on the database state it was taken on."""

import datetime as dt

import pytest
from django.db import connection, transaction

from tests import demosnap


@pytest.fixture
def snapshots(tmp_path, monkeypatch, settings, frozen):
    monkeypatch.setattr(demosnap, "FOLDER", tmp_path / "snapshots")
    monkeypatch.setattr(demosnap, "ENABLED", True)
    settings.MEDIA_ROOT = tmp_path / "media"
    frozen(dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC))  # auto_now, history dates
    return tmp_path / "snapshots"


def _digests() -> dict[str, str]:
    return {table: digest for table, (digest, _rows) in demosnap._state(connection).items()}


def _counting(loader):
    calls = []

    def load():
        calls.append(1)
        loader()

    return load, calls


@pytest.mark.django_db
def test_a_copied_demo_equals_the_loaded_one(snapshots, settings):
    from center.demo import loader

    load, calls = _counting(loader.load)
    empty = _digests()
    with transaction.atomic():
        demosnap.load("probe", load)  # runs the loader, keeps what it did
        loaded = _digests()
        files = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        transaction.set_rollback(True)
    assert calls == [1] and len(list(snapshots.glob("*.pickle"))) == 1
    assert _digests() == empty
    assert loaded != empty and [name[-4:] for name in files] == [".png"]  # the 약도
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()

    with transaction.atomic():
        demosnap.load("probe", load)  # copies
        assert calls == [1]
        assert _digests() == loaded
        assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files
        from center.models import FiscalYear, Organisation

        assert FiscalYear.objects.get(year=2021).budget_lines.exists()
        assert Organisation.current().map_image.read()[:4] == b"\x89PNG"
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_another_database_state_runs_the_loader(snapshots, django_user_model):
    from center.demo import loader

    load, calls = _counting(loader.load)
    with transaction.atomic():
        demosnap.load("probe", load)
        transaction.set_rollback(True)
    django_user_model.objects.create_user("someone-else")
    with transaction.atomic():
        demosnap.load("probe", load)
        transaction.set_rollback(True)
    assert calls == [1, 1]
    assert len(list(snapshots.glob("*.pickle"))) == 2


@pytest.mark.django_db
def test_a_file_in_the_way_runs_the_loader(snapshots, settings):
    from center.demo import loader

    load, calls = _counting(loader.load)
    with transaction.atomic():
        demosnap.load("probe", load)
        transaction.set_rollback(True)
    (written,) = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    written.write_bytes(b"another file")
    with transaction.atomic():
        demosnap.load("probe", load)
        transaction.set_rollback(True)
    assert calls == [1, 1]
    assert written.read_bytes() == b"another file"


@pytest.mark.django_db
def test_new_ids_continue_after_the_copied_rows(snapshots):
    from center.demo import loader
    from center.models import HistoryEntry

    with transaction.atomic():
        demosnap.load("probe", loader.load)
        transaction.set_rollback(True)
    with transaction.atomic():
        demosnap.load("probe", loader.load)
        entry = HistoryEntry.objects.create(date=dt.date(2022, 1, 1), text="새 연혁")
        assert entry.pk > max(
            HistoryEntry.objects.exclude(pk=entry.pk).values_list("pk", flat=True)
        )
        transaction.set_rollback(True)


def test_the_code_key_covers_the_demo_data_files(settings):
    """The demo's records are JSON files beside the loaders (`<app>/demo/*.json`,
    read by core.demo): the code key hashes every one of them, so a snapshot
    taken before one changed is not used after."""
    from pathlib import Path

    data = sorted(Path(settings.BASE_DIR).resolve().glob("*/demo/*.json"))
    assert len(data) >= 7, data  # activities, center, consultations, education, …
    assert set(data) <= set(demosnap._source_files())
