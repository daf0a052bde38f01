"""Next year without stale text (issue 14.3): a year copied from 2021 starts
as a draft, prints none of 2021's own figures or dates, and becomes final
once a manager has reviewed every section."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from center.models import ProgramUnit
from center.services import copy_fiscal_year
from core import jobs
from core.models import Job
from reports import builder, exporters, services
from reports.formats import FORMATS
from reports.models import SectionTable

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# 2021's own figures and dates as its report prints them (typed or computed);
# not the advisory boards' sizes, whose two-year terms run into 2022.
FIGURES_2021 = [
    "7,316",
    "7,044",
    "6월 18일",
    "4.4/5.0",
    "4.5/5.0",
    "'21",
    "2021년",
    "21,000",
    "5,688,200",
    "15,366",
    "10. 14.",
    "9월 16일",
    "법무 4건",
    "법무 50건",
    "총 101건",
    "44건",
]


def _all_text(report) -> str:
    lines = list(report.plan_focus_lines)
    for area in report.areas:
        for unit in area.units:
            lines += unit.overview_lines + unit.narrative_lines
            for table in unit.tables:
                lines += [" ".join(row) for row in table.rows]
    return "\n".join(lines)


def test_a_copied_year_is_a_draft_without_last_years_figures(full_demo, manager_user):
    assert not builder.build(full_demo).is_draft
    next_year = copy_fiscal_year(source=full_demo, year=2022)
    # The sections keep their declared tables.
    assert SectionTable.objects.filter(unit__area__fiscal_year=next_year).count() == (
        SectionTable.objects.filter(unit__area__fiscal_year=full_demo).count()
    )
    report = builder.build(next_year)
    assert report.is_draft
    assert "협동조합 스케일업 지원" in report.unreviewed_sections
    text = _all_text(report)
    for figure in FIGURES_2021:
        assert figure not in text, figure
    scaleup = next(
        u for a in report.areas for u in a.units if u.unit.name == "협동조합 스케일업 지원"
    )
    review = [line.text for line in scaleup.review_lines]
    assert "[검토 필요] - ○○○○년 스케일업지원사업 성과 공유" in review
    # Placeholders re-evaluate for 2022: no records yet.
    basic = next(u for a in report.areas for u in a.units if u.unit.name == "기초상담")
    assert "○ 협동조합 기초상담 총 0건 실시" in basic.narrative_lines

    # Exported as 초안 in every format: the file name, the XLSX title, the
    # HTML title, a watermark on every PDF and HWPX page.
    assert builder.unreviewed_sections(next_year) == report.unreviewed_sections
    files = {}
    for fmt in FORMATS:
        job = services.request_export(fiscal_year=next_year, fmt=fmt, user=manager_user)
        assert jobs.run(job.pk) == Job.DONE, Job.objects.get(pk=job.pk).error
        job.refresh_from_db()
        assert job.filename == f"2022_주요업무보고_초안.{fmt}" and job.result["draft"] is True
        with job.file.open("rb") as handle:
            files[fmt] = handle.read()
    html = files["html"].decode()
    assert "<title>2022 주요업무보고 (초안)</title>" in html and 'class="draft-watermark"' in html
    for figure in ["7,316", "6월 18일", "'21.", "법무 50건"]:
        assert figure not in html, figure
    pdf = PdfReader(io.BytesIO(files["pdf"]))
    assert len(pdf.pages) > 10
    assert all(_watermarked(page) for page in pdf.pages)
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    for figure in ["7,316", "6월 18일", "'21.", "법무 50건"]:
        assert figure not in pdf_text, figure
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    assert workbook.properties.title == "2022 주요업무보고 (초안)"
    assert workbook["일반현황"]["A1"].value.startswith("2022 주요업무보고 (초안)")
    _assert_hwpx_watermark(files["hwpx"])

    # A manager reviews every section: the report is final, the text as typed.
    for key in ["plan"] + [
        f"unit:{u.pk}" for u in ProgramUnit.objects.filter(area__fiscal_year=next_year)
    ]:
        if key == "plan" and not hasattr(next_year, "plan"):
            continue
        services.review_section(fiscal_year=next_year, section=key, user=manager_user)
    report = builder.build(next_year)
    assert not report.is_draft and report.title == "2022 주요업무보고"
    assert builder.unreviewed_sections(next_year) == []
    # Editing a reviewed section's carried-over text asks for review again.
    unit = ProgramUnit.objects.get(area__fiscal_year=next_year, name="전문상담")
    unit.narrative += "\n- 추가 문장 1건"
    unit.save()
    assert builder.build(next_year).is_draft


def _watermarked(page) -> bool:
    """The page draws 초안 in large letters (the watermark, not the 초안 of the
    running title): pypdf reports each text run with its font size."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if "초안" in text:
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(size * scale)

    page.extract_text(visitor_text=visit)
    return any(size >= 60 for size in sizes)


