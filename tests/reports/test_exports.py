import io

import pytest
from openpyxl import load_workbook

from core.models import Job
from reports import exporters


@pytest.fixture
def post(manager_client, django_capture_on_commit_callbacks):
    """POST as the manager and run what the request queued after commit (the task)."""

    def do(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return manager_client.post(url, data or {})

    return do


def test_manager_export_runs_the_task_and_offers_the_file(manager_client, post, report_year):
    response = post("/reports/2021/exports/", {"fmt": "xlsx"})
    export = Job.objects.get()
    assert (export.name, export.params["year"], export.params["fmt"]) == ("report", 2021, "xlsx")
    assert response.url == f"/jobs/{export.pk}/"
    assert (export.status, export.percent, export.attempts) == ("done", 100, 1)
    page = manager_client.get(response.url).content.decode()
    assert "파일 받기" in page and 'value="100"' in page and "2021_주요업무보고.xlsx" in page
    download = manager_client.get(f"/jobs/{export.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        "2021_%EC%A3%BC%EC%9A%94%EC%97%85%EB%AC%B4%EB%B3%B4%EA%B3%A0.xlsx"
        in (download["Content-Disposition"])
    )
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "예산집행현황" in wb.sheetnames
    listing = manager_client.get("/reports/2021/exports/").content.decode()
    assert "이관리" in listing or "center-manager" in listing


def test_progress_moves_through_the_sections(post, report_year, monkeypatch):
    seen = []
    real = exporters.render

    def spy(fiscal_year, fmt, progress=None):
        def record(step, label):
            seen.append((step, label))
            progress(step, label)

        return real(fiscal_year, fmt, progress=record)

    monkeypatch.setattr(exporters, "render", spy)
    post("/reports/2021/exports/", {"fmt": "html"})
    labels = [label for _, label in seen]
    assert labels[:4] == ["일반현황", "예산집행 현황", "주요사업 계획", "사업 계획 및 실적"]
    assert [step for step, _ in seen] == sorted(step for step, _ in seen)


def test_failing_export_is_retried_and_produces_one_file(post, report_year, monkeypatch):
    calls = {"n": 0}
    real = exporters.render

    def flaky(fiscal_year, fmt, progress=None):
        calls["n"] += 1
        if calls["n"] < 3:
            raise RuntimeError("일시적 오류")
        return real(fiscal_year, fmt, progress=progress)

    monkeypatch.setattr(exporters, "render", flaky)
    post("/reports/2021/exports/", {"fmt": "xlsx"})
    export = Job.objects.get()
    assert (export.status, export.attempts, export.error) == ("done", 3, "")
    storage_dir = export.file.storage.path(export.file.name).rsplit("/", 1)[0]
    import os

    assert os.listdir(storage_dir).count(os.path.basename(export.file.name)) == 1


def test_export_that_keeps_failing_shows_a_clear_error(
    manager_client, post, report_year, monkeypatch
):
    def broken(fiscal_year, fmt, progress=None):
        raise RuntimeError("글꼴 없음")

    monkeypatch.setattr(exporters, "render", broken)
    post("/reports/2021/exports/", {"fmt": "pdf"})
    export = Job.objects.get()
    assert export.status == "failed" and not export.file and export.attempts == 3
    page = manager_client.get(f"/jobs/{export.pk}/").content.decode()
    assert "작업을 끝내지 못했습니다: 글꼴 없음" in page and "다시 시작" in page
    # Running the task again for a finished export changes nothing.
    from core.tasks import run_job

    monkeypatch.setattr(exporters, "render", lambda *a, **k: b"ok")
    post(f"/jobs/{export.pk}/restart/")
    export.refresh_from_db()
    assert export.status == "done"
    first = export.file.name
    run_job(export.pk)
    export.refresh_from_db()
    assert export.file.name == first


def test_unknown_format_is_refused(manager_client, report_year):
    response = manager_client.post("/reports/2021/exports/", {"fmt": "docx"}, follow=True)
    assert "형식을 고르세요" in response.content.decode()
    assert not Job.objects.exists()


def test_staff_cannot_export(staff_client, report_year):
    assert staff_client.get("/reports/2021/").status_code == 403
    assert staff_client.post("/reports/2021/exports/", {"fmt": "pdf"}).status_code == 403


def test_preview_shows_the_report(manager_client, report_year):
    body = manager_client.get("/reports/2021/").content.decode()
    assert "2021 주요업무보고" in body and "1,110,500" in body and "7,316건" in body
    assert "<svg" in body and "성과지표 달성률" in body


def test_export_report_command_writes_each_format(report_year, tmp_path):
    from django.core.management import call_command

    for fmt in ("xlsx", "html", "pdf"):
        out = tmp_path / f"r.{fmt}"
        call_command("export_report", "--year", "2021", "--format", fmt, "--output", str(out))
        assert out.stat().st_size > 1000
    assert "7,316건" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_generate_load_makes_realistic_records(report_year, staff_user):
    from django.apps import apps
    from django.core.management import call_command

    from center.models import Expenditure

    if not apps.is_installed("consultations"):
        return
    Consultation = apps.get_model("consultations", "Consultation")
    before = Consultation.objects.count()
    ledger = Expenditure.objects.count()
    call_command(
        "generate_load",
        "--year",
        "2021",
        "--consultations",
        "1200",
        "--expenditures",
        "30",
        stdout=__import__("io").StringIO(),
    )
    made = Consultation.objects.filter(started_at__year=2021).count() - before
    assert made == 1200
    channels = set(Consultation.objects.values_list("channel", flat=True))
    assert {"phone", "web"} <= channels
    assert Expenditure.objects.count() == ledger + 30
    # Weekends and holidays get no consultations.
    assert not Consultation.objects.filter(started_at__week_day__in=[1, 7]).exists()
