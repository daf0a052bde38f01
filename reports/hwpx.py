"""HWPX (한글, OWPML / KS X 6101) export through python-hwpx.

The center edits the report in 한글 before it goes to the city, so this file
carries the same sections as the PDF: cover, 목차, Ⅰ–Ⅲ with tables that have
a header row (repeated on every page), borders, numbers aligned right and
`(단위: 천원)` lines; A4 with the PDF's margins, page numbers in the footer,
and fonts every 한글 installation has (함초롬돋움 for headings and tables,
함초롬바탕 for the text). Every figure is the built report's, printed by the
same rules as the other formats (budget in printed 천원, rates half-up).
"""

from django.utils.formats import number_format

from core.display import format_date, thousand_won
from core.rates import format_rate

_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HEADING_FONT = "함초롬돋움"
BODY_FONT = "함초롬바탕"
MM = 283.465  # HWPUNIT per millimetre (1/7200 inch)
MARGINS_MM = {"left": 18, "right": 18, "top": 20, "bottom": 18}
TEXT_WIDTH = int((210 - MARGINS_MM["left"] - MARGINS_MM["right"]) * MM)
HEADER_SHADE = "#E3EFE6"
WATERMARK = "초안"
WATERMARK_COLOUR = "#D0D0D0"  # light grey, behind the text: the page stays readable
GROUP_SHADE = "#F4F8F5"


def _amount(value) -> str:
    return "-" if value is None else number_format(value, force_grouping=True)


class Writer:
    """A thin layer over python-hwpx: paragraphs in a few fixed styles and
    bordered tables; formatting is applied in batches when the file is saved."""

    def __init__(self):
        from hwpx import HwpxDocument

        self.doc = HwpxDocument.new()
        self.doc.page.setup(paper_size="A4", margins_mm=MARGINS_MM)
        self.doc.page.set_page_number(prefix="- ", suffix=" -")
        styles = self.doc.styles
        for face in (HEADING_FONT, BODY_FONT):
            styles.ensure_font(face)
        self.runs = {
            "title": styles.ensure_run(font=HEADING_FONT, size=24, bold=True),
            "h1": styles.ensure_run(font=HEADING_FONT, size=16, bold=True),
            "h2": styles.ensure_run(font=HEADING_FONT, size=13, bold=True),
            "h3": styles.ensure_run(font=HEADING_FONT, size=11.5, bold=True),
            "h4": styles.ensure_run(font=HEADING_FONT, size=10.5, bold=True),
            "body": styles.ensure_run(font=BODY_FONT, size=10),
            "note": styles.ensure_run(font=BODY_FONT, size=9),
            "cell": styles.ensure_run(font=HEADING_FONT, size=9),
            "cell_bold": styles.ensure_run(font=HEADING_FONT, size=9, bold=True),
        }
        self._formats: dict[tuple, list] = {}
        self._shades: dict[tuple, str] = {}

    def _shade(self, colour: str, base: str) -> str:
        key = (colour, base)
        if key not in self._shades:
            self._shades[key] = self.doc.oxml.ensure_shading_border_fill(
                colour, base_border_fill_id=base
            )
        return self._shades[key]

    def _format(self, paragraph, **options):
        self._formats.setdefault(tuple(sorted(options.items())), []).append(paragraph)

    def paragraph(self, text: str, style: str = "body", **options):
        paragraph = self.doc.add_paragraph(
            text, char_pr_id_ref=self.runs[style], inherit_style=False
        )
        if options:
            self._format(paragraph, **options)
        return paragraph

    def heading(self, text: str, level: int, *, new_page: bool = False):
        options = {"keep_with_next": True, "spacing_before_pt": 6 if level > 1 else 0}
        if new_page:
            options["page_break_before"] = True
        return self.paragraph(text, f"h{level}", **options)

    def lines(self, lines, style: str = "body"):
        for line in lines:
            self.paragraph(line, style)

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        *,
        numeric: list[bool] | None = None,
        caption: str = "",
        unit_note: str = "",
        weights: list[float] | None = None,
        group_rows: set[int] = frozenset(),
    ):
        """A bordered table: caption line, `(단위: …)` line, a shaded header row
        that repeats on every page, numeric columns aligned right."""
        numeric = numeric or [False] * len(header)
        if caption or unit_note:
            text = caption + (f" {unit_note}" if unit_note and caption else unit_note)
            self.paragraph(text, "h4", keep_with_next=True)
        if not rows:
            rows = [["기록이 없습니다."] + [""] * (len(header) - 1)]
        table = self.doc.add_table(len(rows) + 1, len(header), width=TEXT_WIDTH)
        table.element.set("repeatHeader", "1")
        table.element.set("pageBreak", "CELL")
        if weights:
            table.set_column_widths(weights)
        base = table.element.get("borderFillIDRef")
        # Cells are reached through the rows: table.cell() rebuilds the grid each call.
        for r, row in enumerate(table.rows):
            texts = header if r == 0 else rows[r - 1]
            strong = r == 0 or (r - 1) in group_rows
            shade = HEADER_SHADE if r == 0 else (GROUP_SHADE if strong else None)
            for c, cell in enumerate(row.cells):
                value = "" if texts[c] is None else str(texts[c])
                # A cell of several lines (주요 성과) is one paragraph a line.
                cell.set_text(value, split_paragraphs="\n" in value)
                if r == 0:
                    cell.element.set("header", "1")
                if shade:
                    cell.element.set("borderFillIDRef", self._shade(shade, base))
                align = "CENTER" if r == 0 else ("RIGHT" if numeric[c] else "LEFT")
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.char_pr_id_ref = self.runs["cell_bold" if strong else "cell"]
                    self._format(paragraph, alignment=align)
        table.mark_dirty()
        self.paragraph("", "note")
        return table

    def watermark(self, header, text: str):
        """`text` in large light-grey letters in the middle of every page: a
        borderless text box behind the text, anchored in the running header
        (which 한글 repeats on every page) and placed relative to the paper."""
        run = self.doc.styles.ensure_run(
            font=HEADING_FONT, size=120, bold=True, color=WATERMARK_COLOUR
        )
        box = header.paragraphs[0].add_rectangle(
            int(150 * MM), int(70 * MM), line_color="#FFFFFF", treat_as_char=False
        )
        box.set_attribute("textWrap", "BEHIND_TEXT")
        box.element.find(f"{_HP}lineShape").set("style", "NONE")
        position = box.element.find(f"{_HP}pos")
        for name, value in {
            "vertRelTo": "PAPER",
            "horzRelTo": "PAPER",
            "vertAlign": "CENTER",
            "horzAlign": "CENTER",
            "vertOffset": "0",
            "horzOffset": "0",
        }.items():
            position.set(name, value)
        box.set_draw_text(text, char_pr_id_ref=run, vert_align="CENTER")
        self._format(box.draw_text.paragraphs[0], alignment="CENTER")
        return box

    def to_bytes(self) -> bytes:
        # One paragraph shape per set of options, minted once and shared (python-hwpx
        # would search the shapes again for every paragraph).
        for options, paragraphs in self._formats.items():
            first = paragraphs[0]
            self.doc.styles.apply_paragraph_format(paragraphs=[first], **dict(options))
            for paragraph in paragraphs[1:]:
                paragraph.para_pr_id_ref = first.para_pr_id_ref
        return self.doc.to_bytes()