def _assert_hwpx_watermark(data: bytes):
    """한글 repeats the running header on every page; the header holds a
    borderless text box 초안 behind the text, centred on the paper."""
    import re
    import zipfile

    from hwp_hwpx_parser import Reader
    from hwpx.tools.package_validator import validate_package

    assert [i for i in validate_package(data).issues if i.level == "error"] == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        section = archive.read("Contents/section0.xml").decode()
        header_xml = archive.read("Contents/header.xml").decode()
    header = re.search(r'<hp:header\b[^>]*applyPageType="BOTH".*?</hp:header>', section, re.S)
    assert header, "no running header for every page"
    box = re.search(r"<hp:rect\b[^>]*>.*?</hp:rect>", header.group(0), re.S).group(0)
    assert 'textWrap="BEHIND_TEXT"' in box and "<hp:t>초안</hp:t>" in box
    position = re.search(r"<hp:pos\b[^>]*>", box).group(0)
    for attribute in ('vertRelTo="PAPER"', 'horzRelTo="PAPER"', 'vertAlign="CENTER"'):
        assert attribute in position
    char = re.search(r'charPrIDRef="(\d+)"><hp:t>초안</hp:t>', box).group(1)
    shape = re.search(rf'<hh:charPr\b[^>]*\bid="{char}"[^>]*>', header_xml).group(0)
    assert int(re.search(r'height="(\d+)"', shape).group(1)) >= 6000  # 60 pt and up
    assert 'textColor="#D0D0D0"' in shape
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".hwpx") as handle:
        handle.write(data)
        handle.flush()
        with Reader(handle.name) as reader:
            assert "2022 주요업무보고 (초안)" in reader.text
            for figure in ["7,316", "6월 18일", "'21.", "법무 50건"]:
                assert figure not in reader.text, figure


def test_a_final_report_has_no_watermark(report_year):
    """2021 is reviewed (its own text): no 초안 anywhere, no watermark."""
    import zipfile

    data = exporters.render(report_year, "hwpx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        section = archive.read("Contents/section0.xml").decode()
    assert "초안" not in section and "BEHIND_TEXT" not in section
    assert 'class="draft-watermark"' not in exporters.render(report_year, "html").decode()


def test_staff_cannot_mark_a_section_reviewed(full_demo, staff_client):
    next_year = copy_fiscal_year(source=full_demo, year=2022)
    unit = ProgramUnit.objects.get(area__fiscal_year=next_year, name="전문상담")
    staff_client.post("/reports/2022/review/", {"section": f"unit:{unit.pk}"})
    assert not next_year.section_reviews.exists()


def test_a_manager_marks_a_section_reviewed(full_demo, manager_client):
    next_year = copy_fiscal_year(source=full_demo, year=2022)
    unit = ProgramUnit.objects.get(area__fiscal_year=next_year, name="전문상담")
    page = manager_client.get("/reports/2022/narratives/").content.decode()
    assert "검토 필요" in page and "초안" in page
    manager_client.post("/reports/2022/review/", {"section": f"unit:{unit.pk}"})
    report = builder.build(next_year)
    section = next(u for a in report.areas for u in a.units if u.unit.pk == unit.pk)
    assert section.reviewed
    assert "전문상담" not in report.unreviewed_sections
    response = manager_client.post("/reports/2022/review/", {"section": "unit:999999"})
    assert response.status_code == 302
