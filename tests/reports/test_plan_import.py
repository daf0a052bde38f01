import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from center.models import BudgetLine, FiscalYear, Indicator
from reports import exporters


def _xlsx(year):
    return exporters.render(year, "xlsx")


def _plan(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    budget = [(row[6], row[2]) for row in wb["예산집행현황"].iter_rows(min_row=3, values_only=True)]
    indicators = [
        (row[0], row[1], row[2], row[3], row[4], row[8])
        for row in wb["성과지표"].iter_rows(min_row=2, values_only=True)
    ]
    return budget, indicators


def test_round_trip_export_import_export_gives_the_same_plan(report_year, tmp_path):
    data = _xlsx(report_year)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    call_command("import_plan", "--year", "2022", str(path))
    year = FiscalYear.objects.get(year=2022)
    assert _plan(_xlsx(year)) == _plan(data)
    assert not Indicator.objects.filter(
        unit__area__fiscal_year=year, entered_actual__isnull=False
    ).exists()


def test_edited_targets_and_amounts_are_imported(manager_client, report_year):
    wb = load_workbook(io.BytesIO(_xlsx(report_year)))
    budget = wb["예산집행현황"]
    for row in budget.iter_rows(min_row=3):
        if row[1].value == "기초상담":
            row[2].value = 30000
    for row in wb["성과지표"].iter_rows(min_row=2):
        if row[2].value == "전화상담":
            row[4].value = 9500
    buffer = io.BytesIO()
    wb.save(buffer)
    FiscalYear.objects.create(year=2022)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "plan.xlsx"
    response = manager_client.post("/reports/2022/plan-import/", {"file": upload})
    body = response.content.decode()
    assert "이 내용으로 가져오기" in body and "30,000" in body
    assert not BudgetLine.objects.filter(fiscal_year__year=2022).exists()  # preview saves nothing
    response = manager_client.post("/reports/2022/plan-import/", {"apply": "1"})
    assert response.status_code == 302
    assert BudgetLine.objects.get(fiscal_year__year=2022, name="기초상담").planned == 30_000_000
    assert Indicator.objects.get(unit__area__fiscal_year__year=2022, name="전화상담").target == 9500


def test_bad_rows_are_reported_and_nothing_is_saved(manager_client, report_year):
    wb = load_workbook(io.BytesIO(_xlsx(report_year)))
    budget = wb["예산집행현황"]
    budget.cell(row=5, column=3, value="많이")
    indicators = wb["성과지표"]
    indicators.cell(row=3, column=4, value="개")
    indicators.cell(row=4, column=5, value=-3)
    indicators.cell(row=5, column=9, value="no.such.source")
    buffer = io.BytesIO()
    wb.save(buffer)
    FiscalYear.objects.create(year=2022)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "plan.xlsx"
    response = manager_client.post("/reports/2022/plan-import/", {"file": upload})
    body = response.content.decode()
    for message in [
        "5행: 예산액 ‘많이’는 숫자가 아닙니다.",
        "3행: 단위 ‘개’는 쓸 수 없습니다",
        "4행: 목표는 0 이상이어야 합니다.",
        "5행: 산출 방식 ‘no.such.source’",
    ]:
        assert message in body, message
    assert not BudgetLine.objects.filter(fiscal_year__year=2022).exists()
    assert not Indicator.objects.filter(unit__area__fiscal_year__year=2022).exists()


def test_a_file_that_is_not_the_export_layout_is_refused(report_year, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(CommandError, match="예산집행현황’ 시트가 없습니다"):
        call_command("import_plan", "--year", "2022", str(path))
    assert not FiscalYear.objects.filter(year=2022).exists()


def test_non_xlsx_upload_is_refused(manager_client, report_year):
    upload = io.BytesIO(b"%PDF-1.4 not a spreadsheet")
    upload.name = "plan.xlsx"
    response = manager_client.post("/reports/2021/plan-import/", {"file": upload})
    assert "올릴 수 없는 파일 형식" in response.content.decode()
