"""XLSX export through openpyxl: one sheet per section of the report.

Numbers are stored as numbers with number formats (amounts in thousand won
`#,##0`, 집행률 `0.00`, 달성률 `0`); '-' stays text where a value is undefined.
Header rows are frozen, columns sized for Korean text, pages set for A4.
The `예산집행현황` and `성과지표` sheets are also the input layout of
`import_plan` (columns 경로 and 산출 carry what the import needs).
"""

import unicodedata
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core import registry as registry
from core.display import format_date
from core.rates import UNDEFINED
from core.xlsx import new_workbook, to_bytes

BUDGET_SHEET = "예산집행현황"
INDICATOR_SHEET = "성과지표"
BUDGET_HEADERS = ["구분", "사업명", "예산액", "집행액", "집행률(%)", "수준", "경로"]
INDICATOR_HEADERS = [
    "분야",
    "사업",
    "지표",
    "단위",
    "목표",
    "실적",
    "달성률(%)",
    "전년 실적",
    "산출",
]
PATH_SEPARATOR = " > "

HEADER_FILL = PatternFill("solid", fgColor="E3EFE6")
GROUP_FILL = PatternFill("solid", fgColor="F4F8F5")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT = "#,##0"
EXEC_RATE = "0.00"
ACH_RATE = "0"


def display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _number_or_dash(cell, value, number_format):
    if value is None:
        cell.value = UNDEFINED
        cell.alignment = Alignment(horizontal="right")
    else:
        cell.value = value
        cell.number_format = number_format


def _table(ws, headers: list[str], start_row: int = 1):
    for col, title in enumerate(headers, start=1):
        cell = ws.cell(row=start_row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _finish(ws, header_row: int, landscape: bool = False, max_width: int = 60):
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, int | float | Decimal):
                width = len(f"{cell.value:,}") + 2
            else:
                width = display_width(cell.value) + 2
            widths[cell.column] = max(widths.get(cell.column, 8), min(width, max_width))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"


def budget_path(row, by_pk) -> str:
    parts, line = [], row.line
    while line is not None:
        parts.append(line.name)
        line = by_pk.get(line.parent_id)
    return PATH_SEPARATOR.join(reversed(parts))


def _general_sheet(wb, report):
    ws = wb.active
    ws.title = "일반현황"
    r = 1
    ws.cell(
        row=r, column=1, value=f"{report.title} (보고일 {format_date(report.report_date)})"
    ).font = Font(bold=True, size=14)
    r += 2
    if report.organisation:
        ws.cell(row=r, column=1, value="추진근거").font = BOLD
        for line in report.organisation.legal_basis_lines():
            r += 1
            ws.cell(row=r, column=1, value=line)
        r += 2
    ws.cell(row=r, column=1, value="주요연혁").font = BOLD
    r += 1
    header_row = r
    _table(ws, ["일자", "내용", "기수", "수탁기관", "센터장"], r)
    for entry in report.history:
        r += 1
        ws.cell(row=r, column=1, value=entry.date).number_format = "yyyy. m. d."
        ws.cell(row=r, column=2, value=entry.text)
        if entry.term:
            ws.cell(row=r, column=3, value=entry.term).number_format = '0"기"'
        ws.cell(row=r, column=4, value=entry.operator or None)
        ws.cell(row=r, column=5, value=entry.heads or None)
    r += 2
    ws.cell(row=r, column=1, value="위탁사무 및 사업 내용").font = BOLD
    for task in report.tasks:
        r += 1
        ws.cell(row=r, column=1, value=task.text)
    r += 2
    ws.cell(row=r, column=1, value="직원 현황 (단위: 명)").font = BOLD
    r += 1
    _table(ws, ["구분", *[p.title for p in report.positions], "합계"], r)
    for label, attr, total in (
        ("정원", "quota", report.quota_total),
        ("현원", "current", report.current_total),
    ):
        r += 1
        ws.cell(row=r, column=1, value=label)
        for col, p in enumerate(report.positions, start=2):
            ws.cell(row=r, column=col, value=getattr(p, attr)).number_format = AMOUNT
        ws.cell(row=r, column=len(report.positions) + 2, value=total).number_format = AMOUNT
    if report.organisation:
        r += 2
        ws.cell(row=r, column=1, value="공간 현황").font = BOLD
        r += 1
        _table(ws, ["시설명", "위치", "규모(㎡)"], r)
        r += 1
        org = report.organisation
        ws.cell(row=r, column=1, value=org.facility_name or org.name)
        ws.cell(row=r, column=2, value=org.address)
        ws.cell(row=r, column=3, value=float(org.floor_area)).number_format = "#,##0.00"
    _finish(ws, header_row)


