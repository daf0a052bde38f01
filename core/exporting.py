"""The one list exporter: a list's rows as XLSX or CSV, declared once.

An exporter says which rows (the list's selector and FilterSet, so the file
holds what the filtered list shows), who may take them (`role`), and the
columns; numbers stay numbers and dates real dates in the XLSX, and
personal data is masked by the column's value function, never by the
reader. Declare it in `<app>/exporters.py` and register it in the app's
`ready()`::

    class ConsultationExport(ListExporter):
        name = "consultations"               # the URL: /exports/consultations/
        label = "기초상담 목록"
        sheet = "기초상담"
        role = "manager"
        personal = True                       # the request is written to the access log
        selector = staticmethod(selectors.consultations)
        filterset_class = ConsultationFilter
        columns = [
            Col("번호", "pk", width=8),
            Col("상담일시", lambda c: c.started_at, width=18, kind=DATETIME),
            Col("신청인", lambda c: c.client.masked_name if c.client else ""),
        ]

    register_exporter(ConsultationExport())       # core.registry

A list view with `exporter = ConsultationExport` shows the 엑셀·CSV buttons;
they post the page's query string to `/exports/<name>/`, which checks the
role and the filters and starts a background job (`core.jobs`): the file
is offered on the job's page when it is built, with the same progress bar
as the report export. `build(queryset, fmt, progress=...)` writes the file
through `core.xlsx` (formula-safe) or as UTF-8 CSV with a BOM (Korean Excel
opens it without garbling; text that a spreadsheet would run as a formula
gets a leading apostrophe there, as OWASP advises for CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import roles
from .querystring import parse_int
from .xlsx import is_formula_like, new_workbook, to_bytes

TEXT, NUMBER, DATE, DATETIME = "text", "number", "date", "datetime"
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", NUMBER: "#,##0"}
FORMATS = {"xlsx": "엑셀(XLSX)", "csv": "CSV"}
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Col:
    """One column: its Korean header, the value (an attribute path such as
    "cooperative.name", or a function of the row), a width and a kind."""

    header: str
    value: str | Callable[[Any], Any]
    width: int = 12
    kind: str = TEXT

    def get(self, record) -> Any:
        if callable(self.value):
            value = self.value(record)
        else:
            value = record
            for part in self.value.split("."):
                value = getattr(value, part, None) if value is not None else None
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        return "" if value is None else value


class FilterError(Exception):
    """The list's filters do not validate: nothing is exported."""


class ListExporter:
    name = ""
    label = ""
    sheet = ""
    role = "staff"  # or "manager"
    personal = False  # masked personal data: the request goes to the access log
    selector: Callable | None = None
    filterset_class = None
    order_by: tuple = ()
    columns: list[Col] = []

    def allowed(self, user) -> bool:
        check = roles.is_manager if self.role == "manager" else roles.is_staff_member
        return bool(user and user.is_authenticated and check(user))

    def base_queryset(self, params: QueryDict):
        """The list's rows before its FilterSet; `params` is the list's query
        string with its URL's arguments (e.g. `year`), for selectors that
        take them (raise FilterError when they are wrong)."""
        return self.selector()

    @staticmethod
    def fiscal_year(params: QueryDict):
        """The fiscal year named by `year` (a year list's URL argument);
        FilterError when there is none."""
        from .views import YearMixin  # core.views pulls in the view stack; only exports need it

        year = parse_int(params.get("year"), None, min_value=1000, max_value=2999)
        found = YearMixin.fiscal_year_model().objects.filter(year=year).first() if year else None
        if found is None:
            raise FilterError("내려받을 회계연도가 없습니다.")
        return found

    def queryset(self, query: str = ""):
        """The rows the list shows for `query` (its query string and URL
        arguments, without page and sort); FilterError when a filter does
        not validate."""
        data = QueryDict(query)
        queryset = self.base_queryset(data)
        if self.filterset_class is not None:
            filterset = self.filterset_class(data or None, queryset=queryset)
            if filterset.is_bound and not filterset.is_valid():
                raise FilterError("조회 조건이 올바르지 않아 내려받을 수 없습니다.")
            queryset = filterset.qs
        if self.order_by:
            queryset = queryset.order_by(*self.order_by)
        return queryset

    def rows(self, queryset) -> Iterable:
        return queryset.iterator(chunk_size=2000)

    def filename(self, fmt: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{self.name}-{stamp}.{fmt}"

    def build(self, queryset, fmt: str, *, progress=None) -> tuple[bytes, int]:
        """The file's bytes and the number of rows; `progress(done, total)`
        is called every PROGRESS_EVERY rows."""
        total = queryset.count() if progress else 0
        writer = self._xlsx if fmt == "xlsx" else self._csv
        return writer(queryset, total, progress)

    def _values(self, queryset, total, progress):
        count = 0
        for record in self.rows(queryset):
            yield [column.get(record) for column in self.columns]
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count, total)

    def _xlsx(self, queryset, total, progress) -> tuple[bytes, int]:
        workbook = new_workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet or self.label[:31] or "목록")
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        count = 0
        for values in self._values(queryset, total, progress):
            row = []
            for column, value in zip(self.columns, values, strict=True):
                number_format = NUMBER_FORMATS.get(column.kind)
                if number_format and value != "":
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    value = cell
                row.append(value)
            sheet.append(row)
            count += 1
        return to_bytes(workbook), count

    def _csv(self, queryset, total, progress) -> tuple[bytes, int]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([column.header for column in self.columns])
        count = 0
        for values in self._values(queryset, total, progress):
            writer.writerow([_csv_cell(value) for value in values])
            count += 1
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def _csv_cell(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
