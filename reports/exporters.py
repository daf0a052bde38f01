"""One entry point for every format: build the report once, render it."""

from django.template.loader import render_to_string

from . import builder, charts
from .formats import FORMATS, filename  # noqa: F401 (the formats' one home; re-exported)


def render(fiscal_year, fmt: str, progress=None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    report = builder.build(fiscal_year, progress=progress)
    if progress:
        progress(builder.STEPS + 1, f"{FORMATS[fmt][0]} 파일 생성")
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "hwpx":
        from .hwpx import render_hwpx  # python-hwpx takes seconds to import: only when asked

        return render_hwpx(report)
    drawn = charts.report_charts(report)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report, drawn)
    from .pdf import standalone_css  # the PDF module's import of WeasyPrint stays lazy

    # The PDF's own template and stylesheet: the HTML file looks like the PDF.
    html = render_to_string(
        "reports/pdf.html",
        {"report": report, "charts": drawn, "stylesheet": standalone_css()},
    )
    return html.encode("utf-8")
