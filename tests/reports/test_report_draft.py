"""Next year without stale text (issue 14.3): a year copied from 2021 starts
as a draft, prints none of 2021's own figures or dates, and becomes final
once a manager has reviewed every section."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from center.models import ProgramUnit
from center.services import copy_fiscal_year
from reports import builder, exporters, services
from reports.models import ReportExport, SectionTable

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

    html = exporters.render(next_year, "html").decode()
    for figure in ["7,316", "6월 18일", "'21.", "법무 50건"]:
        assert figure not in html, figure
    # Exported as 초안: every PDF page, the XLSX title, the file name.
    assert builder.unreviewed_sections(next_year) == report.unreviewed_sections
    pdf = PdfReader(io.BytesIO(exporters.render(next_year, "pdf")))
    assert all("초안" in page.extract_text() for page in pdf.pages)
    workbook = load_workbook(io.BytesIO(exporters.render(next_year, "xlsx")))
    assert workbook.properties.title == "2022 주요업무보고 (초안)"
    export = ReportExport.objects.create(fiscal_year=next_year, fmt="pdf", created_by=manager_user)
    services.start_export(export_id=export.pk, total_steps=1)
    services.finish_export(export_id=export.pk, data=b"%PDF-")
    export.refresh_from_db()
    assert export.is_draft and export.download_name() == "2022_주요업무보고_초안.pdf"

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
