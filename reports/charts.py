"""The annual report's charts, drawn with the project's SVG chart functions."""

from core.charts import hbar_pairs, hbar_rates, monthly_lines
from core.display import thousand_won


def report_charts(report) -> dict[str, str]:
    """The report's charts: budget by category, achievement per indicator, monthly trends."""
    groups = [row for row in report.budget_rows if row.depth in (1, 2) and row.children]
    # Program categories (상담/교육/…) and the non-program subtotals (인건비/운영비).
    categories = [
        row for row in groups if row.depth == 2 or not any(child.children for child in row.children)
    ]
    charts = {
        "budget": hbar_pairs(
            "분야별 예산 집행 (단위: 천원)",
            [
                (row.line.name, thousand_won(row.planned), thousand_won(row.executed or 0))
                for row in categories
            ],
            ("예산액", "집행액"),
            "chart-budget",
        ),
        "achievement": hbar_rates(
            "성과지표 달성률",
            [(line.indicator.name, line.rate) for line in report.indicator_lines],
            "chart-achievement",
        ),
    }
    trends = [
        (label, values)
        for key, (label, values) in report.series.items()
        if key != "center.expenditure"
    ]
    if trends:
        charts["trends"] = monthly_lines("월별 추이", trends, "chart-trends")
    spending = report.series.get("center.expenditure")
    if spending:
        charts["spending"] = monthly_lines(
            "월별 예산 집행액 (단위: 천원)",
            [("집행액", [thousand_won(v) for v in spending[1]])],
            "chart-spending",
        )
    return charts
