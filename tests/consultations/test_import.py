"""Import: every row checked first, Korean row errors, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from consultations.models import Client, Consultation, Cooperative
from core import importing, registry

pytestmark = pytest.mark.django_db

HEADER = "상담일시,상담방법,상담시간(분),성명,전화번호,이메일,협동조합명,조합유형,자치구,상담분야,상담내용,답변내용,후속조치,상담자"
GOOD = [
    '2021-03-02 10:30,전화,10,홍길동,010-1234-5678,,행복나눔협동조합,사회적,마포구,"설립, 운영",설립 절차 문의,절차 안내,아니오,',
    "2021. 3. 3. 14:00,방문,60,김영희,01022223333,kim@example.org,행복나눔협동조합,,,설립·변경 서류검토,정관 검토,수정 의견 전달,예,",
    "2021/03/04 09:15,화상,,홍길동,010-1234-5678,,,,,기타,교육 문의,일정 안내,,",
]


def _csv(tmp_path, lines, encoding="utf-8-sig"):
    path = tmp_path / "log.csv"
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def test_command_imports_a_good_csv(tmp_path, staff_user):
    out = io.StringIO()
    call_command("import_records", "consultations", str(_csv(tmp_path, GOOD)), stdout=out)
    assert "3건을 가져왔습니다" in out.getvalue()
    assert Consultation.objects.count() == 3
    assert Client.objects.count() == 2  # 홍길동 twice is one person
    assert Cooperative.objects.get().kind == "social"
    visit = Consultation.objects.get(channel="visit")
    assert visit.follow_up_needed and visit.duration_minutes == 60
    assert visit.categories.get().name == "설립·변경 서류검토"
    video = Consultation.objects.get(channel="video")
    assert video.duration_minutes == 40  # the channel's default
    first = Consultation.objects.get(channel="phone")
    assert sorted(first.categories.values_list("name", flat=True)) == ["설립", "운영"]


def test_cp949_csv_from_korean_excel(tmp_path):
    call_command(
        "import_records", "consultations", str(_csv(tmp_path, GOOD, "cp949")), stdout=io.StringIO()
    )
    assert Consultation.objects.count() == 3


def test_one_bad_row_saves_nothing_and_names_the_row(tmp_path):
    lines = [*GOOD]
    lines[1] = lines[1].replace("2021. 3. 3. 14:00", "3월 3일 오후")
    lines.append("2021-03-05 10:00,우편,10,,,,,,강남,없는분야,,,,nobody")
    err = io.StringIO()
    with pytest.raises(CommandError, match="아무것도 저장하지 않았습니다"):
        call_command(
            "import_records",
            "consultations",
            str(_csv(tmp_path, lines)),
            stdout=io.StringIO(),
            stderr=err,
        )
    errors = err.getvalue()
    assert "3행: 상담일시 형식이 올바르지 않습니다" in errors
    assert "5행: 상담방법은 전화, 방문, 홈페이지, 화상 중 하나여야 합니다" in errors
    assert "5행: 자치구 ‘강남’은 서울시 자치구가 아닙니다" in errors
    assert "5행: 상담분야 ‘없는분야’를 찾을 수 없습니다" in errors
    assert "5행: 상담내용을 입력하세요" in errors
    assert "5행: 상담자 ‘nobody’을(를) 찾을 수 없습니다" in errors
    assert "2행" not in errors and "4행" not in errors
    assert Consultation.objects.count() == 0
    assert Client.objects.count() == 0 and Cooperative.objects.count() == 0


def test_dry_run_saves_nothing(tmp_path):
    out = io.StringIO()
    call_command(
        "import_records", "consultations", str(_csv(tmp_path, GOOD)), "--dry-run", stdout=out
    )
    assert "3행 모두 올바릅니다" in out.getvalue()
    assert not Consultation.objects.exists()


def test_xlsx_with_real_dates(tmp_path):
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            dt.datetime(2021, 5, 6, 11, 0),
            "홈페이지",
            30,
            "박민수",
            "010-3333-4444",
            None,
            None,
            None,
            None,
            "운영",
            "총회 문의",
            "안내",
            "아니오",
            None,
        ]
    )
    path = tmp_path / "log.xlsx"
    workbook.save(path)
    call_command("import_records", "consultations", str(path), stdout=io.StringIO())
    consultation = Consultation.objects.get()
    assert consultation.channel == "web"
    assert consultation.started_at.isoformat().startswith("2021-05-06T02:00")  # 11:00 KST in UTC


def test_unknown_importer_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="가져오기 종류 'nothing'"):
        call_command("import_records", "nothing", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="파일을 찾을 수 없습니다"):
        call_command("import_records", "consultations", str(tmp_path / "missing.csv"))


def test_registry_rolls_back_an_importer_that_saved_before_finding_errors():
    def sloppy(rows, *, user=None, commit=True):
        result = importing.ImportResult()
        Cooperative.objects.create(name="저장되면 안 되는 조합")
        result.error(rows[0], "틀린 값")
        return result

    registry.register_importer("test_sloppy", sloppy)
    try:
        result = importing.run_import("test_sloppy", [importing.Row(2, {"a": "1"})])
    finally:
        registry.unregister_importer("test_sloppy")
    assert result.errors == ["2행: 틀린 값"]
    assert not Cooperative.objects.filter(name="저장되면 안 되는 조합").exists()


@pytest.fixture
def upload(staff_client, tmp_path, settings, django_capture_on_commit_callbacks):
    """Upload on the import page and run the queued check (the job) after
    commit; returns the job page the upload led to."""
    settings.MEDIA_ROOT = tmp_path

    def do(lines, name="log.csv"):
        content = ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                "/consultations/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
            )
        assert response.status_code == 302, response.content.decode()[:500]
        return response.url

    return do


def test_upload_page_previews_then_imports(
    staff_client, upload, django_capture_on_commit_callbacks
):
    from core.models import Job

    job_url = upload(GOOD)
    body = staff_client.get(job_url).content.decode()
    assert "3행 모두 올바릅니다" in body
    assert "홍*동" in body and "홍길동" not in body  # preview is masked
    assert not Consultation.objects.exists()  # preview only
    preview = Job.objects.get(kind="preview")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/jobs/{preview.pk}/import/")
    body = staff_client.get(response.url).content.decode()
    assert "3건을 가져왔습니다" in body
    assert Consultation.objects.count() == 3
    imported = Job.objects.get(kind="import")
    assert not imported.upload  # the stored upload is gone
    # a second click imports nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/jobs/{preview.pk}/import/", follow=True)
    assert "이미 가져온 파일입니다" in response.content.decode()
    assert Consultation.objects.count() == 3


def test_upload_page_lists_row_errors_and_offers_no_import(staff_client, upload):
    from core.models import Job

    lines = [GOOD[0], GOOD[1].replace("2021. 3. 3. 14:00", "2021-02-30 10:00")]
    body = staff_client.get(upload(lines)).content.decode()
    assert "3행: 상담일시 형식이 올바르지 않습니다" in body
    assert "가져오기</button>" not in body
    preview = Job.objects.get()
    assert staff_client.post(f"/jobs/{preview.pk}/import/").status_code == 302
    assert Job.objects.count() == 1 and not Consultation.objects.exists()


def test_other_staff_cannot_see_or_import_someone_elses_upload(client, upload, django_user_model):
    from core import roles
    from core.models import Job
    from tests.factories import make_user

    job_url = upload(GOOD)
    other = make_user(django_user_model, "other-staff", roles.STAFF)
    client.force_login(other)
    assert client.get(job_url).status_code == 404
    preview = Job.objects.get()
    assert client.post(f"/jobs/{preview.pk}/import/").status_code == 404
    assert not Consultation.objects.exists()


def test_upload_rejects_other_files(staff_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = staff_client.post(
        "/consultations/import/",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 ...", "application/pdf")},
    )
    assert "XLSX 또는 CSV 파일만 가져올 수 있습니다." in response.content.decode()


def test_template_download_is_a_workbook_with_the_columns(staff_client):
    from openpyxl import load_workbook

    response = staff_client.get("/consultations/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER.split(",")


def test_previewed_uploads_never_imported_are_removed_after_a_day(staff_client, upload):
    import datetime as dt
    import os

    from django.utils import timezone

    from core.models import Job

    upload(GOOD)
    old = Job.objects.get()
    path = old.upload.path
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    upload(GOOD)
    fresh = Job.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert not old.upload and not os.path.exists(path)
    assert fresh.upload and fresh.upload.storage.exists(fresh.upload.name)
