"""Importing existing records from XLSX or CSV, all or nothing: the one reader.

Apps declare importers in their AppConfig.ready() through the registry:

    from core.importing import ImportResult
    from core.registry import register_importer

    def import_metrics(rows, *, user=None, commit=True) -> ImportResult:
        result = ImportResult(columns=["월", "조회수"])
        for row in rows:                      # row.number is the sheet row (header = 1)
            value = row.get("조회수")
            if not value.isdigit():
                result.error(row, "조회수는 숫자로 입력하세요")
            ...
        if result.ok and commit:
            ...                               # save everything
        return result

    register_importer("outreach_metrics", import_metrics, label="홍보 지표")

`run_import(name, rows, user=..., commit=...)` calls the importer inside one
transaction and rolls it back when any row has an error (or on a preview,
commit=False), so nothing is ever saved partially whatever the importer
does: preview with commit=False, then commit the same file. `read_rows(file)`
turns an uploaded or local XLSX/CSV file into rows keyed by the header row;
`read_table` and `read_sheets` give the raw cells for layouts with their own
header rows. Every reader caps the rows (MAX_ROWS) and detects the CSV's
encoding (UTF-8, UTF-8 with BOM, or CP949 as Korean Excel saves it). The
command `python manage.py import_records NAME FILE` and the upload pages use
these.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from openpyxl import load_workbook

from .registry import Importer, get_importer


class ImportFileError(Exception):
    """The file itself cannot be read (wrong type, no header, encoding)."""


class TooManyRows(ImportFileError):
    """More than MAX_ROWS rows: refused before any is checked."""


@dataclass
class Row:
    number: int  # the spreadsheet row number; the header is row 1
    values: dict

    def get(self, column: str) -> str:
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, dt.datetime | dt.date):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


@dataclass
class ImportResult:
    columns: list[str] = field(default_factory=list)
    preview: list[list] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: Row, message: str) -> None:
        self.errors.append(f"{row.number}행: {message}")


MAX_ROWS = 50_000


def _data(file) -> bytes:
    if isinstance(file, bytes):
        return file
    if isinstance(file, str | Path):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def _name(file, filename: str) -> str:
    return (filename or getattr(file, "name", "") or str(file)).lower()


def _is_xlsx(data: bytes, name: str) -> bool:
    return data[:4] == b"PK\x03\x04" or name.endswith(".xlsx")


def _blank(values) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _capped(rows, header_rows: int = 1) -> list[list]:
    """The rows of a sheet, refusing more than MAX_ROWS non-blank ones below the header."""
    table: list[list] = []
    filled = 0
    for values in rows:
        values = list(values)
        table.append(values)
        if len(table) > header_rows and not _blank(values):
            filled += 1
            if filled > MAX_ROWS:
                raise TooManyRows(f"한 번에 {MAX_ROWS:,}행까지 가져올 수 있습니다.")
    return table


def read_table(file, filename: str = "") -> list[list]:
    """The cells of the first sheet (XLSX) or of a CSV, as lists, header included."""
    name = _name(file, filename)
    data = _data(file)
    if _is_xlsx(data, name):
        workbook = _workbook(data)
        try:
            return _capped(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    if name.endswith(".csv") or name.endswith(".txt") or not name:
        return _capped(csv.reader(io.StringIO(decode_text(data))))
    raise ImportFileError("XLSX 또는 CSV 파일만 가져올 수 있습니다.")


def read_sheets(file, names: list[str], *, header_rows: int = 1) -> dict[str, list[list]]:
    """The cells of the named sheets of a workbook; a missing sheet is absent."""
    workbook = _workbook(_data(file))
    try:
        return {
            name: _capped(workbook[name].iter_rows(values_only=True), header_rows)
            for name in names
            if name in workbook.sheetnames
        }
    finally:
        workbook.close()


def _workbook(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip or XML errors: not a workbook we can read
        raise ImportFileError("XLSX 파일을 읽을 수 없습니다.") from exc


def decode_text(data: bytes) -> str:
    """A CSV's text: UTF-8 (with or without BOM) or CP949, as Korean Excel saves it."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("CSV 파일의 문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949).")


def read_rows(file, filename: str = "") -> list[Row]:
    """Rows of the first sheet (XLSX) or of a CSV, keyed by the header row."""
    table = read_table(file, filename)
    if not table:
        raise ImportFileError("파일이 비어 있습니다.")
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    if not any(header):
        raise ImportFileError("첫 행에 제목(열 이름)이 없습니다.")
    return [
        Row(index, {h: v for h, v in zip(header, values, strict=False) if h})
        for index, values in enumerate(table[1:], start=2)
        if not _blank(values)
    ]


def run_import(name: str, rows: list[Row], *, user=None, commit: bool = True) -> ImportResult:
    """Run the registered importer `name`: a preview (commit=False) or the import."""
    importer = get_importer(name)
    if importer is None:
        raise ImportFileError(f"가져오기 종류 '{name}'을(를) 찾을 수 없습니다.")
    return run_importer(importer, rows, user=user, commit=commit)


def run_importer(importer: Importer, rows: list[Row], *, user=None, commit: bool = True):
    """All or nothing: rolled back on any row error, and always on a preview."""
    if not rows:
        return ImportResult(columns=list(importer.columns), errors=["가져올 행이 없습니다."])
    with transaction.atomic():
        result = importer.func(rows, user=user, commit=commit)
        if result.errors or not commit:
            transaction.set_rollback(True)
            result.saved = 0
    return result