def _budget_sheet(wb, report):
    ws = wb.create_sheet(BUDGET_SHEET)
    ws.cell(row=1, column=1, value="예산집행 현황 (단위: 천원)").font = BOLD
    _table(ws, BUDGET_HEADERS, 2)
    by_pk = {row.line.pk: row.line for row in report.budget_rows}
    r = 2
    for row in report.budget_rows:
        r += 1
        ancestor = row.line
        while ancestor.parent_id and by_pk[ancestor.parent_id].parent_id:
            ancestor = by_pk[ancestor.parent_id]
        category = ancestor.name.replace(" 소계", "") if row.depth >= 2 else row.line.name
        ws.cell(row=r, column=1, value=category if row.depth >= 2 else row.line.name)
        ws.cell(row=r, column=2, value=row.line.name if row.depth >= 2 else None)
        # The printed 천원 figures: subtotals are sums of the rows, rates of the figures.
        _number_or_dash(ws.cell(row=r, column=3), row.planned_k, AMOUNT)
        _number_or_dash(ws.cell(row=r, column=4), row.executed_k, AMOUNT)
        _number_or_dash(
            ws.cell(row=r, column=5),
            float(row.rate_k) if row.rate_k is not None else None,
            EXEC_RATE,
        )
        ws.cell(row=r, column=6, value=row.depth)
        ws.cell(row=r, column=7, value=budget_path(row, by_pk))
        if row.children:
            for col in range(1, 8):
                ws.cell(row=r, column=col).fill = GROUP_FILL
                ws.cell(row=r, column=col).font = BOLD
    for row in report.budget_rows:
        if row.depth == 0 and row.rounding_note:
            r += 2
            ws.cell(row=r, column=1, value=f"※ {row.rounding_note}")
    _finish(ws, 2)


def _plan_sheet(wb, report):
    ws = wb.create_sheet("주요사업계획")
    ws.cell(row=1, column=1, value=f"{report.fiscal_year.year}년 주요사업 계획").font = Font(
        bold=True, size=13
    )
    r = 2
    if report.plan:
        r += 1
        ws.cell(row=r, column=1, value="비전").font = BOLD
        ws.cell(row=r, column=2, value=report.plan.vision)
        for strategy in report.strategies:
            r += 1
            ws.cell(row=r, column=1, value=strategy.title).font = BOLD
            ws.cell(row=r, column=2, value=" / ".join(strategy.action_lines()))
        r += 2
        ws.cell(row=r, column=1, value="중점 추진내용").font = BOLD
        for line in report.plan_focus_lines:
            r += 1
            ws.cell(row=r, column=2, value=line)
        r += 2
    header_row = r
    _table(ws, ["연번", "추진 항목", "주요 사업", "분야"], r)
    for area in report.plan_areas:
        for task in area.tasks.all():
            r += 1
            ws.cell(row=r, column=1, value=task.number)
            ws.cell(row=r, column=2, value=task.title)
            ws.cell(row=r, column=3, value=task.activities)
            ws.cell(row=r, column=4, value=area.title)
    _finish(ws, header_row, max_width=80)


