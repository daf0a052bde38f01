"""Sub-tables built from the records (issue 14.1), live figures in the
narratives (14.2), figures linked to their records (14.9), '-' for 미실시
(14.10): on the full 2021 demo."""

import io
import re

import pytest

from center.models import Indicator, ProgramUnit
from reports import builder, exporters, services
from reports.models import IndicatorMark

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _unit(report, name):
    return next(u for a in report.areas for u in a.units if u.unit.name == name)


def _table(report, unit, key):
    return next(t for t in _unit(report, unit).tables if t.key == key)


def test_every_sub_table_of_the_2021_report_comes_from_the_records(full_demo):
    report = builder.build(full_demo)
    grants = _table(report, "초기 성장지원", "programs.startup_grants")
    assert grants.header == ["연번", "예비협동조합명", "지원내용", "지원금액"]
    assert grants.unit_note == "(단위: 천원)"
    assert len(grants.rows) == 10
    assert grants.rows[0] == ["1", "한살림돌봄", "홈페이지 및 홍보영상 제작", "2,000"]
    assert grants.rows[9] == ["10", "미래전통염색", "교재 및 홍보물 제작", "3,000"]
    assert [c.numeric for c in grants.columns] == [True, False, False, True]

    scaleup = _table(report, "협동조합 스케일업 지원", "programs.scaleup_projects")
    assert scaleup.header == ["협동조합명", "프로젝트명", "주요 성과"]
    assert len(scaleup.rows) == 5
    assert scaleup.rows[0][0] == "울림두레돌봄 사회적협동조합, 사회적협동조합 세이, 울림두레생협"
    assert scaleup.rows[0][1] == "돌봄사회서비스 사업협력방안"
    assert scaleup.rows[0][2].split("\n") == [
        "· 협동조합 간 공동 커뮤니티 케어 상품 밀키트 개발 완료",
        "· 협동조합 간 연대 비즈니스 모델 개발 및 매출 상승",
    ]

    events = _table(report, "협동조합 작은행사 지원", "programs.small_events")
    assert [r[1] for r in events.rows] == [
        "우리동물병원생명사회적협동조합",
        "강서구협동조합협의회",
        "심온사회적협동조합",
        "드림온 협동조합",
    ]
    issues = _table(report, "정책기획 사업", "programs.priority_issues")
    assert len(issues.rows) == 5 and issues.rows[0] == ["1", "사회적경제기본법 제정"]
    booths = _table(report, "ICA협동조합 지원 및 홍보", "outreach.ica_booths")
    assert [r[1] for r in booths.rows][:2] == ["한지공예산업협동조합", "이풀약초협동조합"]
    answers = _table(report, "기초상담", "consultations.answers_by_field")
    assert answers.rows == [["법무", "50"], ["법률", "27"], ["회계세무", "17"], ["인사노무", "7"]]
    experts = _table(report, "전문상담", "consultations.expert_by_field")
    assert [r[1] for r in experts.rows] == ["4", "5", "5", "4", "9"]


def test_a_corrected_record_changes_the_table_and_the_sentence(full_demo):
    from programs.models import Grant

    grant = Grant.objects.get(application__organisation="미래전통염색")
    grant.amount = 3_500_400
    grant.save()
    report = builder.build(full_demo)
    grants = _table(report, "초기 성장지원", "programs.startup_grants")
    assert grants.rows[9][3] == "3,500"  # half-up 천원
    assert any("총 21,500천원" in line for line in _unit(report, "초기 성장지원").narrative_lines)


