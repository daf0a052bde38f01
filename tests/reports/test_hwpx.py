"""The HWPX (한글) export: a valid OWPML package (python-hwpx's own validator),
read back by an independent reader (hwp-hwpx-parser) with every budget and
KPI row and its printed figures."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from hwp_hwpx_parser import Reader

from center.selectors import budget_tree
from core.rates import format_rate
from reports import builder

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _amount(value) -> str:
    return "-" if value is None else f"{value:,}"


@pytest.fixture
def hwpx_file(report_year, tmp_path):
    path = tmp_path / "report.hwpx"
    call_command("export_report", year=2021, fmt="hwpx", output=str(path))
    return path


def test_hwpx_passes_the_package_and_schema_validators(hwpx_file):
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

    data = hwpx_file.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == b"application/hwp+zip"
    package = validate_package(data)
    assert [i for i in package.issues if i.level == "error"] == []
    assert HwpxDocument.open(data).validate().issues == ()


def test_hwpx_is_a4_with_page_numbers_repeated_headers_and_hangul_fonts(hwpx_file):
    with zipfile.ZipFile(hwpx_file) as archive:
        section = archive.read("Contents/section0.xml").decode()
        header = archive.read("Contents/header.xml").decode()
    page = re.search(r'<hp:pagePr[^>]*width="(\d+)"[^>]*height="(\d+)"', section)
    size_mm = [round(int(page.group(k)) / 283.465) for k in (1, 2)]
    assert size_mm == [210, 297]
    margin = re.search(r'<hp:margin[^>]*left="(\d+)"', section)
    assert round(int(margin.group(1)) / 283.465) == 18
    assert "pageNum" in section or "autoNum" in section
    tables = re.findall(r"<hp:tbl\b[^>]*>", section)
    assert tables and all('repeatHeader="1"' in t for t in tables)
    assert 'header="1"' in section
    assert "함초롬돋움" in header and "함초롬바탕" in header


def test_an_independent_reader_reads_every_budget_and_kpi_row(hwpx_file, report_year):
    with Reader(str(hwpx_file)) as reader:
        tables = [t.rows for t in reader.tables]
        text = reader.text
    assert "(단위: 천원)" in text and "Ⅱ. 2021년 주요사업 계획" in text

    budget = next(t for t in tables if t[0] == ["구분", "예산액", "집행액", "집행률(%)"])
    expected = [
        [row.line.name, _amount(row.planned_k), _amount(row.executed_k), format_rate(row.rate_k)]
        for row in budget_tree(report_year)
    ]
    assert [[cell.strip() for cell in row] for row in budget[1:]] == expected
    assert ["민간위탁금 합계", "1,110,500", "660,697", "59.50"] in expected

    report = builder.build(report_year)
    kpi_tables = [t for t in tables if t[0][:4] == ["지표", "목표", "실적", "달성률(%)"]]
    units = [unit for area in report.areas for unit in area.units]
    assert len(kpi_tables) == len(units)
    for table, unit in zip(kpi_tables, units, strict=True):
        rows = [row[:4] for row in table[1:]]
        assert rows == [
            [line.indicator.name, line.target_display, line.actual_display, format_rate(line.rate)]
            for line in unit.lines
        ] or (not unit.lines and rows == [["기록이 없습니다.", "", "", ""]])
    printed = {row[0]: row for t in kpi_tables for row in t[1:]}
    assert printed["전화상담"][2] == "7,044건"
