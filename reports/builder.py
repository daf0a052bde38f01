"""Assembles the annual report (주요업무보고) of one fiscal year from the
database: every number is computed at the time of the call.

The builder is the single source for the HTML preview, the PDF and the XLSX,
so the three always agree. It reads the center's data and the indicator
registry only; it never imports the operational apps.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format

from center import selectors
from center.models import (
    CommissionedTask,
    FiscalYear,
    HistoryEntry,
    Indicator,
    Organisation,
    Plan,
    ProgramArea,
)
from core import registry as registry
from core.rates import achievement_rate

# --- narrative placeholders ------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")
TOTAL = "합계"
SOURCE_PREFIX = "출처"


def fmt(value) -> str:
    """A figure as the report prints it: thousands separators, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, force_grouping=True)


@dataclass
class IndicatorLine:
    indicator: Indicator
    actual: int | None
    previous: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return achievement_rate(self.actual, self.indicator.target)

    @property
    def actual_display(self) -> str:
        if self.actual is None:
            return self.indicator.actual_note or "-"
        return f"{fmt(self.actual)}{self.indicator.measure}"

    @property
    def target_display(self) -> str:
        return f"{fmt(self.indicator.target)}{self.indicator.measure}"


@dataclass
class UnitSection:
    unit: object
    number: int
    planned: int | None
    lines: list[IndicatorLine]
    overview_lines: list[str]
    narrative_lines: list[str]
    unknown_placeholders: list[str] = field(default_factory=list)


@dataclass
class AreaSection:
    area: ProgramArea
    number: int
    units: list[UnitSection]


@dataclass
class AnnualReport:
    fiscal_year: FiscalYear
    previous_year: FiscalYear | None
    generated_at: object
    report_date: object
    organisation: Organisation | None
    history: list
    tasks: list
    positions: list
    budget_rows: list
    plan: Plan | None
    strategies: list
    plan_areas: list
    areas: list[AreaSection]
    series: dict
    overruns: list = field(default_factory=list)  # 초과집행 entries, for the budget footnote

    @property
    def title(self) -> str:
        return f"{self.fiscal_year.year} 주요업무보고"

    @property
    def quota_total(self) -> int:
        return sum(p.quota for p in self.positions)

    @property
    def current_total(self) -> int:
        return sum(p.current for p in self.positions)

    @property
    def indicator_lines(self) -> list[IndicatorLine]:
        return [line for area in self.areas for unit in area.units for line in unit.lines]


def placeholder_values(lines: list[IndicatorLine], year: int) -> dict[str, int | None]:
    """Names a narrative may quote: `단위사업.지표`, `단위사업.합계`, `출처.<key>`."""
    values: dict[str, int | None] = {}
    totals: dict[str, int] = {}
    for line in lines:
        unit = line.indicator.unit.name
        values[f"{unit}.{line.indicator.name}"] = line.actual
        if line.actual is not None:
            totals[unit] = totals.get(unit, 0) + line.actual
        if line.indicator.source:
            values[f"{SOURCE_PREFIX}.{line.indicator.source}"] = line.actual
    for unit, total in totals.items():
        values[f"{unit}.{TOTAL}"] = total
    return values


def render_narrative(text: str, values: dict, year: int) -> tuple[str, list[str]]:
    """Fill `{{ 이름 }}` placeholders; unknown names are kept visible and listed."""
    unknown: list[str] = []

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name in values:
            return fmt(values[name])
        if name.startswith(f"{SOURCE_PREFIX}."):
            key = name[len(SOURCE_PREFIX) + 1 :]
            if registry.get(key) is not None:
                value = registry.compute(key, year)
                values[name] = value
                return fmt(value)
        unknown.append(name)
        return f"[알 수 없는 항목: {name}]"

    return PLACEHOLDER.sub(substitute, text or ""), unknown


def available_placeholders(fiscal_year: FiscalYear) -> list[str]:
    """Every placeholder name a narrative of this year can use (for the editor's help)."""
    names = []
    units = {}
    for ind in Indicator.objects.filter(unit__area__fiscal_year=fiscal_year).select_related("unit"):
        names.append(f"{ind.unit.name}.{ind.name}")
        units[ind.unit.name] = True
    names += [f"{unit}.{TOTAL}" for unit in units]
    names += [f"{SOURCE_PREFIX}.{s.key}" for s in registry.all_sources()]
    return names