# --- the report -----------------------------------------------------------------------


def _toc(report) -> list[tuple[int, str]]:
    """The 목차 entries: exactly the headings the body prints (level, text)."""
    entries = [(1, chapter_one()), (2, "예산집행 현황"), (1, chapter_two(report))]
    entries.append((1, chapter_three()))
    for area in report.areas:
        entries.append((2, area_heading(area)))
        entries += [(3, unit_heading(area, unit)) for unit in area.units]
    return entries


def chapter_one() -> str:
    return "Ⅰ. 일반현황"


def chapter_two(report) -> str:
    return f"Ⅱ. {report.fiscal_year.year}년 주요사업 계획"


def chapter_three() -> str:
    return "Ⅲ. 사업 계획 및 실적"


def area_heading(area) -> str:
    return f"{area.number}. {area.area.name}"


def unit_heading(area, unit) -> str:
    return f"{area.number}-{unit.number}. {unit.unit.name}"


def _general(w: Writer, report):
    w.heading(chapter_one(), 1, new_page=True)
    org = report.organisation
    if org:
        w.heading("추진근거", 2)
        w.lines(f"○ {line}" for line in org.legal_basis_lines())
    w.heading("주요연혁", 2)
    w.table(
        ["일자", "내용"],
        [
            [
                format_date(line.date),
                " ".join(part for part in (line.text, line.term) if part)
                + (f"(센터장 {', '.join(line.heads)})" if line.heads else ""),
            ]
            for line in report.history_lines
        ],
        weights=[2, 9],
    )
    w.heading("위탁사무 및 사업 내용", 2)
    w.lines(f"○ {task.text}" for task in report.tasks)
    w.heading("조직현황", 2)

    def staff(p_quota, p_current):
        return f"{p_quota}명" + (f"({p_current}명)" if p_current != p_quota else "")

    w.table(
        ["구분", *[p.title for p in report.positions], "합계"],
        [
            [
                "정원(현원)",
                *[staff(p.quota, p.current) for p in report.positions],
                staff(report.quota_total, report.current_total),
            ]
        ],
        numeric=[False] + [True] * (len(report.positions) + 1),
        caption="직원 현황",
    )
    if org:
        w.table(
            ["시설명", "위치", "규모"],
            [[org.facility_name or org.name, org.address, f"{org.floor_area} ㎡"]],
            numeric=[False, False, True],
            caption="공간 현황",
            weights=[3, 6, 2],
        )
    w.heading("예산집행 현황", 2, new_page=True)
    rows = report.budget_rows
    w.table(
        ["구분", "예산액", "집행액", "집행률(%)"],
        [
            [
                "  " * row.depth + row.line.name,
                _amount(row.planned_k),
                _amount(row.executed_k),
                format_rate(row.rate_k),
            ]
            for row in rows
        ],
        numeric=[False, True, True, True],
        caption="예산집행 현황",
        unit_note="(단위: 천원)",
        weights=[5, 2, 2, 1.6],
        group_rows={i for i, row in enumerate(rows) if row.children},
    )
    for row in rows:
        if row.depth == 0 and row.rounding_note:
            w.paragraph(f"※ {row.rounding_note}", "note")
    if report.overruns:
        w.paragraph(
            "※ 초과집행: "
            + "; ".join(
                f"{e.budget_line.name} {format_date(e.date)} {_amount(e.amount)}원"
                f"(사유: {e.overrun_reason})"
                for e in report.overruns
            ),
            "note",
        )


