"""Importing existing records from XLSX or CSV, all or nothing.

A small registry any app extends (as `core.registry` does for sources):

    from consultations.importing import ImportResult, register_importer

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
does. `read_rows(file)` turns an uploaded or local XLSX/CSV file into rows
keyed by the header row. The command `python manage.py import_records NAME
FILE` and the upload page both use these.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction


class ImportFileError(Exception):
    """The file itself cannot be read (wrong type, no header, encoding)."""


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


@dataclass(frozen=True)
class Importer:
    name: str
    label: str
    func: Callable
    columns: tuple = ()


_registry: dict[str, Importer] = {}


def register_importer(name: str, func: Callable, *, label: str = "", columns=()) -> None:
    _registry[name] = Importer(name=name, label=label or name, func=func, columns=tuple(columns))


def get_importer(name: str) -> Importer | None:
    return _registry.get(name)


def importers() -> list[Importer]:
    return sorted(_registry.values(), key=lambda i: i.name)


MAX_ROWS = 50_000


def read_rows(file, filename: str = "") -> list[Row]:
    """Rows of the first sheet (XLSX) or of a CSV (UTF-8, UTF-8 with BOM or
    CP949 as Korean Excel saves it), keyed by the header row."""
    name = (filename or getattr(file, "name", "") or str(file)).lower()
    data = Path(file).read_bytes() if isinstance(file, str | Path) else file.read()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith(".csv") or name.endswith(".txt") or not name:
        table = _csv_table(data)
    else:
        raise ImportFileError("XLSX 또는 CSV 파일만 가져올 수 있습니다.")
    if not table:
        raise ImportFileError("파일이 비어 있습니다.")
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    if not any(header):
        raise ImportFileError("첫 행에 제목(열 이름)이 없습니다.")
    rows = []
    for index, values in enumerate(table[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append(Row(index, {h: v for h, v in zip(header, values, strict=False) if h}))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"한 번에 {MAX_ROWS:,}행까지 가져올 수 있습니다.")
    return rows


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip or XML errors: not a workbook we can read
        raise ImportFileError("XLSX 파일을 읽을 수 없습니다.") from exc
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


def _csv_table(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("CSV 파일의 문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949).")
    return [row for row in csv.reader(io.StringIO(text))]


def run_import(name: str, rows: list[Row], *, user=None, commit: bool = True) -> ImportResult:
    importer = get_importer(name)
    if importer is None:
        raise ImportFileError(f"가져오기 종류 '{name}'을(를) 찾을 수 없습니다.")
    if not rows:
        return ImportResult(columns=list(importer.columns), errors=["가져올 행이 없습니다."])
    with transaction.atomic():
        result = importer.func(rows, user=user, commit=commit)
        if result.errors or not commit:
            transaction.set_rollback(True)
            result.saved = 0
    return result


# The consultations importer registers itself here (apps.ready imports this module).
from .importers import import_consultations  # noqa: E402

register_importer(
    "consultations",
    import_consultations,
    label="기초상담",
    columns=(
        "상담일시",
        "상담방법",
        "상담시간(분)",
        "성명",
        "전화번호",
        "이메일",
        "협동조합명",
        "조합유형",
        "자치구",
        "상담분야",
        "상담내용",
        "답변내용",
        "후속조치",
        "상담자",
    ),
)
