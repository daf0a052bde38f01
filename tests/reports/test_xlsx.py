import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports import exporters
from tests.center.test_budget import REFERENCE
from tests.reports.expected import INDICATORS


@pytest.fixture
def workbook(report_year):
    return load_workbook(io.BytesIO(exporters.render(report_year, "xlsx")))


def test_one_sheet_per_section(workbook):
    assert workbook.sheetnames == [
        "일반현황",
        "예산집행현황",
        "주요사업계획",
        "성과지표",
        "사업실적",
        "사업실적 표",
    ]


def test_budget_sheet_reproduces_every_row_of_the_reference(workbook):
    ws = workbook["예산집행현황"]
    assert [c.value for c in ws[2]][:5] == ["구분", "사업명", "예산액", "집행액", "집행률(%)"]
    rows = {}
    for row in ws.iter_rows(min_row=3):
        name = row[1].value or row[0].value
        rows[name] = row
    for name, (planned, executed, rate) in REFERENCE.items():
        row = rows[name]
        assert row[2].value == planned and isinstance(row[2].value, int), name
        assert row[2].number_format == "#,##0"
        if executed is None:
            assert (row[3].value, row[4].value) == ("-", "-"), name
        else:
            assert row[3].value == executed, name
            assert Decimal(str(row[4].value)) == Decimal(rate), name
            assert row[4].number_format == "0.00"
    assert ws.freeze_panes == "A3"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows == "$2:$2"


def test_indicator_sheet_reproduces_every_indicator(workbook):
    ws = workbook["성과지표"]
    assert [c.value for c in ws[1]][:7] == [
        "분야",
        "사업",
        "지표",
        "단위",
        "목표",
        "실적",
        "달성률(%)",
    ]
    found = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        found[(row[1], row[2])] = (row[4], row[5], row[6])
    assert len(found) == len(INDICATORS)
    for key, (target, actual, rate) in INDICATORS.items():
        got_target, got_actual, got_rate = found[key]
        assert got_target == target, key
        if actual is None:
            assert got_actual in ("-", "진행 중"), key
            assert got_rate == "-", key
        else:
            assert (got_actual, got_rate) == (actual, rate), key
    assert ws.freeze_panes == "A2"


def test_korean_columns_are_wide_enough(workbook):
    ws = workbook["성과지표"]
    assert ws.column_dimensions["C"].width >= 20  # 지표 names are long Korean text
