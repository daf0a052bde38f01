"""The expenditure ledger of a year as XLSX/CSV (core.exporting): what the
filtered 집행 내역 list shows, in won, numbers as numbers."""

from core.display import staff_name
from core.exporting import DATE, NUMBER, Col, ListExporter
from core.querystring import parse_int

from . import selectors


def _line(expenditure) -> str:
    line = expenditure.budget_line
    return f"{line.parent.name} › {line.name}" if line.parent_id else line.name


class ExpenditureExport(ListExporter):
    name = "expenditures"
    label = "집행 내역"
    sheet = "집행내역"
    role = "staff"
    columns = [
        Col("집행일", "date", width=12, kind=DATE),
        Col("예산 항목", _line, width=36),
        Col("금액(원)", "amount", width=14, kind=NUMBER),
        Col("지급처", "payee", width=20),
        Col("적요", "memo", width=30),
        Col("증빙번호", "evidence", width=14),
        Col("초과집행", lambda e: "예" if e.is_overrun else "", width=10),
        Col("초과집행 사유", "overrun_reason", width=24),
        Col("반납", lambda e: "예" if e.is_refund else "", width=8),
        Col("입력자", lambda e: staff_name(e.created_by), width=10),
    ]

    def base_queryset(self, params):
        return selectors.expenditures(
            fiscal_year=self.fiscal_year(params),
            line_id=parse_int(params.get("line"), None, min_value=1),
            month=parse_int(params.get("month"), None, min_value=1, max_value=12),
        )
