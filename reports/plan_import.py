"""Plan import: next year's budget lines and indicator targets from an XLSX in
the export's layout (`예산집행현황` and `성과지표` sheets), all-or-nothing.

A manager exports this year's report, edits 예산액 and 목표, and imports the
file into the next year. Every row is checked first; any error stops the
whole import with row-level Korean messages.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from center import services
from center.models import BudgetLine, FiscalYear, Indicator, ProgramArea, ProgramUnit
from core import importing, registry
from core.korean import josa

from .xlsx import BUDGET_SHEET, INDICATOR_SHEET, PATH_SEPARATOR

MEASURES = {value for value, _ in Indicator.UNITS}
ENTERED = "직접 입력"


@dataclass
class BudgetRow:
    row: int
    path: tuple[str, ...]
    planned_thousand: int | None


@dataclass
class IndicatorRow:
    row: int
    area: str
    unit: str
    name: str
    measure: str
    target: int
    source: str


@dataclass
class PlanFile:
    budget: list[BudgetRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "budget": [[r.row, list(r.path), r.planned_thousand] for r in self.budget],
            "indicators": [
                [r.row, r.area, r.unit, r.name, r.measure, r.target, r.source]
                for r in self.indicators
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "PlanFile":
        return cls(
            budget=[BudgetRow(row, tuple(path), amount) for row, path, amount in data["budget"]],
            indicators=[IndicatorRow(*values) for values in data["indicators"]],
        )

    @property
    def leaves(self) -> list[BudgetRow]:
        prefixes = {r.path[:i] for r in self.budget for i in range(1, len(r.path))}
        return [r for r in self.budget if r.path not in prefixes]

    @property
    def group_count(self) -> int:
        """Rows that only group others (합계, 소계): their amounts are sums."""
        return len(self.budget) - len(self.leaves)


def _header_map(table, header_row: int, required: list[str], sheet: str, errors: list[str]):
    headers = {}
    cells = table[header_row - 1] if len(table) >= header_row else []
    for column, value in enumerate(cells):
        if isinstance(value, str):
            headers[value.strip()] = column
    missing = [name for name in required if name not in headers]
    if missing:
        errors.append(f"‘{sheet}’ 시트에 {', '.join(missing)} 열이 없습니다.")
        return None
    return headers


def _int(value, row: int, label: str, errors: list[str], allow_empty: bool = False):
    if value in (None, "", "-"):
        if allow_empty:
            return None
        errors.append(f"{row}행: {josa(label, '을/를')} 입력하세요.")
        return None
    if isinstance(value, bool):
        errors.append(f"{row}행: {josa(label, '은/는')} 숫자여야 합니다.")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.replace(",", "").strip()
        if not text.lstrip("-").isdigit():
            errors.append(f"{row}행: {josa(f'{label} ‘{value}’', '은/는')} 숫자가 아닙니다.")
            return None
        value = int(text)
    if not isinstance(value, int):
        errors.append(f"{row}행: {josa(label, '은/는')} 정수여야 합니다.")
        return None
    if value < 0:
        errors.append(f"{row}행: {josa(label, '은/는')} 0 이상이어야 합니다.")
        return None
    return value


def read(upload) -> PlanFile:
    result = PlanFile()
    errors = result.errors
    try:
        # The one reader (row cap); the budget sheet's header is its second row.
        sheets = importing.read_sheets(upload, [BUDGET_SHEET, INDICATOR_SHEET], header_rows=2)
    except importing.TooManyRows as exc:
        errors.append(str(exc))
        return result
    except importing.ImportFileError:
        errors.append("엑셀 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하세요.")
        return result
    for sheet in (BUDGET_SHEET, INDICATOR_SHEET):
        if sheet not in sheets:
            errors.append(
                f"‘{sheet}’ 시트가 없습니다. 보고서 내보내기로 받은 파일을 고쳐서 올리세요."
            )
    if errors:
        return result

    table = sheets[BUDGET_SHEET]
    headers = _header_map(table, 2, ["경로", "예산액"], BUDGET_SHEET, errors)
    seen = {}
    if headers:
        for number, values in enumerate(table[2:], start=3):
            if not any(v not in (None, "") for v in values):
                continue
            raw_path = values[headers["경로"]]
            if not isinstance(raw_path, str) or not raw_path.strip():
                errors.append(f"{number}행: 경로가 비어 있습니다.")
                continue
            path = tuple(part.strip() for part in raw_path.split(PATH_SEPARATOR.strip()))
            if any(not part or len(part) > 100 for part in path):
                errors.append(f"{number}행: 경로 ‘{raw_path}’의 항목 이름이 비었거나 너무 깁니다.")
                continue
            if path in seen:
                errors.append(f"{number}행: 경로 ‘{raw_path}’가 {seen[path]}행과 겹칩니다.")
                continue
            seen[path] = number
            amount = _int(values[headers["예산액"]], number, "예산액", errors, allow_empty=True)
            result.budget.append(BudgetRow(number, path, amount))
        paths = set(seen)
        for row in result.budget:
            if len(row.path) > 1 and row.path[:-1] not in paths:
                errors.append(
                    f"{row.row}행: 상위 항목 ‘{PATH_SEPARATOR.join(row.path[:-1])}’의 행이 없습니다."
                )
        for row in result.leaves:
            if row.planned_thousand is None:
                errors.append(f"{row.row}행: 세부 항목 ‘{row.path[-1]}’의 예산액을 입력하세요.")

    table = sheets[INDICATOR_SHEET]
    headers = _header_map(
        table, 1, ["분야", "사업", "지표", "단위", "목표"], INDICATOR_SHEET, errors
    )
    keys = {}
    if headers:
        for number, values in enumerate(table[1:], start=2):
            if not any(v not in (None, "") for v in values):
                continue
            texts = {}
            for label in ("분야", "사업", "지표", "단위"):
                value = values[headers[label]]
                texts[label] = str(value).strip() if value is not None else ""
                if not texts[label]:
                    errors.append(f"{number}행: {josa(label, '을/를')} 입력하세요.")
            if texts["단위"] and texts["단위"] not in MEASURES:
                unit = josa(f"단위 ‘{texts['단위']}’", "은/는")
                errors.append(f"{number}행: {unit} 쓸 수 없습니다 ({', '.join(sorted(MEASURES))}).")
            target = _int(values[headers["목표"]], number, "목표", errors)
            source = ""
            if "산출" in headers:
                raw = values[headers["산출"]]
                source = "" if raw in (None, "", ENTERED) else str(raw).strip()
                found = registry.resolve(source) if source else None
                if source and found is None:
                    errors.append(
                        f"{number}행: {josa(f'산출 방식 ‘{source}’', '을/를')} 알 수 없습니다."
                    )
                elif found is not None:
                    source = found.key  # the sheet shows labels; the plan keeps keys
            key = (texts["분야"], texts["사업"], texts["지표"], texts["단위"])
            if all(key) and key in keys:
                errors.append(f"{number}행: 같은 지표가 {keys[key]}행에 있습니다.")
            keys[key] = number
            if all(key) and target is not None:
                result.indicators.append(IndicatorRow(number, *key, target, source))
    return result


@transaction.atomic
def apply(plan: PlanFile, fiscal_year: FiscalYear) -> None:
    """Create or update the year's budget lines and indicators (nothing is deleted)."""
    leaves = {row.path for row in plan.leaves}
    lines: dict[tuple[str, ...], BudgetLine] = {}
    for row in sorted(plan.budget, key=lambda r: (len(r.path), r.row)):
        parent = lines.get(row.path[:-1]) if len(row.path) > 1 else None
        line = BudgetLine.objects.filter(
            fiscal_year=fiscal_year, parent=parent, name=row.path[-1]
        ).first() or BudgetLine(fiscal_year=fiscal_year, parent=parent, name=row.path[-1])
        line.order = row.row
        line.planned = row.planned_thousand * 1000 if row.path in leaves else None
        try:
            services.save_budget_line(line)
        except ValidationError as exc:
            raise ValidationError(f"{row.row}행: {' '.join(exc.messages)}") from exc
        lines[row.path] = line

    for order, row in enumerate(plan.indicators):
        area, _ = ProgramArea.objects.get_or_create(
            fiscal_year=fiscal_year, name=row.area, defaults={"order": order}
        )
        unit, _ = ProgramUnit.objects.get_or_create(
            area=area, name=row.unit, defaults={"order": order}
        )
        indicator = Indicator.objects.filter(unit=unit, name=row.name, measure=row.measure).first()
        if indicator is None:
            indicator = Indicator(unit=unit, name=row.name, measure=row.measure)
        indicator.order = order
        indicator.target = row.target
        indicator.source = row.source
        if row.source:
            indicator.entered_actual = None
        indicator.save()
