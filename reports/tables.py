"""The report's sub-tables: a registered table source (core.registry) turned
into a block every renderer prints the same way (PDF, HTML, XLSX, HWPX).

`TableBlock.rows` hold the printed text of every cell; `values` the raw
values (int, Decimal, date, str) for formats that keep numbers as numbers;
`columns[i].numeric` says which cells align right; a "lines" cell holds its
lines separated by "\\n"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from core import display, registry

from .narrative import Tables

NUMBER_COLUMN = registry.TableColumn("_number", "연번", "int")
UNIT_THOUSAND = "(단위: 천원)"


@dataclass
class TableBlock:
    key: str
    title: str
    columns: list[registry.TableColumn]
    rows: list[list[str]]
    values: list[list] = field(default_factory=list)
    unit_note: str = ""
    url: str = ""  # the records behind the rows (HTML preview)

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def grid(self) -> list[list[tuple[str, bool]]]:
        """Rows of (text, numeric) cells, for templates."""
        flags = [c.numeric for c in self.columns]
        return [list(zip(row, flags, strict=True)) for row in self.rows]


def cell_text(value, kind: str) -> str:
    if value is None or value == "" or value == []:
        return "-" if kind != "text" and kind != "lines" else ""
    if kind == "int":
        return display_number(value)
    if kind == "thousand":
        return display_number(display.thousand_won(value))
    if kind == "score":
        return f"{Decimal(value):.1f}"
    if kind == "date":
        return display.format_date(value)
    if kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    return str(value)


def cell_value(value, kind: str):
    if kind == "thousand" and value is not None:
        return display.thousand_won(value)
    if kind == "lines" and isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def display_number(value) -> str:
    from django.utils.formats import number_format

    return number_format(value, force_grouping=True)


def link(url_name: str, url_query: str, year: int) -> str:
    """The URL of a staff list for `year`: the year in the path when the list
    takes one, the filter in the query."""
    try:
        url = reverse(url_name, kwargs={"year": year})
    except NoReverseMatch:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            return ""
    query = url_query.format(year=year) if url_query else ""
    return f"{url}?{query}" if query else url


def records_url(source: registry.TableSource, year: int) -> str:
    return link(source.url_name, source.url_query, year) if source.url_name else ""


def block(key: str, tables: Tables, *, title: str = "") -> TableBlock | None:
    """The block of table source `key` for the tables' year; None when no app
    registers `key` (an app removed since the section was declared)."""
    source = registry.get_table(key)
    rows = tables.rows(key)
    if source is None or rows is None:
        return None
    columns = ([NUMBER_COLUMN] if source.numbered else []) + list(source.columns)
    printed, values = [], []
    for number, row in enumerate(rows, start=1):
        raw = [row.get(c.key) if c is not NUMBER_COLUMN else number for c in columns]
        printed.append([cell_text(v, c.kind) for v, c in zip(raw, columns, strict=True)])
        values.append([cell_value(v, c.kind) for v, c in zip(raw, columns, strict=True)])
    unit_note = UNIT_THOUSAND if any(c.kind == "thousand" for c in columns) else ""
    return TableBlock(
        key=key,
        title=title or source.label,
        columns=columns,
        rows=printed,
        values=values,
        unit_note=unit_note,
        url=records_url(source, tables.year),
    )