def validate_narrative(text: str, fiscal_year: FiscalYear) -> list[str]:
    """Placeholder names in `text` that this year's report could not fill."""
    known = set(available_placeholders(fiscal_year))
    return [name for name in PLACEHOLDER.findall(text or "") if name.strip() not in known]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


def _previous_actuals(fiscal_year: FiscalYear) -> tuple[FiscalYear | None, dict]:
    previous = FiscalYear.objects.filter(year=fiscal_year.year - 1).first()
    if previous is None:
        return None, {}
    rows = selectors.indicator_rows(previous)
    return previous, {
        (
            r.indicator.unit.area.name,
            r.indicator.unit.name,
            r.indicator.name,
            r.indicator.measure,
        ): (r.actual)
        for r in rows
    }


def build(fiscal_year: FiscalYear, *, with_previous: bool = True, progress=None) -> AnnualReport:
    """The whole report. `progress(step, label)` is called as sections complete."""

    def step(number: int, label: str):
        if progress:
            progress(number, label)

    step(1, "일반현황")
    organisation = Organisation.current()
    history = list(HistoryEntry.objects.all())
    tasks = list(CommissionedTask.objects.all())
    positions = list(fiscal_year.positions.all())

    step(2, "예산집행 현황")
    budget_rows = selectors.budget_tree(fiscal_year)

    step(3, "주요사업 계획")
    plan = Plan.objects.filter(fiscal_year=fiscal_year).first()
    strategies = list(plan.strategies.all()) if plan else []
    plan_areas = list(plan.areas.prefetch_related("tasks")) if plan else []

    step(4, "사업 계획 및 실적")
    indicator_rows = selectors.indicator_rows(fiscal_year)
    previous_year, previous = _previous_actuals(fiscal_year) if with_previous else (None, {})
    by_unit: dict[int, list[IndicatorLine]] = {}
    all_lines = []
    for row in indicator_rows:
        ind = row.indicator
        line = IndicatorLine(
            ind,
            row.actual,
            previous.get((ind.unit.area.name, ind.unit.name, ind.name, ind.measure)),
        )
        by_unit.setdefault(ind.unit_id, []).append(line)
        all_lines.append(line)
    values = placeholder_values(all_lines, fiscal_year.year)
    planned_by_line = {row.line.pk: row.planned for row in budget_rows}

    areas = []
    for area_number, area in enumerate(
        ProgramArea.objects.filter(fiscal_year=fiscal_year).prefetch_related("units__budget_lines"),
        start=1,
    ):
        units = []
        for unit_number, unit in enumerate(area.units.all(), start=1):
            line_ids = [line.pk for line in unit.budget_lines.all()]
            planned = sum(planned_by_line.get(pk, 0) for pk in line_ids) if line_ids else None
            overview, unknown_a = render_narrative(unit.overview, values, fiscal_year.year)
            narrative, unknown_b = render_narrative(unit.narrative, values, fiscal_year.year)
            units.append(
                UnitSection(
                    unit=unit,
                    number=unit_number,
                    planned=planned,
                    lines=by_unit.get(unit.pk, []),
                    overview_lines=_lines(overview),
                    narrative_lines=_lines(narrative),
                    unknown_placeholders=unknown_a + unknown_b,
                )
            )
        areas.append(AreaSection(area=area, number=area_number, units=units))

    step(5, "그래프")
    series = {s.key: (s.label, s.func(fiscal_year.year)) for s in registry.all_series()}

    return AnnualReport(
        fiscal_year=fiscal_year,
        previous_year=previous_year,
        generated_at=timezone.localtime(),
        report_date=fiscal_year.report_date or timezone.localdate(),
        organisation=organisation,
        history=history,
        tasks=tasks,
        positions=positions,
        budget_rows=budget_rows,
        plan=plan,
        strategies=strategies,
        plan_areas=plan_areas,
        areas=areas,
        series=series,
        overruns=list(selectors.overruns(fiscal_year)),
    )


STEPS = 5
