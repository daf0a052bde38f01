"""Assembles the annual report (주요업무보고) of one fiscal year from the
database: every number is computed at the time of the call.

The builder is the single source for the HTML preview, the PDF and the XLSX,
so the three always agree. It reads the center's data and the indicator
registry only; it never imports the operational apps.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from center import selectors
from center.models import (
    CommissionedTask,
    FiscalYear,
    HistoryEntry,
    Indicator,
    Organisation,
    Plan,
    ProgramArea,
    ProgramUnit,
)
from core import registry as registry
from core.rates import achievement_rate

from . import narrative as prose
from . import tables as report_tables
from .models import IndicatorMark, SectionReview, SectionTable
from .narrative import PLACEHOLDER, SOURCE_PREFIX, TOTAL, Line, fmt  # noqa: F401 (re-exported)
from .tables import TableBlock

TARGET = "목표"  # `단위사업.지표.목표`: the indicator's target (the plan's 연 2회)


@dataclass
class IndicatorLine:
    indicator: Indicator
    actual: int | None
    previous: int | None = None
    mark: object = None  # reports.IndicatorMark: 미실시/해당없음, printed '-' with a footnote
    url: str = ""  # the records behind the actual (HTML preview)

    @property
    def rate(self) -> Decimal | None:
        if self.mark is not None:
            return None
        return achievement_rate(self.actual, self.indicator.target)

    @property
    def actual_display(self) -> str:
        if self.mark is not None:
            return "-"
        if self.actual is None:
            return self.indicator.actual_note or "-"
        return f"{fmt(self.actual)}{self.indicator.measure}"

    @property
    def footnote(self) -> str:
        if self.mark is None:
            return ""
        return f"{self.indicator.name}: {self.mark.get_status_display()}. {self.mark.note}"

    @property
    def target_display(self) -> str:
        return f"{fmt(self.indicator.target)}{self.indicator.measure}"


@dataclass
class HistoryLine:
    """A 주요연혁 entry as printed: "2018. 1. 23. 3기 서울지역협동조합협의회 센터
    재수탁(센터장 김보하)" — the operator is not repeated when the text names
    it already; otherwise the term follows as "1기 한국협동조합연구소 수탁(…)"."""

    date: object
    text: str
    term: str = ""  # "1기 한국협동조합연구소 수탁" when the text does not name the operator
    heads: list[str] = field(default_factory=list)  # each name printed unbroken

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryLine":
        heads = [h.strip() for h in (entry.heads or "").split(",") if h.strip()]
        if entry.term and entry.operator and entry.operator in entry.text:
            return cls(entry.date, f"{entry.term}기 {entry.text}", "", heads)
        term = f"{entry.term}기 {entry.operator} 수탁".replace("  ", " ") if entry.term else ""
        return cls(entry.date, entry.text, term, heads)


@dataclass
class UnitSection:
    unit: object
    number: int
    planned: int | None
    lines: list[IndicatorLine]
    overview_lines: list[str]
    narrative_lines: list[str]
    unknown_placeholders: list[str] = field(default_factory=list)
    # The same lines with their parts (filled values, literal figures) and
    # review state, for the preview and the editor.
    overview_parts: list[Line] = field(default_factory=list)
    narrative_parts: list[Line] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    planned_k: int | None = None  # 소요예산 in printed 천원: the sum of its lines' printed figures
    reviewed: bool = True  # False: carried-over lines with figures await review

    @property
    def section_key(self) -> str:
        return f"unit:{self.unit.pk}"

    @property
    def review_lines(self) -> list[Line]:
        return [x for x in self.overview_parts + self.narrative_parts if x.needs_review]

    @property
    def review_due(self) -> int:
        """Carried-over lines with figures, reviewed or not."""
        return sum(1 for x in self.overview_parts + self.narrative_parts if x.review_due)

    @property
    def footnotes(self) -> list[str]:
        """※ lines under the indicator table (미실시/해당없음 with their notes)."""
        return [line.footnote for line in self.lines if line.footnote]

    @property
    def literal_count(self) -> int:
        return sum(len(x.literals) for x in self.overview_parts + self.narrative_parts)


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
    # II's text lines as printed (carried-over lines blanked until reviewed)
    plan_focus_lines: list[str] = field(default_factory=list)
    plan_reviewed: bool = True
    plan_review_due: bool = False  # II holds carried-over lines with figures

    @property
    def history_lines(self) -> list[HistoryLine]:
        """주요연혁 as printed (the operator once, names unbroken)."""
        return [HistoryLine.of(entry) for entry in self.history]

    @property
    def title(self) -> str:
        draft = " (초안)" if self.is_draft else ""
        return f"{self.fiscal_year.year} 주요업무보고{draft}"

    @property
    def is_draft(self) -> bool:
        """초안: some section still has carried-over lines with figures that no
        manager has reviewed. Every format then says 초안 (watermark on every
        PDF/HWPX page, 초안 in the file name and the XLSX title)."""
        return not self.plan_reviewed or any(
            not unit.reviewed for area in self.areas for unit in area.units
        )

    @property
    def unreviewed_sections(self) -> list[str]:
        names = [] if self.plan_reviewed else ["Ⅱ. 주요사업 계획"]
        return names + [u.unit.name for a in self.areas for u in a.units if not u.reviewed]

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
        actual = None if line.mark is not None else line.actual  # 미실시 prints '-'
        values[f"{unit}.{line.indicator.name}"] = actual
        values[f"{unit}.{line.indicator.name}.{TARGET}"] = line.indicator.target
        if actual is not None:
            totals[unit] = totals.get(unit, 0) + actual
        if line.indicator.source and line.mark is None:
            values[f"{SOURCE_PREFIX}.{line.indicator.source}"] = line.actual
    for unit, total in totals.items():
        values[f"{unit}.{TOTAL}"] = total
    return values


def quoted_sources(texts: list[str], values: dict, year: int, batches=None) -> dict:
    """The `출처.<key>` values the texts quote and `values` lacks, computed
    together (each source batch once: core.registry.compute_many), so
    resolving the narratives runs no query per placeholder."""
    prefix = f"{SOURCE_PREFIX}."
    keys = [
        name[len(prefix) :]
        for text in texts
        for name in prose.placeholder_names(text)
        if name.startswith(prefix) and name not in values
    ]
    known = [key for key in keys if registry.get(key) is not None]
    computed = registry.compute_many(known, year, batches)
    return {f"{prefix}{k}": v for k, v in computed.items()}


def render_narrative(text: str, values: dict, year: int) -> tuple[str, list[str]]:
    """Fill `{{ 이름 }}` placeholders; unknown names are kept visible and listed."""
    resolver = prose.Resolver(year, values)
    lines = [resolver.line(raw).text for raw in (text or "").splitlines()]
    return "\n".join(lines), resolver.unknown


def available_placeholders(fiscal_year: FiscalYear) -> list[str]:
    """Every placeholder name a narrative of this year can use (for the editor's help)."""
    names = []
    units = {}
    for ind in Indicator.objects.filter(unit__area__fiscal_year=fiscal_year).select_related("unit"):
        names.append(f"{ind.unit.name}.{ind.name}")
        names.append(f"{ind.unit.name}.{ind.name}.{TARGET}")
        units[ind.unit.name] = True
    names += [f"{unit}.{TOTAL}" for unit in units]
    names += [f"{SOURCE_PREFIX}.{s.key}" for s in registry.all_sources()]
    for source in registry.all_tables():
        names += table_placeholders(source)
    return names


def table_placeholders(source) -> list[str]:
    """The placeholder names of a table that exist whatever its rows (the
    `표.<key>.<label>.<column>` names depend on the year's rows)."""
    prefix = f"{prose.TABLE_PREFIX}.{source.key}"
    names = [f"{prefix}.{prose.ROWS}"]
    for column in source.columns:
        if column.kind in ("int", "thousand"):
            names.append(f"{prefix}.{prose.SUM}.{column.label}")
        if column.kind in ("text", "date"):
            names.append(f"{prefix}.{prose.LIST}.{column.label}")
    return names


def validate_narrative(text: str, fiscal_year: FiscalYear) -> list[str]:
    """Placeholder names in `text` that this year's report could not fill.
    A row of a table (`표.<key>.<label>.<column>`) is known when the table
    names that row this year."""
    known = set(available_placeholders(fiscal_year))
    tables = prose.Tables(fiscal_year.year)
    unknown = []
    for name in prose.placeholder_names(text):
        if name in known:
            continue
        if name.startswith(f"{prose.TABLE_PREFIX}."):
            try:
                tables.value(name)
                continue
            except KeyError:
                pass
        unknown.append(name)
    return unknown


def _lines(text: str) -> list[str]:
    return prose.split_lines(text)


_UNKNOWN = object()


def previous_texts(
    fiscal_year: FiscalYear, previous=_UNKNOWN
) -> tuple[dict[tuple[str, str], set[str]], set[str]]:
    """The lines of the previous year's texts: by (area, unit) name for the
    program units, and the plan's. A line found there again is carried over.
    `previous`: the year before (None when there is none), if looked up already."""
    if previous is _UNKNOWN:
        previous = FiscalYear.objects.filter(year=fiscal_year.year - 1).first()
    if previous is None:
        return {}, set()
    areas = ProgramArea.objects.filter(fiscal_year=previous).prefetch_related("units")
    plan = Plan.objects.filter(fiscal_year=previous).prefetch_related("strategies").first()
    return _carried(list(areas), plan)


def _carried(areas: list, plan) -> tuple[dict[tuple[str, str], set[str]], set[str]]:
    """The lines of the previous year's units (by area and unit name) and plan."""
    units = {
        (area.name, unit.name): set(
            prose.split_lines(unit.overview) + prose.split_lines(unit.narrative)
        )
        for area in areas
        for unit in area.units.all()
    }
    return units, set(plan_text_lines(plan)) if plan is not None else set()


def unreviewed_sections(fiscal_year: FiscalYear) -> list[str]:
    """What `build(...).unreviewed_sections` says, from the texts and reviews
    alone (a few queries, no records): the export task names a draft file by it."""
    carried, carried_plan = previous_texts(fiscal_year)
    reviews = _reviews(fiscal_year)
    names = []
    plan = Plan.objects.filter(fiscal_year=fiscal_year).prefetch_related("strategies").first()
    if plan is not None and reviews.get("plan") != plan_digest(plan):
        if any(line in carried_plan and prose.needs_review(line) for line in plan_text_lines(plan)):
            names.append("Ⅱ. 주요사업 계획")
    units = ProgramUnit.objects.filter(area__fiscal_year=fiscal_year).select_related("area")
    for unit in units.order_by("area__order", "area__pk", "order", "pk"):
        if reviews.get(f"unit:{unit.pk}") == unit_digest(unit):
            continue
        previous = carried.get((unit.area.name, unit.name), set())
        lines = prose.split_lines(unit.overview) + prose.split_lines(unit.narrative)
        if any(line in previous and prose.needs_review(line) for line in lines):
            names.append(unit.name)
    return names


def plan_text_lines(plan: Plan) -> list[str]:
    lines = [plan.vision, *prose.split_lines(plan.focus)]
    for strategy in plan.strategies.all():
        lines += prose.split_lines(strategy.actions)
    return lines


def plan_digest(plan: Plan) -> str:
    return prose.digest(*plan_text_lines(plan))


def unit_digest(unit: ProgramUnit) -> str:
    return prose.digest(unit.overview, unit.narrative)


def _reviews(fiscal_year: FiscalYear) -> dict[str, str]:
    return dict(
        SectionReview.objects.filter(fiscal_year=fiscal_year).values_list("section", "digest")
    )


def figure_url(source_key: str, year: int) -> str:
    """The list of records behind a computed figure, filtered to it and the year."""
    source = registry.get(source_key) if source_key else None
    if source is None or not source.url_name:
        return ""
    return report_tables.link(source.url_name, source.url_query, year)


def unit_candidates(unit: ProgramUnit, values: dict, tables: prose.Tables) -> dict:
    """The values a literal figure of the unit's text may be bound to: the
    unit's indicators and total, their sources, the unit's declared tables and
    every source or table its text already quotes."""
    prefix = f"{unit.name}."
    candidates = {k: v for k, v in values.items() if k.startswith(prefix)}
    for indicator in unit.indicators.all():
        name = f"{SOURCE_PREFIX}.{indicator.source}"
        if indicator.source and name in values:
            candidates[name] = values[name]
    keys = list(SectionTable.objects.filter(unit=unit).values_list("source", flat=True))
    resolver = prose.Resolver(tables.year, dict(values), tables)
    for name in prose.placeholder_names(unit.overview + "\n" + unit.narrative):
        if name.startswith(f"{prose.TABLE_PREFIX}."):
            rest = name[len(prose.TABLE_PREFIX) + 1 :]
            keys += [t.key for t in registry.all_tables() if rest.startswith(t.key + ".")]
        elif name.startswith(f"{SOURCE_PREFIX}."):
            try:
                candidates[name] = resolver.lookup(name)
            except KeyError:
                pass
    for key in dict.fromkeys(keys):
        candidates.update(tables.names(key))
    return candidates


def year_values(fiscal_year: FiscalYear) -> dict:
    rows = selectors.indicator_rows(fiscal_year)
    return placeholder_values(
        [IndicatorLine(r.indicator, r.actual) for r in rows], fiscal_year.year
    )


def binding_offers(unit: ProgramUnit, field: str) -> list:
    """Literal figures of the unit's `field` that equal a value of its sources."""
    fiscal_year = unit.area.fiscal_year
    candidates = unit_candidates(unit, year_values(fiscal_year), prose.Tables(fiscal_year.year))
    return prose.bindings(getattr(unit, field), candidates)


def _section_tables(fiscal_year: FiscalYear) -> dict[int, list]:
    by_unit: dict[int, list] = {}
    for table in SectionTable.objects.filter(unit__area__fiscal_year=fiscal_year):
        by_unit.setdefault(table.unit_id, []).append(table)
    return by_unit


def _indicator_rows(fiscal_year: FiscalYear, previous: FiscalYear | None) -> tuple[list, list]:
    """The indicators of the year and of the year before (one query, their
    report marks with them) with their actuals: each source batch runs once
    for both years (core.registry.compute_years)."""
    years = [fiscal_year] + ([previous] if previous is not None else [])
    indicators = list(
        Indicator.objects.filter(unit__area__fiscal_year__in=years)
        .select_related("unit", "unit__area", "report_mark")
        .order_by("unit__area__order", "unit__order", "order", "pk")
    )
    computed = registry.compute_years(
        [i.source for i in indicators if i.source], [fy.year for fy in years]
    )
    year_of = {fy.pk: fy.year for fy in years}
    by_year: dict[int, list] = {fy.pk: [] for fy in years}
    for ind in indicators:
        fiscal_year_id = ind.unit.area.fiscal_year_id
        year = year_of[fiscal_year_id]
        actual = computed[year][ind.source] if ind.source else ind.entered_actual
        by_year[fiscal_year_id].append(selectors.IndicatorRow(ind, actual))
    return by_year[fiscal_year.pk], by_year[previous.pk] if previous is not None else []


def _mark(indicator: Indicator):
    try:
        return indicator.report_mark
    except IndicatorMark.DoesNotExist:
        return None


def build(fiscal_year: FiscalYear, *, with_previous: bool = True, progress=None) -> AnnualReport:
    """The whole report. `progress(step, label)` is called as sections complete.
    Every source, table and series batch runs once (core.registry.batch_scope),
    the previous year's actuals in the same grouped queries as this year's."""
    with registry.batch_scope() as batches:
        return _build(fiscal_year, with_previous, progress, batches)


def _build(fiscal_year: FiscalYear, with_previous: bool, progress, batches: dict) -> AnnualReport:
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
    year_before = FiscalYear.objects.filter(year=fiscal_year.year - 1).first()
    both_years = [fiscal_year] + ([year_before] if year_before else [])
    # This year's plan and the year before's (its lines are carried over) together.
    plans = {
        p.fiscal_year_id: p
        for p in Plan.objects.filter(fiscal_year__in=both_years).prefetch_related(
            "strategies", "areas__tasks"
        )
    }
    plan = plans.get(fiscal_year.pk)
    strategies = list(plan.strategies.all()) if plan else []
    plan_areas = list(plan.areas.all()) if plan else []

    step(4, "사업 계획 및 실적")
    previous_year = year_before if with_previous else None
    indicator_rows, previous_rows = _indicator_rows(fiscal_year, previous_year)
    previous = {
        (
            r.indicator.unit.area.name,
            r.indicator.unit.name,
            r.indicator.name,
            r.indicator.measure,
        ): r.actual
        for r in previous_rows
    }
    by_unit: dict[int, list[IndicatorLine]] = {}
    all_lines = []
    for row in indicator_rows:
        ind = row.indicator
        line = IndicatorLine(
            ind,
            row.actual,
            previous.get((ind.unit.area.name, ind.unit.name, ind.name, ind.measure)),
            mark=_mark(ind),
            url=figure_url(ind.source, fiscal_year.year),
        )
        by_unit.setdefault(ind.unit_id, []).append(line)
        all_lines.append(line)
    values = placeholder_values(all_lines, fiscal_year.year)
    # This year's areas and units (with their budget lines) and the year
    # before's units, whose lines are carried over, in one set of queries.
    areas_of_year, areas_before = [], []
    for area in ProgramArea.objects.filter(fiscal_year__in=both_years).prefetch_related(
        "units__budget_lines"
    ):
        (areas_of_year if area.fiscal_year_id == fiscal_year.pk else areas_before).append(area)
    texts = [u.overview + "\n" + u.narrative for a in areas_of_year for u in a.units.all()]
    if plan is not None:
        texts += [plan.focus, plan.vision] + [s.actions for s in strategies]
    values.update(quoted_sources(texts, values, fiscal_year.year, batches))
    resolver = prose.Resolver(fiscal_year.year, values, prose.Tables(fiscal_year.year, batches))
    planned_by_line = {row.line.pk: row.planned for row in budget_rows}
    # 소요예산 as printed: the sum of its lines' printed 천원 (the paper rule).
    planned_k_by_line = {row.line.pk: row.planned_k for row in budget_rows}
    carried, carried_plan = _carried(
        areas_before, plans.get(year_before.pk) if year_before else None
    )
    reviews = _reviews(fiscal_year)
    declared = _section_tables(fiscal_year)

    areas = []
    for area_number, area in enumerate(areas_of_year, start=1):
        units = []
        for unit_number, unit in enumerate(area.units.all(), start=1):
            line_ids = [line.pk for line in unit.budget_lines.all()]
            planned = sum(planned_by_line.get(pk, 0) for pk in line_ids) if line_ids else None
            planned_k = sum(planned_k_by_line.get(pk, 0) for pk in line_ids) if line_ids else None
            previous_lines = carried.get((area.name, unit.name))
            reviewed = reviews.get(f"unit:{unit.pk}") == unit_digest(unit)
            resolver.unknown = []
            overview = resolver.lines(unit.overview, previous=previous_lines, reviewed=reviewed)
            narrative = resolver.lines(unit.narrative, previous=previous_lines, reviewed=reviewed)
            blocks = [
                report_tables.block(t.source, resolver.tables, title=t.title)
                for t in declared.get(unit.pk, [])
            ]
            section = UnitSection(
                unit=unit,
                number=unit_number,
                planned=planned,
                planned_k=planned_k,
                lines=by_unit.get(unit.pk, []),
                overview_lines=[x.text for x in overview],
                narrative_lines=[x.text for x in narrative],
                unknown_placeholders=list(resolver.unknown),
                overview_parts=overview,
                narrative_parts=narrative,
                tables=[b for b in blocks if b is not None],
            )
            section.reviewed = reviewed or not section.review_lines
            units.append(section)
        areas.append(AreaSection(area=area, number=area_number, units=units))

    plan_lines, plan_reviewed, plan_review_due = [], True, False
    if plan is not None:
        ok = reviews.get("plan") == plan_digest(plan)
        focus = resolver.lines(plan.focus, previous=carried_plan, reviewed=ok)
        plan_lines = [x.text for x in focus]
        others = resolver.lines(
            "\n".join([plan.vision] + [s.actions for s in strategies]),
            previous=carried_plan,
            reviewed=ok,
        )
        plan_reviewed = ok or not any(x.needs_review for x in focus + others)
        plan_review_due = any(x.review_due for x in focus + others)

    step(5, "그래프")
    values_by_key = registry.series_values(fiscal_year.year, batches)
    series = {s.key: (s.label, values_by_key[s.key]) for s in registry.all_series()}

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
        plan_focus_lines=plan_lines,
        plan_reviewed=plan_reviewed,
        plan_review_due=plan_review_due,
    )


STEPS = 5