SUBMITTED = {
    "기초상담": [
        "총 4개 분야(법무, 법률, 회계세무, 인사노무) 총 7명 자문위원 위촉",
        "전문분야 총 101건 자문 지원(법무 50건, 법률 27건, 회계세무 17건, 인사노무 7건)",
    ],
    "전문상담": [
        "법무 4건, 법률 5건, 회계세무 5건, 인사노무 4건, 경영 및 조직운영 9건",
        "전문상담자문단 공모 및 선발·위촉 운영(총 10명)",
    ],
    "자치구 공무원 및 사경센터 협동조합 담당자 교육": [
        "상반기(2021. 3. 25.) 17명 / 하반기(2021. 9. 30.) 18명 수강 완료",
        "교육 만족도 상반기 4.4/5.0, 하반기 4.3/5.0",
    ],
    "경영전략교육": [
        "운영실무교육 총 3회 실시, 수강인원 총 53명",
        "맞춤교육 총 4회 실시, 수강인원 총 139명",
        "세무교육(2021. 3. 3.) 참여자 39명, 교육 만족도 4.2/5.0",
        "회계교육(2021. 6. 29.) 참여자 40명, 교육 만족도 4.3/5.0",
    ],
    "사회적협동조합 활성화 교육": [
        "경영공시 교육 실시(참여자 44명, 교육 만족도 4.5/5.0)",
        "공공조달 교육 실시(참여자 44명, 교육 만족도 4.7/5.0)",
        "민간위탁 교육 실시(참여자 28명, 교육 만족도 4.5/5.0)",
    ],
    "휴면협동조합 지원": ["(참여자 23명, 교육 만족도 4.6/5.0)"],
    "초기 성장지원": ["10개 협동조합 선정", "10개팀 사업비지원(총 21,000천원)"],
    "협동조합 스케일업 지원": [
        "○ 5개 협동조합 선정팀 사업 규모화 지원",
        "총 5회 스케일업 컨설팅",
        "○ 2021. 10. 14. IR피칭데이 개최",
    ],
    "협동조합 작은행사 지원": [
        "4개 협동조합 및 협의회 선정, 모금홍보콘텐츠 4건 제작",
        "총 5,688,200원 모금, 시민 15,366명 참여",
    ],
    "정책기획 사업": ["과제 44건 발굴 및 우선 해결과제 5건 선정", "정책간담회 총 6회"],
    "홍보 및 정보제공": [
        "홍보 콘텐츠 총 88건",
        "▲카드뉴스 39건 ▲유튜브 콘텐츠 15건 ▲활동소식 25건 ▲뉴스레터 9건",
        "청년기자단 9기 7명",
    ],
    "ICA협동조합 지원 및 홍보": [
        "참가자 30명 모집 완료",
        "10. 7. 청년컨퍼런스",
        "5개 협동조합 선정",
    ],
}


def test_narrative_figures_are_computed_and_read_as_submitted(full_demo):
    report = builder.build(full_demo)
    for name, fragments in SUBMITTED.items():
        unit = _unit(report, name)
        assert unit.unknown_placeholders == [], name
        text = "\n".join(unit.overview_lines + unit.narrative_lines)
        for fragment in fragments:
            assert fragment in text, (name, fragment)
    # The figures the issue found typed are placeholders now.
    units = ProgramUnit.objects.filter(area__fiscal_year=full_demo)
    prose = "\n".join(u.overview + "\n" + u.narrative for u in units)
    for typed in ["44명", "4.5/5.0", "총 88건", "법무 4건", "21,000천원", "'21.10.", "10월 14일"]:
        assert typed not in prose, typed


# Typed figures that equal a value of their unit's sources by coincidence
# only (the editor offers them; a person saw they are other facts): 日 2회
# and 월 1회 (기초상담), 교육수료자 17명 (경영전략교육), 4개 협동조합 기간 내
# 설립 (초기 성장지원), 위원 … 외 6명 (정책기획), 매월 1회 / 주1회 (홍보),
# 1:1 심층대면 (전문상담, beside the one 맞춤형 상담데이 its text quotes).
COINCIDENCES = {
    ("기초상담", "2"),
    ("기초상담", "1"),
    ("전문상담", "1"),
    ("경영전략교육", "17"),
    ("초기 성장지원", "4"),
    ("정책기획 사업", "6"),
    ("홍보 및 정보제공", "1"),
}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
SCALE = re.compile(r"/\d+(?:\.\d+)?")  # the "/5.0" of a mean score is no figure


