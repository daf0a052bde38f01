"""Reads of the center's data that more than one view (and the reports) need."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404
from django.utils.formats import number_format

from core import registry as indicator_registry
from core.display import thousand_won
from core.rates import achievement_rate, execution_rate

from .models import BudgetLine, Expenditure, FiscalYear, Indicator, Organisation


def current_fiscal_year() -> FiscalYear | None:
    """The latest fiscal year not after today's year, else the latest one."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    return (
        FiscalYear.objects.filter(year__lte=this_year).order_by("-year").first()
        or FiscalYear.objects.order_by("-year").first()
    )


def current_fiscal_year_or_404() -> FiscalYear:
    """`current_fiscal_year()`, or a 404 when there is no fiscal year at all
    (the year-less entry pages that send staff on to this year's page)."""
    fiscal_year = current_fiscal_year()
    if fiscal_year is None:
        raise Http404("회계연도가 없습니다.")
    return fiscal_year


def organisation() -> Organisation | None:
    return Organisation.current()


@dataclass
class BudgetRow:
    line: BudgetLine
    depth: int
    planned: int
    executed: int | None
    entries: int
    children: list["BudgetRow"] = field(default_factory=list)
    # As printed in 천원 (README, "A report that adds up on paper"): a leaf is its
    # won figure rounded half-up; a group is the sum of its children's printed
    # figures, so every printed subtotal equals the sum of the rows above it.
    planned_k: int = 0
    executed_k: int | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def rate(self) -> Decimal | None:
        """집행률 of the won figures (pages that print won)."""
        return execution_rate(self.executed, self.planned)

    @property
    def rate_k(self) -> Decimal | None:
        """집행률 of the printed 천원 figures: what a reader's calculator gives."""
        return execution_rate(self.executed_k, self.planned_k)

    @property
    def rounding_note(self) -> str:
        """The 단수차이 footnote when the printed figures differ from the won
        totals rounded once; '' when they agree."""
        planned_gap, executed_gap = self.rounding_difference
        if not planned_gap and not executed_gap:
            return ""
        exact = [
            f"{label} {number_format(value, force_grouping=True)}천원"
            for label, gap, value in (
                ("예산액", planned_gap, thousand_won(self.planned)),
                ("집행액", executed_gap, thousand_won(self.executed)),
            )
            if gap
        ]
        return (
            "단수차이: 금액은 항목별로 천원 미만을 반올림하고 소계·합계는 반올림한 항목을 "
            f"더한 값입니다(원 단위 {self.line.name}를 한 번 반올림하면 {', '.join(exact)})."
        )

    @property
    def rounding_difference(self) -> tuple[int, int]:
        """(예산액, 집행액) printed minus the won total rounded once (단수차이)."""
        return (
            self.planned_k - thousand_won(self.planned),
            (self.executed_k or 0) - (thousand_won(self.executed) or 0),
        )

    @property
    def unspent(self) -> int:
        return self.planned - (self.executed or 0)


def budget_tree(fiscal_year: FiscalYear) -> list[BudgetRow]:
    """The budget as rows in tree order, with roll-ups.

    Two queries whatever the size of the ledger: the lines, and one grouped
    sum of expenditures per line. A group's figures are the sums of its
    leaves; a line with no expenditure anywhere below it has executed None
    (printed '-', as the report does).
    """
    lines = list(BudgetLine.objects.filter(fiscal_year=fiscal_year).order_by("order", "pk"))
    sums = {
        row["budget_line"]: (row["total"], row["n"])
        for row in Expenditure.objects.filter(budget_line__fiscal_year=fiscal_year)
        .values("budget_line")
        .annotate(total=Sum("amount"), n=Count("pk"))
    }
    children: dict[int | None, list[BudgetLine]] = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)

    def build(line: BudgetLine, depth: int) -> BudgetRow:
        kids = [build(child, depth + 1) for child in children.get(line.pk, [])]
        if kids:
            planned = sum(k.planned for k in kids)
            executed_parts = [k.executed for k in kids if k.executed is not None]
            executed = sum(executed_parts) if executed_parts else None
            entries = sum(k.entries for k in kids)
            planned_k = sum(k.planned_k for k in kids)
            printed = [k.executed_k for k in kids if k.executed_k is not None]
            executed_k = sum(printed) if printed else None
        else:
            planned = line.planned or 0
            executed, entries = sums.get(line.pk, (None, 0))
            planned_k, executed_k = thousand_won(planned), thousand_won(executed)
        return BudgetRow(line, depth, planned, executed, entries, kids, planned_k, executed_k)

    roots = [build(line, 0) for line in children.get(None, [])]
    flat: list[BudgetRow] = []

    def walk(row: BudgetRow):
        flat.append(row)
        for child in row.children:
            walk(child)

    for root in roots:
        walk(root)
    return flat


