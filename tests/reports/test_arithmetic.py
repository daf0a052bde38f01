"""A report that adds up on paper: working only from the printed page, every
subtotal is the sum of its printed rows and every 집행률 is its printed figures
(half-up), also when ledger entries are not whole thousands of won.

The rule (README): leaves are rounded to 천원 half-up, subtotals add the rounded
leaves, rates divide the printed figures; a 단수차이 note says so when the
won totals rounded once would print differently."""

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from center.models import BudgetLine, Expenditure
from center.selectors import budget_tree
from reports import exporters
from reports.xlsx import BUDGET_SHEET

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _rate(executed: int | None, planned: int) -> str:
    if executed is None or not planned:
        return "-"
    value = (Decimal(executed) * 100 / planned).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:,}"


@pytest.fixture
def odd_year(report_year):
    """Three leaves of one group each get 1,500원 more (half-up: +2천원 each
    printed, +5천원 for the 4,500원 once rounded): the subtotal must still be
    the sum of its printed rows, and a 단수차이 note appears."""
    leaves = [
        line
        for line in BudgetLine.objects.filter(fiscal_year=report_year, children__isnull=True)
        .order_by("order", "pk")
        .select_related("parent")
    ]
    by_parent: dict[int, list] = {}
    for leaf in leaves:
        by_parent.setdefault(leaf.parent_id, []).append(leaf)
    siblings = next(group for group in by_parent.values() if len(group) >= 3)[:3]
    for leaf in siblings:
        Expenditure.objects.create(
            budget_line=leaf, date=dt.date(2021, 6, 1), amount=1_500, payee="단수 시험"
        )
    return report_year


def _check_tree(printed: list[tuple[str, int, int, int | None, str]]):
    """printed rows in tree order: (name, depth, planned, executed, rate)."""
    assert printed
    for i, (name, depth, planned, executed, rate) in enumerate(printed):
        children = []
        for row in printed[i + 1 :]:
            if row[1] <= depth:
                break
            if row[1] == depth + 1:
                children.append(row)
        if children:
            assert planned == sum(c[2] for c in children), name
            spent = [c[3] for c in children if c[3] is not None]
            assert executed == (sum(spent) if spent else None), name
        assert rate == _rate(executed, planned), name


def test_budget_tree_subtotals_add_the_rounded_leaves(odd_year):
    rows = budget_tree(odd_year)
    _check_tree(
        [
            (
                r.line.name,
                r.depth,
                r.planned_k,
                r.executed_k,
                f"{r.rate_k:,}" if r.rate_k is not None else "-",
            )
            for r in rows
        ]
    )
    total = rows[0]
    assert total.rounding_difference != (0, 0)
    assert "단수차이" in total.rounding_note


def test_xlsx_budget_rows_add_up_from_the_printed_values(odd_year):
    wb = load_workbook(io.BytesIO(exporters.render(odd_year, "xlsx")))
    ws = wb[BUDGET_SHEET]
    headers = [c.value for c in ws[2]]
    col = {name: headers.index(name) for name in ("예산액", "집행액", "집행률(%)", "수준", "경로")}
    printed = []
    notes = []
    for values in ws.iter_rows(min_row=3, values_only=True):
        if values[col["수준"]] is None:
            notes += [v for v in values if isinstance(v, str)]
            continue
        executed = values[col["집행액"]]
        rate = values[col["집행률(%)"]]
        printed.append(
            (
                values[col["경로"]],
                values[col["수준"]],
                values[col["예산액"]],
                None if executed == "-" else executed,
                "-" if rate == "-" else f"{Decimal(str(rate)):,.2f}",
            )
        )
    _check_tree(printed)
    assert any("단수차이" in note for note in notes)


def test_pdf_budget_rows_add_up_from_the_printed_text(odd_year):
    reader = PdfReader(io.BytesIO(exporters.render(odd_year, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    start = text.index("예산액")
    lines = text[start:].splitlines()
    number = r"(-?[\d,]+(?:\.\d+)?|-)"
    row_re = re.compile(rf"^(.+?)\s+{number}\s+{number}\s+{number}$")
    rows = budget_tree(odd_year)
    printed, k = [], 0
    for row in rows:  # the rows' names and depths; the figures only from the text
        while True:
            match = row_re.match(lines[k].strip())
            k += 1
            if match and match.group(1).strip() == row.line.name:
                break
        planned, executed, rate = match.group(2, 3, 4)
        printed.append(
            (
                row.line.name,
                row.depth,
                int(planned.replace(",", "")),
                None if executed == "-" else int(executed.replace(",", "")),
                rate,
            )
        )
    _check_tree(printed)
    assert "단수차이" in text


def _number(text: str) -> int | None:
    text = text.strip()
    return None if text in ("-", "") else int(text.replace(",", ""))


def _html_rows(html: str, row_class: str) -> list[tuple[str, int, int, int | None, str]]:
    """The budget rows as an HTML page prints them: name, depth from the
    row's class, the three figures as text."""
    import lxml.html

    table = next(
        t
        for t in lxml.html.fromstring(html).iter("table")
        if "예산집행 현황" in (t.findtext("caption") or "")
    )
    printed = []
    for tr in table.iter("tr"):
        depth = re.search(rf"\b{row_class}(\d)\b", tr.get("class") or "")
        if depth is None:
            continue
        name = tr.find("th").text_content().strip()
        planned, executed, rate = (td.text_content().strip() for td in tr.findall("td"))
        printed.append((name, int(depth.group(1)), _number(planned), _number(executed), rate))
    return printed


def test_html_budget_rows_add_up_from_the_printed_page(odd_year):
    html = exporters.render(odd_year, "html").decode()
    printed = _html_rows(html, "depth-")
    assert len(printed) == len(budget_tree(odd_year))
    _check_tree(printed)
    assert "단수차이" in html


def test_hwpx_budget_rows_add_up_from_the_printed_table(odd_year, tmp_path):
    from hwp_hwpx_parser import Reader

    path = tmp_path / "report.hwpx"
    path.write_bytes(exporters.render(odd_year, "hwpx"))
    with Reader(str(path)) as reader:
        table = next(t.rows for t in reader.tables if t.rows[0][:2] == ["구분", "예산액"])
        text = reader.text
    rows = budget_tree(odd_year)
    assert len(table) - 1 == len(rows)
    printed = []
    # The rows' names and depths from the tree (the reader drops the indent);
    # the figures only from the printed table.
    for row, (name, planned, executed, rate) in zip(rows, table[1:], strict=True):
        assert name.strip() == row.line.name
        printed.append(
            (row.line.name, row.depth, _number(planned), _number(executed), rate.strip())
        )
    _check_tree(printed)
    assert "단수차이" in text


def test_dashboard_budget_rows_add_up_from_the_printed_page(odd_year, staff_client):
    html = staff_client.get("/dashboard/?year=2021").content.decode()
    printed = _html_rows(html, "budget-depth-")
    assert [row[1] for row in printed].count(0) == 1 and len(printed) > 3
    _check_tree(printed)
