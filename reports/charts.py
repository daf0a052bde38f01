"""The annual report's charts: which figures of the built report are drawn
(budget by category, achievement per indicator, the monthly series); the
drawing itself is `core.charts`, the same module the dashboard uses."""

from core import charts
from core import registry as registry


def report_charts(report) -> dict[str, str]:
    """The report's charts: budget by category, achievement per indicator, monthly trends."""
    groups = [row for row in report.budget_rows if row.depth in (1, 2) and row.children]
    # Program categories (상담/교육/…) and the non-program subtotals (인건비/운영비).
    categories = [
        row for row in groups if row.depth == 2 or not any(child.children for child in row.children)
    ]
    drawn = {
        "budget": charts.paired_bars(
            "분야별 예산 집행 (단위: 천원)",
            [(row.line.name, row.planned_k, row.executed_k or 0) for row in categories],
            ("예산액", "집행액"),
            unit="천원",
            chart_id="chart-budget",
        ),
    }
    if report.indicator_lines:
        drawn["achievement"] = charts.rate_bars(
            "성과지표 달성률",
            [(line.indicator.name, line.rate) for line in report.indicator_lines],
            chart_id="chart-achievement",
        )
    units = {s.key: s.unit for s in registry.all_series()}
    series = [
        charts.MonthlySeries(label, values, units.get(key, ""))
        for key, (label, values) in report.series.items()
    ]
    year = report.fiscal_year.year
    drawn.update(
        charts.monthly_charts(
            series, months=charts.months_reached(year, report.report_date), id_prefix="chart"
        )
    )
    return drawn
