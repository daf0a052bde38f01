import io
import re

import pytest
from pypdf import PdfReader

from reports import exporters

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def pdf(report_year):
    return PdfReader(io.BytesIO(exporters.render(report_year, "pdf")))


def _text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_is_a4_with_cover_toc_and_page_numbers(pdf):
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    cover = pdf.pages[0].extract_text()
    assert "2021 주요업무보고" in cover and "2021. 11. 4." in cover
    toc = pdf.pages[1].extract_text()
    assert "목차" in toc and "예산집행 현황" in toc
    # The table of contents carries real page numbers.
    assert re.search(r"사업 계획 및 실적\W*\d+", toc)
    total = len(pdf.pages)
    assert f"3 / {total}" in pdf.pages[2].extract_text()


def test_pdf_text_has_the_reports_figures_in_korean(pdf):
    text = _text(pdf)
    for expected in [
        "예산집행 현황",
        "(단위: 천원)",
        "1,110,500",
        "660,697",
        "59.50",
        "45.36",
        "69.33",
        "협동조합 기초상담 총 7,316건 실시",
        "7,044건",
        "9,000건",
        "98,521회",
        "시민의 삶과 함께하는 협동조합 도시, 서울",
        "☎1544-5077",
        "◆",
        "□ 사업개요",
    ]:
        assert expected in text, expected


def test_pdf_embeds_only_the_korean_font(pdf):
    fonts = set()
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts, "fonts are embedded"
    allowed = ("ReportKorean", "Nanum")  # our @font-face family is Nanum Gothic
    assert all(any(name in f for name in allowed) for f in fonts), fonts


def test_the_key_task_table_is_printed_with_its_header(report_year):
    """The key-task table of section II (it now stays on one page with its heading;
    that split tables repeat their header is checked on WeasyPrint's layout in
    tests/reports/test_layout.py)."""
    reader = PdfReader(io.BytesIO(exporters.render(report_year, "pdf")))
    pages_with_header = [
        i
        for i, page in enumerate(reader.pages)
        if "연번" in page.extract_text() and "주요 사업" in page.extract_text()
    ]
    assert pages_with_header