def budget_total(fiscal_year: FiscalYear) -> BudgetRow | None:
    rows = [row for row in budget_tree(fiscal_year) if row.depth == 0]
    return rows[0] if rows else None


def overruns(fiscal_year: FiscalYear):
    """Entries a manager recorded past their line's budget (초과집행), for the
    ledger, the dashboard alert and the report's footnote."""
    return (
        Expenditure.objects.filter(budget_line__fiscal_year=fiscal_year, is_overrun=True)
        .select_related("budget_line")
        .order_by("date", "pk")
    )


def leaf_lines(fiscal_year: FiscalYear):
    return (
        BudgetLine.objects.filter(fiscal_year=fiscal_year, children__isnull=True)
        .select_related("parent", "parent__parent")
        .order_by("parent__parent__order", "parent__order", "order", "pk")
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    actual: int | None

    @property
    def rate(self) -> Decimal | None:
        return achievement_rate(self.actual, self.indicator.target)


def indicator_rows(fiscal_year: FiscalYear, batches: dict | None = None) -> list[IndicatorRow]:
    """Every indicator of the year in report order, with its actual and rate
    (`batches`: source batches computed already, core.registry.compute_many)."""
    indicators = list(
        Indicator.objects.filter(unit__area__fiscal_year=fiscal_year)
        .select_related("unit", "unit__area", "unit__area__fiscal_year")
        .order_by("unit__area__order", "unit__order", "order", "pk")
    )
    actuals = indicator_registry.actuals(indicators, fiscal_year.year, batches)
    return [IndicatorRow(ind, actuals[ind.pk]) for ind in indicators]


def year_elapsed(fiscal_year: FiscalYear, today=None) -> Decimal:
    """Share of the fiscal year gone by (0–1): 1 for past years, 0 for future ones."""
    import datetime as dt

    from django.utils import timezone

    today = today or timezone.localdate()
    start, end = dt.date(fiscal_year.year, 1, 1), dt.date(fiscal_year.year, 12, 31)
    if today >= end:
        return Decimal(1)
    if today < start:
        return Decimal(0)
    return Decimal((today - start).days + 1) / Decimal((end - start).days + 1)


ON_TARGET, ON_TRACK, BEHIND, MISSED, NO_DATA = "달성", "순항", "지연", "미달", "실적 없음"


@dataclass
class ProgressRow:
    row: IndicatorRow
    expected: Decimal
    status: str
    url_name: str = ""
    url: str = ""

    @property
    def indicator(self):
        return self.row.indicator


def indicator_progress(fiscal_year: FiscalYear, today=None) -> list[ProgressRow]:
    """Each indicator against the pace the year needs: the target times the
    share of the year gone by. Reached (달성), on track (순항), behind (지연),
    or, once the year is over, missed (미달)."""
    elapsed = year_elapsed(fiscal_year, today)
    result = []
    for row in indicator_rows(fiscal_year):
        target = Decimal(row.indicator.target)
        expected = target * elapsed
        if row.actual is None:
            status = NO_DATA
        elif row.actual >= target:
            status = ON_TARGET
        elif elapsed >= 1:
            status = MISSED  # the year is over and the target was not reached
        elif row.actual >= expected:
            status = ON_TRACK
        else:
            status = BEHIND
        source = indicator_registry.get(row.indicator.source) if row.indicator.source else None
        result.append(ProgressRow(row, expected, status, source.url_name if source else ""))
    return result


def expenditures(*, fiscal_year: FiscalYear, line_id: int | None = None, month: int | None = None):
    """The year's ledger entries, newest first, optionally of one line or month."""
    qs = (
        Expenditure.objects.filter(budget_line__fiscal_year=fiscal_year)
        .select_related(
            "budget_line", "budget_line__parent", "budget_line__fiscal_year", "created_by"
        )
        .order_by("-date", "-pk")
    )
    if line_id is not None:
        qs = qs.filter(budget_line_id=line_id)
    if month is not None:
        qs = qs.filter(date__month=month)
    return qs


def expenditure_total(entries) -> int | None:
    """The sum of a ledger selection (None when it is empty)."""
    return entries.order_by().aggregate(total=Sum("amount"))["total"]