def _indicator_sheet(wb, report):
    ws = wb.create_sheet(INDICATOR_SHEET)
    _table(ws, INDICATOR_HEADERS, 1)
    r = 1
    for area in report.areas:
        for unit in area.units:
            for line in unit.lines:
                r += 1
                ind = line.indicator
                ws.cell(row=r, column=1, value=area.area.name)
                ws.cell(row=r, column=2, value=unit.unit.name)
                ws.cell(row=r, column=3, value=ind.name)
                ws.cell(row=r, column=4, value=ind.measure)
                ws.cell(row=r, column=5, value=ind.target).number_format = AMOUNT
                if line.actual is None and ind.actual_note:
                    ws.cell(row=r, column=6, value=ind.actual_note)
                else:
                    _number_or_dash(ws.cell(row=r, column=6), line.actual, AMOUNT)
                _number_or_dash(
                    ws.cell(row=r, column=7),
                    int(line.rate) if line.rate is not None else None,
                    ACH_RATE,
                )
                _number_or_dash(ws.cell(row=r, column=8), line.previous, AMOUNT)
                source = registry.get(ind.source) if ind.source else None
                # The source's Korean label; the plan import reads it back (`resolve`).
                label = source.label if source else ind.source or "직접 입력"
                ws.cell(row=r, column=9, value=label)
    _finish(ws, 1, landscape=True)


def _results_sheet(wb, report):
    ws = wb.create_sheet("사업실적")
    _table(ws, ["분야", "사업", "구분", "내용"], 1)
    r = 1
    for area in report.areas:
        for unit in area.units:
            rows = [("대상", unit.unit.target_group)] if unit.unit.target_group else []
            rows.append(("소요예산(천원)", unit.planned_k))
            rows += [("사업개요", line) for line in unit.overview_lines]
            rows += [("추진내용", line) for line in unit.narrative_lines]
            for kind, text in rows:
                r += 1
                ws.cell(row=r, column=1, value=area.area.name)
                ws.cell(row=r, column=2, value=unit.unit.name)
                ws.cell(row=r, column=3, value=kind)
                cell = ws.cell(row=r, column=4, value=text if text is not None else UNDEFINED)
                if isinstance(text, int):
                    cell.number_format = AMOUNT
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _finish(ws, 1, landscape=True, max_width=90)


TABLES_SHEET = "사업실적 표"
NUMBER_FORMATS = {"int": AMOUNT, "thousand": AMOUNT, "score": "0.0", "date": "yyyy. m. d."}


def _tables_sheet(wb, report):
    """The sections' sub-tables (builder.UnitSection.tables), one block each:
    a title row naming the unit, the header row, then one row per record with
    numbers as numbers."""
    ws = wb.create_sheet(TABLES_SHEET)
    r = 0
    for area in report.areas:
        for unit in area.units:
            for table in unit.tables:
                r += 1
                title = f"{area.area.name} · {unit.unit.name} · {table.title}"
                ws.cell(row=r, column=1, value=f"{title} {table.unit_note}".strip()).font = BOLD
                r += 1
                _table(ws, table.header, r)
                for values in table.values or [[] for _ in table.rows]:
                    r += 1
                    for col, (column, value) in enumerate(
                        zip(table.columns, values, strict=True), 1
                    ):
                        cell = ws.cell(row=r, column=col)
                        cell.border = BORDER
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                        if column.numeric or column.kind == "date":
                            _number_or_dash(cell, value, NUMBER_FORMATS[column.kind])
                        else:
                            cell.value = value if value not in (None, "") else None
                if not table.rows:
                    r += 1
                    ws.cell(row=r, column=1, value="기록이 없습니다.")
                r += 1
    if r == 0:
        ws.cell(row=1, column=1, value="사업실적 표가 없습니다.")
    _finish(ws, 1, landscape=True, max_width=60)
    ws.freeze_panes = None


SHEETS = [
    _general_sheet,
    _budget_sheet,
    _plan_sheet,
    _indicator_sheet,
    _results_sheet,
    _tables_sheet,
]


def render_xlsx(report) -> bytes:
    wb = new_workbook()  # text cells are never formulas (a narrative may start with '=')
    for sheet in SHEETS:
        sheet(wb, report)
    wb.properties.title = report.title
    wb.properties.creator = "서울시협동조합지원센터 업무 포털"
    return to_bytes(wb)