def _plan(w: Writer, report):
    w.heading(chapter_two(report), 1, new_page=True)
    if not report.plan:
        w.paragraph("사업 계획이 없습니다.")
        return
    w.heading("목표 및 방향", 2)
    w.paragraph(report.plan.vision, "h3")
    for strategy in report.strategies:
        w.paragraph(strategy.title, "h4", keep_with_next=True)
        w.lines(f"◆ {line}" for line in strategy.action_lines())
    focus = getattr(report, "plan_focus_lines", None) or report.plan.focus_lines()
    if focus:
        w.heading("중점 추진내용", 2)
        w.lines(focus)
    w.heading(f"{len(report.plan_areas)}대 분야 추진과제", 2)
    rows, groups = [], set()
    for number, area in enumerate(report.plan_areas, start=1):
        groups.add(len(rows))
        rows.append([f"{number}. {area.title}", area.slogan or "", ""])
        rows += [[str(t.number), t.title, t.activities] for t in area.tasks.all()]
    w.table(
        ["연번", "추진 항목", "주요 사업"],
        rows,
        caption="분야별 추진과제",
        weights=[1.2, 4, 6],
        group_rows=groups,
    )


def _unit_tables(w: Writer, unit):
    for block in getattr(unit, "tables", None) or []:
        w.table(
            block.header,
            block.rows,
            numeric=[c.numeric for c in block.columns],
            caption=block.title,
            unit_note=block.unit_note,
        )


def _results(w: Writer, report):
    w.heading(chapter_three(), 1, new_page=True)
    previous = report.previous_year is not None
    for area in report.areas:
        w.heading(area_heading(area), 2)
        for unit in area.units:
            w.heading(unit_heading(area, unit), 3)
            w.paragraph("□ 사업개요", "h4", keep_with_next=True)
            if unit.unit.target_group:
                w.paragraph(f"○ 대상: {unit.unit.target_group}")
            planned = "-" if unit.planned is None else f"{_planned_k(unit)}천원"
            w.paragraph(f"○ 소요예산: {planned}")
            w.lines(unit.overview_lines)
            header = ["지표", "목표", "실적", "달성률(%)"] + (["전년 실적"] if previous else [])
            rows = []
            for line in unit.lines:
                row = [
                    line.indicator.name,
                    line.target_display,
                    line.actual_display,
                    format_rate(line.rate),
                ]
                if previous:
                    row.append(
                        "-"
                        if line.previous is None
                        else f"{_amount(line.previous)}{line.indicator.measure}"
                    )
                rows.append(row)
            w.paragraph("□ 사업목표 및 실적", "h4", keep_with_next=True)
            w.table(
                header,
                rows,
                numeric=[False] + [True] * (len(header) - 1),
                weights=[5, 2, 2, 1.6] + ([2] if previous else []),
            )
            for note in getattr(unit, "footnotes", None) or []:
                w.paragraph(f"※ {note}", "note")
            if unit.narrative_lines:
                w.paragraph("□ 추진내용", "h4", keep_with_next=True)
                w.lines(unit.narrative_lines)
            _unit_tables(w, unit)


def _planned_k(unit) -> str:
    value = getattr(unit, "planned_k", None)
    return _amount(value if value is not None else thousand_won(unit.planned))


def render_hwpx(report) -> bytes:
    w = Writer()
    # The running header names the report; a draft says 초안 on every page,
    # in the header and as a watermark behind the text.
    header = w.doc.page.set_header(text=report.title)
    if report.is_draft:
        w.watermark(header, WATERMARK)
    org = report.organisation.name if report.organisation else "서울특별시협동조합지원센터"
    w.paragraph(org, "h2", alignment="CENTER", spacing_before_pt=180)
    w.paragraph(report.title, "title", alignment="CENTER", spacing_before_pt=24)
    w.paragraph(format_date(report.report_date), "h2", alignment="CENTER", spacing_before_pt=24)
    w.heading("목차", 1, new_page=True)
    for level, text in _toc(report):
        w.paragraph(("    " * (level - 1)) + text, "body" if level > 1 else "h4")
    _general(w, report)
    _plan(w, report)
    _results(w, report)
    return w.to_bytes()
