"""Issue 16.6: a call's applications and the year's grants export as XLSX
and CSV through the one list exporter (core.exporting), as the consultation
list does: the list page offers the buttons with its URL's argument, the
file holds every row, personal data masked, amounts as numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.models import Job, PersonalDataAccess

from .factories import ApplicationFactory, CallFactory, FiscalYearFactory, GrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(staff_client, django_capture_on_commit_callbacks):
    def do(name, query, fmt="xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(f"/exports/{name}/", {"query": query, "fmt": fmt})
        job = Job.objects.order_by("-pk").first()
        assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
        assert job.status == "done", job.result
        content = b"".join(staff_client.get(f"/jobs/{job.pk}/download/").streaming_content)
        if fmt == "csv":
            return [tuple(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
        return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    return do


@pytest.fixture
def call(db):
    fy = FiscalYearFactory(year=2021)
    call = CallFactory(fiscal_year=fy, title="초기성장지원 공모")
    for i in range(3):
        GrantFactory(
            application__call=call, application__organisation=f"선정팀 {i}", amount=1_000_000
        )
    ApplicationFactory(call=call, organisation="심사팀", representative="김철용")
    return call


def test_applications_page_offers_the_export_of_its_call(staff_client, call):
    body = staff_client.get(f"/programs/staff/calls/{call.pk}/").content.decode()
    assert 'action="/exports/applications/"' in body
    assert f'value="pk={call.pk}"' in body


def test_applications_export_masks_and_logs(staff_client, call, export):
    for fmt in ("xlsx", "csv"):
        rows = export("applications", f"pk={call.pk}", fmt)
        assert rows[0][:3] == ("번호", "접수 일시", "조합(팀)명")
        assert len(rows) == 1 + 4
        team = next(r for r in rows if r[2] == "심사팀")
        assert team[5] == "김*용" and team[6].endswith("****")
        assert "@" in team[7] and "*" in team[7]
    xlsx_rows = export("applications", f"pk={call.pk}")
    assert {r[8] for r in xlsx_rows[1:]} == {2_000_000}  # numbers stay numbers
    logged = PersonalDataAccess.objects.filter(action="export", subject__contains="신청 목록")
    assert logged.count() == 3


def test_grants_page_offers_the_export_and_the_file_sums(staff_client, call, export):
    body = staff_client.get("/programs/staff/2021/grants/").content.decode()
    assert 'action="/exports/grants/"' in body and 'value="year=2021"' in body
    rows = export("grants", "year=2021")
    assert rows[0][:3] == ("사업", "공모", "조합(팀)명")
    assert sorted(r[2] for r in rows[1:]) == ["선정팀 0", "선정팀 1", "선정팀 2"]
    assert sum(r[5] for r in rows[1:]) == 3_000_000
    assert {r[9] for r in rows[1:]} == {"진행 중"}
    csv_rows = export("grants", "year=2021", "csv")
    assert len(csv_rows) == 4 and csv_rows[1][5] == "1000000"


def test_export_without_a_call_or_year_starts_nothing(staff_client, call):
    for name, query in (("applications", "pk=999999"), ("grants", "year=1999")):
        response = staff_client.post(f"/exports/{name}/", {"query": query, "fmt": "xlsx"})
        assert response.status_code == 302
    assert not Job.objects.exists()
