"""The center's front page and the staff dashboard: budget execution,
indicator progress, monthly trends and alerts from every app's registrations."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from core import charts, registry
from core.display import thousand_won
from core.permissions import public, staff_required
from core.querystring import query_year

from .. import selectors
from ..models import (
    CommissionedTask,
    FiscalYear,
    Organisation,
)

# --- public -----------------------------------------------------------------


@public
def home(request):
    org = Organisation.current()
    tasks = CommissionedTask.objects.all()
    return render(request, "center/home.html", {"org": org, "tasks": tasks})


# --- dashboard --------------------------------------------------------------


def _link(url_name: str, year: int) -> str:
    """The URL behind a registered figure: with the year when the page takes one."""
    if not url_name:
        return ""
    for kwargs in ({"year": year}, {}):
        try:
            return reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


@staff_required
def dashboard(request):
    years = FiscalYear.objects.all()
    year_param = query_year(request)
    fiscal_year = None
    if year_param is not None:
        fiscal_year = years.filter(year=year_param).first()
    fiscal_year = fiscal_year or selectors.current_fiscal_year()
    context = {"fiscal_year": fiscal_year, "years": years}
    if fiscal_year:
        budget = selectors.budget_tree(fiscal_year)
        progress = selectors.indicator_progress(fiscal_year)
        for row in progress:
            row.url = _link(row.url_name, fiscal_year.year)
        series = {s.key: s for s in registry.all_series()}
        spending = series.pop("center.expenditure", None)
        trends = [
            (s.label, s.func(fiscal_year.year), _link(s.url_name, fiscal_year.year))
            for s in series.values()
        ]
        context.update(
            budget_rows=[row for row in budget if row.depth <= 1],
            progress=progress,
            elapsed=round(selectors.year_elapsed(fiscal_year) * 100),
            behind=sum(1 for p in progress if p.status in (selectors.BEHIND, selectors.MISSED)),
            spending_chart=charts.monthly_lines(
                "월별 예산 집행액 (단위: 천원)",
                [("집행액", [thousand_won(v) for v in spending.func(fiscal_year.year)])],
                "dash-spending",
            )
            if spending
            else "",
            trends_chart=charts.monthly_lines(
                "월별 추이", [(label, values) for label, values, _ in trends], "dash-trends"
            )
            if trends
            else "",
            trend_links=[(label, url) for label, _, url in trends if url],
            alerts=[
                (a, a.func(), _link(a.url_name, fiscal_year.year)) for a in registry.all_alerts()
            ],
            overruns=selectors.overruns(fiscal_year),
        )
    return render(request, "center/dashboard.html", context)
