"""The center's front page (with its 약도 and the favicon) and the staff dashboard: budget execution,
indicator progress, monthly trends and alerts from every app's registrations."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import charts, registry
from core.permissions import public, staff_required
from core.querystring import query_year
from core.uploads import attachment_response

from .. import selectors
from ..models import CommissionedTask, FiscalYear, Organisation

# --- public -----------------------------------------------------------------


@public
def home(request):
    org = Organisation.current()
    tasks = CommissionedTask.objects.all()
    return render(request, "center/home.html", {"org": org, "tasks": tasks})


@public
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


@public
def map_image(request):
    """The center's 약도 for the home page, inline (an image checked by content
    when it was uploaded), cached for a day by browsers."""
    org = Organisation.current()
    if org is None:
        raise Http404("약도가 없습니다.")
    kind = "png" if org.map_image.name.lower().endswith(".png") else "jpeg"
    response = attachment_response(org.map_image, f"map.{kind}", inline=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- dashboard --------------------------------------------------------------

DASHBOARD_CHART_WIDTH = 440  # px: the budget column's width at 1366 px (5 of 12 columns)


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
        series = registry.all_series()
        values = registry.series_values(fiscal_year.year)
        # As the report: a year with a report date is drawn to that date (the
        # 2021 records end on 2021. 11. 4.), any other to today. The narrow
        # column gets one panel a row, drawn at its own width (legible text).
        as_of = min(filter(None, [fiscal_year.report_date, timezone.localdate()]))
        drawn = charts.monthly_charts(
            [charts.MonthlySeries(s.label, values[s.key], s.unit) for s in series],
            months=charts.months_reached(fiscal_year.year, as_of),
            id_prefix="dash",
            width=DASHBOARD_CHART_WIDTH,
            columns=1,
        )
        context.update(
            budget_rows=[row for row in budget if row.depth <= 1],
            progress=progress,
            elapsed=round(selectors.year_elapsed(fiscal_year) * 100),
            behind=sum(1 for p in progress if p.status in (selectors.BEHIND, selectors.MISSED)),
            spending_chart=drawn.get("spending", ""),
            trends_chart=drawn.get("trends", ""),
            trend_links=[
                (s.label, url)
                for s in series
                if s.unit != "원" and (url := _link(s.url_name, fiscal_year.year))
            ],
            alerts=[
                (a, a.func(), _link(a.url_name, fiscal_year.year)) for a in registry.all_alerts()
            ],
            overruns=selectors.overruns(fiscal_year),
        )
    return render(request, "center/dashboard.html", context)
