"""A figure with no records yet (issue 14): in a 2022 year copied from 2021,
education not yet held reads "집계 전", never "-/5.0", and a date not yet
known leaves no dangling "(-)" in the sentence. All formats share the
builder's lines, so checking them checks HTML, PDF, XLSX and HWPX alike."""

import re

import pytest

from center.services import copy_fiscal_year
from reports import builder
from reports.narrative import NO_DATE, NOT_YET, REVIEW_MARK, Resolver

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _narratives(report) -> dict[str, list[str]]:
    return {u.unit.name: u.narrative_lines for a in report.areas for u in a.units}


def _all(lines: dict[str, list[str]]) -> list[str]:
    return [line for unit in lines.values() for line in unit]


def test_a_copied_year_prints_not_yet_for_education_not_held(full_demo):
    report = builder.build(copy_fiscal_year(source=full_demo, year=2022))
    lines = _narratives(report)
    text = "\n".join(_all(lines))
    assert "-/5.0" not in text
    assert "(-)" not in text and "(-~-)" not in text
    assert not re.search(r"\(\s*\)", text)
    founding = next(line for line in lines["협동조합 입문교육"] if "입문 및 설립교육" in line)
    assert f"교육만족도 {NOT_YET})" in founding
    tax = next(line for line in _all(lines) if "세무교육" in line)
    assert tax.lstrip(" -").startswith("세무교육 참여자 0명"), tax
    assert f"교육 만족도 {NOT_YET}" in tax
    # A record's date quoted outside brackets, the record not there yet.
    day = next(line for line in lines["전문상담"] if "맞춤형상담데이" in line)
    assert day == f"○ 협동조합 맞춤형상담데이 {NO_DATE} 실시(박람회식 전문상담)"
    for line in _all(lines):
        line = line.removeprefix(REVIEW_MARK).lstrip(" -○")
        assert not re.search(r"(^|\s)-(\s|$|/|\))", line), line
        assert f"{NOT_YET}명" not in line and f"{NOT_YET}건" not in line, line


def test_the_2021_report_keeps_its_figures(full_demo):
    text = "\n".join(_all(_narratives(builder.build(full_demo))))
    assert NOT_YET not in text
    assert "교육만족도 4.7/5.0)" in text


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("만족도 {{ x }}/5.0", f"만족도 {NOT_YET}"),
        ("(참여자 {{ n }}명, 만족도 {{ x }}/5.0)", f"(참여자 3명, 만족도 {NOT_YET})"),
        ("세무교육({{ x }}) 참여자 {{ n }}명", "세무교육 참여자 3명"),
        ("교육({{ x }}~{{ y }})운영", "교육운영"),
        ("교육({{ d }}~{{ x }})운영", "교육(2022. 3. 2.~)운영"),
        ("만족도 {{ s }}/5.0", "만족도 4.5/5.0"),
        ("콘텐츠 총 {{ x }}건 제작", f"콘텐츠 총 {NOT_YET} 제작"),
        ("콘텐츠 총 {{ n }}건 제작", "콘텐츠 총 3건 제작"),
    ],
)
def test_empty_figures_read_naturally(raw, printed):
    import datetime as dt
    from decimal import Decimal

    values = {"x": None, "y": "", "n": 3, "s": Decimal("4.5"), "d": dt.date(2022, 3, 2)}
    line = Resolver(2022, values=dict(values)).line(raw)
    assert line.text == printed
    assert all(part.text for part in line.parts)  # the preview marks no empty figure
