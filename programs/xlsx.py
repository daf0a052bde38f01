"""The 사업계획서 template citizens download, and the full lists behind
the paginated call pages as XLSX (through the one
safe writer in `core.xlsx`); a call's applications, masked as on the page,
and its ranking. Amounts stay numbers and times real times, so the sheet
can be summed and sorted."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core import xlsx
from core.display import format_datetime

from .models import Call


def _sheet(title: str, headers: list[str], widths: list[int], rows: Iterable[list]) -> bytes:
    workbook = xlsx.new_workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return xlsx.to_bytes(workbook)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def ranking(call: Call, queryset) -> bytes:
    def rows():
        for rank, a in enumerate(queryset.iterator(chunk_size=2000), start=1):
            scored = a.mean_score is not None
            granted = a.grant.amount if a.grant_pk else None
            yield [
                rank if scored else None,
                a.organisation,
                a.project_name,
                a.requested_amount,
                a.n_reviews,
                float(a.mean_score) if scored else None,
                a.get_status_display(),
                granted,
            ]

    return _sheet(
        "심사 순위",
        [
            "순위",
            "조합(팀)명",
            "사업명",
            "신청 금액(원)",
            "심사 수",
            "평균 점수",
            "상태",
            "지원 결정액(원)",
        ],
        [6, 24, 30, 14, 8, 10, 10, 16],
        rows(),
    )


def response(content: bytes, call: Call, what: str = "applications") -> HttpResponse:
    return xlsx.response(content, f"call-{call.pk}-{what}.xlsx")


def plan_template(call: Call) -> bytes:
    """The 사업계획서 form for a call: one sheet with the sections the call asks
    for — the organisation, the project, one section per review criterion
    (with its weight, so applicants see what is scored), the schedule, the
    budget, and the 참여자 명단 — and a checklist of the call's documents."""
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    sheet.title = "사업계획서"
    bold, title_font = Font(bold=True), Font(bold=True, size=14)
    for column, width in zip("ABCDE", (22, 26, 20, 18, 22), strict=True):
        sheet.column_dimensions[column].width = width
    row = 1

    def put(values, font=None):
        nonlocal row
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if font is not None:
                cell.font = font
        row += 1

    def section(title, hint=""):
        nonlocal row
        row += 1
        put([title], bold)
        if hint:
            put([hint])

    put([f"{call.title} 사업계획서"], title_font)
    put([f"{call.program.name} · 접수 마감 {format_datetime(call.closes_at)}"])
    section("1. 신청 조직 개요")
    for label in (
        "조합(팀)명",
        "조직 형태",
        "대표자(담당자)",
        "설립일(예정일)",
        "조합원 수",
        "소재지",
    ):
        put([label, ""])
    section("2. 사업 개요")
    amount_hint = f"최대 {call.max_amount:,}원" if call.max_amount else ""
    for label, hint in (
        ("사업(프로젝트)명", ""),
        ("신청 금액(원)", amount_hint),
        ("사업 기간", ""),
        ("사업 요약", "3~5줄로 적습니다."),
    ):
        put([label, "", hint])
    criteria = list(call.criteria.all())
    section("3. 심사 기준별 계획", "심사는 아래 기준과 배점으로 합니다. 기준마다 계획을 적습니다.")
    for number, criterion in enumerate(criteria, start=1):
        put([f"3-{number}. {criterion.name} (배점 {criterion.weight})"], bold)
        put(["", ""])
    section("4. 추진 일정")
    put(["기간", "추진 내용", "담당"], bold)
    for _ in range(5):
        put(["", "", ""])
    section("5. 예산 계획", "금액은 원 단위 숫자로 적습니다.")
    put(["항목", "산출 근거", "금액(원)"], bold)
    for _ in range(6):
        put(["", "", ""])
    put(["합계", "", ""], bold)
    section(
        "6. 참여자 명단",
        "다른 분의 개인정보를 적을 때는 그분께 알리고 동의를 받아 주세요 (신청서의 확인란).",
    )
    put(["이름", "소속", "역할", "연락처"], bold)
    for _ in range(8):
        put(["", "", "", ""])
    section("7. 기대 효과")
    put(["", ""])
    documents = list(call.document_types.all())
    if documents:
        section("제출 서류 확인")
        for document in documents:
            put([document.name, "필수" if document.required else "선택", "□ 준비"])
    return xlsx.to_bytes(workbook)
