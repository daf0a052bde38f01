"""PDF overhead (issue 17.5): the whole PDF export of the annual report
against WeasyPrint rendering the same finished HTML alone.

    whole export  = build the report from the records + draw the charts
                    (vl-convert, chart cache cleared each round) + render the
                    template + WeasyPrint
    WeasyPrint    = HTML(string=<that finished HTML>).write_pdf(...) with the
                    export's own stylesheet and font configuration

Goal: whole / WeasyPrint ≤ 1.3 (medians of interleaved rounds, so a busy
machine slows both alike). Not run by `make test`. Uses the database of
DATABASE_URL and loads the center's 2021 demo when the year is missing:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/pdf_overhead.py [rounds]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from center.models import FiscalYear  # noqa: E402
from core import charts as chart_module  # noqa: E402
from reports import builder, charts, exporters, pdf  # noqa: E402

YEAR = 2021
GOAL = 1.3


def finished_html(fiscal_year) -> str:
    report = builder.build(fiscal_year)
    return render_to_string(
        "reports/pdf.html", {"report": report, "charts": charts.report_charts(report)}
    )


def weasyprint_alone(html: str) -> bytes:
    from weasyprint import HTML

    font_config, stylesheet = pdf._weasy()
    document = HTML(string=html, base_url=str(Path(pdf.__file__).parent))
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def whole_export(fiscal_year) -> bytes:
    chart_module._svg.cache_clear()  # every round draws its charts
    return exporters.render(fiscal_year, "pdf")


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main(rounds: int) -> int:
    if not FiscalYear.objects.filter(year=YEAR).exists():
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
    fiscal_year = FiscalYear.objects.get(year=YEAR)
    html = finished_html(fiscal_year)
    whole_export(fiscal_year)  # warm-up: imports, fonts, the Vega engine
    weasyprint_alone(html)
    whole, alone = [], []
    for _ in range(rounds):
        whole.append(timed(whole_export, fiscal_year))
        alone.append(timed(weasyprint_alone, html))
    ratio = statistics.median(whole) / statistics.median(alone)
    print(f"{'figure':<34}{'median ms':>10}{'min ms':>10}")
    for label, values in (("whole PDF export", whole), ("WeasyPrint on the same HTML", alone)):
        print(f"{label:<34}{statistics.median(values) * 1000:>10.0f}{min(values) * 1000:>10.0f}")
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"{'overhead (whole / WeasyPrint)':<34}{ratio:>10.2f}   goal ≤ {GOAL}: {verdict}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