def test_section_three_counts_placeholders_and_typed_figures(full_demo):
    """Every figure of III is a placeholder or marked 입력값, and no typed
    figure equals a value its unit's sources produce, but for coincidences."""
    report = builder.build(full_demo)
    placeholders = typed = digits = filled = 0
    offers = set()
    for area in report.areas:
        for unit in area.units:
            for line in unit.overview_parts + unit.narrative_parts:
                placeholders += sum(1 for p in line.parts if p.name)
                typed += len(line.literals)
                digits += len(NUMBER.findall(SCALE.sub("", line.text)))
                filled += sum(len(NUMBER.findall(p.text)) for p in line.parts if p.name)
            for field in ("overview", "narrative"):
                offers |= {
                    (unit.unit.name, o.literal) for o in builder.binding_offers(unit.unit, field)
                }
    assert offers <= COINCIDENCES
    assert placeholders >= 90
    assert typed >= 50
    # every number printed is filled from the records or typed (입력값), nothing else
    assert digits == filled + typed


def test_editor_offers_to_bind_a_typed_figure_and_marks_the_rest(full_demo, staff_client):
    unit = ProgramUnit.objects.get(area__fiscal_year=full_demo, name="전문상담")
    unit.narrative = "○ 전문상담 총 27건 지원, 6월 18일 상담데이"
    unit.save()
    url = f"/reports/2021/narratives/{unit.pk}/"
    page = staff_client.get(url).content.decode()
    assert "{{ 전문상담.전문상담 }}" in page and "연결" in page
    assert page.count("입력값</span>") >= 3  # 27, 6, 18
    response = staff_client.post(
        url + "bind/",
        {"field": "narrative", "line": "0", "literal": "27", "name": "전문상담.전문상담"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.narrative == "○ 전문상담 총 {{ 전문상담.전문상담 }}건 지원, 6월 18일 상담데이"
    # A binding that was not offered is refused, nothing changes.
    staff_client.post(
        url + "bind/",
        {"field": "narrative", "line": "0", "literal": "18", "name": "전문상담.전문상담"},
    )
    unit.refresh_from_db()
    assert "18일" in unit.narrative


def test_preview_links_each_computed_figure_to_its_records(full_demo, manager_client):
    page = manager_client.get("/reports/2021/").content.decode()
    phone = "/consultations/?channel=phone&amp;date_from=2021-01-01&amp;date_to=2021-12-31"
    assert f'<a href="{phone}">7,044건</a>' in page
    listing = manager_client.get(phone.replace("&amp;", "&")).content.decode()
    assert "7,044" in listing
    assert "/programs/" in page and "기록 보기" in page


def test_marked_indicator_prints_a_dash_with_its_note(full_demo):
    report = builder.build(full_demo)
    line = next(
        x for x in _unit(report, "협동조합 스케일업 지원").lines if x.indicator.name == "데모데이"
    )
    assert line.actual == 1  # the IR피칭데이 of 2021. 10. 14. is recorded
    assert line.actual_display == "-" and line.rate is None
    assert "IR피칭데이" in _unit(report, "협동조합 스케일업 지원").footnotes[0]
    services.unmark_indicator(indicator=line.indicator)
    report = builder.build(full_demo)
    line = next(
        x for x in _unit(report, "협동조합 스케일업 지원").lines if x.indicator.name == "데모데이"
    )
    assert line.actual_display == "1회"


def test_manager_marks_an_indicator_with_a_note(full_demo, manager_client):
    indicator = Indicator.objects.get(unit__area__fiscal_year=full_demo, name="맞춤교육")
    url = f"/reports/2021/indicators/{indicator.pk}/mark/"
    response = manager_client.post(url, {"status": "not_held", "note": ""})
    assert "왜 &#x27;-&#x27;로 적는지 주석을 쓰세요." in response.content.decode()
    assert not IndicatorMark.objects.filter(indicator=indicator).exists()
    manager_client.post(url, {"status": "not_applicable", "note": "코로나19로 1회 취소"})
    mark = IndicatorMark.objects.get(indicator=indicator)
    assert mark.get_status_display() == "해당없음"


def test_tables_print_with_header_rows_in_html_and_pdf(full_demo):
    html = exporters.render(full_demo, "html").decode()
    assert '<th scope="col">예비협동조합명</th>' in html
    assert "미래전통염색" in html and "(단위: 천원)" in html
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(exporters.render(full_demo, "pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "예비협동조합명" in text and "미래전통염색" in text
    assert "5대 제도개선" not in text or "제도개선 사항" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exporters.render(full_demo, "xlsx")))["사업실적 표"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(
        i
        for i, row in enumerate(rows)
        if row[:4] == ["연번", "예비협동조합명", "지원내용", "지원금액"]
    )
    assert rows[header + 10][:4] == [10, "미래전통염색", "교재 및 홍보물 제작", 3000]
    assert "(단위: 천원)" in rows[header - 1][0]


def test_every_sub_table_prints_as_a_table_in_every_format(full_demo, tmp_path):
    """Each declared sub-table of the 2021 report is a real table in HTML,
    PDF, XLSX and HWPX: its header row, then one row per record with the
    cells as the block prints them (numbers as numbers in the XLSX)."""
    import lxml.html
    from hwp_hwpx_parser import Reader
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = builder.build(full_demo)
    blocks = [t for a in report.areas for u in a.units for t in u.tables]
    keys = {b.key for b in blocks}
    assert {
        "programs.startup_grants",
        "programs.scaleup_projects",
        "programs.small_events",
        "programs.priority_issues",
        "outreach.ica_booths",
        "consultations.answers_by_field",
    } <= keys
    assert all(b.rows for b in blocks), [b.key for b in blocks if not b.rows]

    def flat(text) -> str:
        # Cells compared without their white space (a "lines" cell breaks
        # its lines as each format does).
        return "".join(str(text).split())

    html = lxml.html.fromstring(exporters.render(full_demo, "html").decode())
    html_tables = [
        [[flat(c.text_content()) for c in tr if c.tag in ("th", "td")] for tr in t.iter("tr")]
        for t in html.iter("table")
    ]
    path = tmp_path / "report.hwpx"
    path.write_bytes(exporters.render(full_demo, "hwpx"))
    with Reader(str(path)) as reader:
        hwpx_tables = [[[flat(c) for c in row] for row in t.rows] for t in reader.tables]
    sheet = load_workbook(io.BytesIO(exporters.render(full_demo, "xlsx")))["사업실적 표"]
    xlsx_rows = [[c.value for c in row] for row in sheet.iter_rows()]
    pdf = PdfReader(io.BytesIO(exporters.render(full_demo, "pdf")))
    pdf_text = flat("\n".join(page.extract_text() for page in pdf.pages))

    for block in blocks:
        header = [flat(h) for h in block.header]
        rows = [[flat(cell) for cell in row] for row in block.rows]
        assert [header, *rows] in html_tables, block.key
        assert [header, *rows] in hwpx_tables, block.key
        start = next(
            i
            for i, row in enumerate(xlsx_rows)
            if [flat(v) for v in row[: len(header)] if v is not None] == header
            and block.title in str(xlsx_rows[i - 1][0])
        )
        printed = [row[: len(header)] for row in xlsx_rows[start + 1 : start + 1 + len(rows)]]
        assert [[_cell(v) for v in row] for row in printed] == [
            [_cell(v) for v in row] for row in block.values
        ], block.key
        assert "".join(header) in pdf_text, block.key
        for row in rows:
            assert row[0][:12] in pdf_text and row[-1][:12] in pdf_text, (block.key, row)


def _cell(value):
    """A cell as the XLSX holds it: numbers as floats, dates without a time."""
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return float(value)
    return value
