"""Server-side SVG charts, so the same drawing appears in the page, the
dashboard and the PDF report.

Written by hand: the charts are three simple shapes (horizontal bars, grouped
bars, lines), and a plotting library would mean matplotlib's weight or a JS
library the CSP and the PDF cannot use. Only presentation attributes are
used (no `style=`), which both browsers and WeasyPrint render.
"""

from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import mark_safe

PALETTE = ["#1f6f43", "#8fc9a5", "#2b6cb0", "#f2a541", "#c0392b", "#6c757d"]
FONT = 'font-family="ReportKorean, Noto Sans KR, NanumGothic, sans-serif"'


def _num(value) -> str:
    return number_format(value, force_grouping=True)


def _svg(width: int, height: int, title: str, body: list[str], chart_id: str) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title" class="chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def hbar_pairs(
    title: str,
    rows: list[tuple[str, float, float]],
    labels: tuple[str, str],
    chart_id: str,
    unit: str = "",
) -> str:
    """Horizontal paired bars: for each row (label, a, b) two bars (e.g. 예산액, 집행액)."""
    width, label_w, row_h, top = 720, 190, 34, 34
    height = top + row_h * len(rows) + 16
    peak = max([max(a or 0, b or 0) for _, a, b in rows] + [1])
    scale = (width - label_w - 90) / peak
    body = [
        f'<rect x="{label_w}" y="8" width="12" height="12" fill="{PALETTE[1]}"/>',
        f'<text x="{label_w + 18}" y="19" font-size="12" {FONT}>{escape(labels[0])}</text>',
        f'<rect x="{label_w + 110}" y="8" width="12" height="12" fill="{PALETTE[0]}"/>',
        f'<text x="{label_w + 128}" y="19" font-size="12" {FONT}>{escape(labels[1])}</text>',
    ]
    for i, (label, a, b) in enumerate(rows):
        y = top + i * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end" {FONT}>'
            f"{escape(label)}</text>"
        )
        for j, (value, color) in enumerate(((a, PALETTE[1]), (b, PALETTE[0]))):
            w = max(0.0, float(value or 0) * scale)
            by = y + 3 + j * 13
            body.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="12" fill="{color}"/>'
            )
            body.append(
                f'<text x="{label_w + w + 4:.1f}" y="{by + 10}" font-size="10" {FONT}>'
                f"{_num(value) if value is not None else '-'}{escape(unit)}</text>"
            )
    return _svg(width, height, title, body, chart_id)


def hbar_rates(title: str, rows: list[tuple[str, Decimal | None]], chart_id: str) -> str:
    """Horizontal bars of achievement rates with a 100% line; '-' rows show no bar."""
    width, label_w, row_h, top = 720, 220, 20, 14
    height = top + row_h * len(rows) + 24
    cap = 200
    scale = (width - label_w - 60) / cap
    x100 = label_w + 100 * scale
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 13}" font-size="11" text-anchor="end" {FONT}>'
            f"{escape(label)}</text>"
        )
        if value is None:
            body.append(f'<text x="{label_w + 4}" y="{y + 13}" font-size="11" {FONT}>-</text>')
            continue
        w = min(float(value), cap) * scale
        color = PALETTE[0] if value >= 100 else PALETTE[3]
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="13" fill="{color}"/>')
        body.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="10" {FONT}>{_num(value)}%</text>'
        )
    body.append(
        f'<line x1="{x100:.1f}" y1="{top - 4}" x2="{x100:.1f}" y2="{height - 18}" '
        f'stroke="#333" stroke-dasharray="4 3"/>'
    )
    body.append(
        f'<text x="{x100:.1f}" y="{height - 4}" font-size="10" text-anchor="middle" {FONT}>목표 100%</text>'
    )
    return _svg(width, height, title, body, chart_id)


def monthly_lines(
    title: str, series: list[tuple[str, list[int]]], chart_id: str, unit: str = ""
) -> str:
    """Month-by-month lines (1월–12월) for one or more series."""
    width, height, left, right, top, bottom = 720, 260, 70, 20, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(values) for _, values in series if values] + [1])
    body = []
    for k in range(5):
        value = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" {FONT}>'
            f"{_num(int(value))}</text>"
        )
    for m in range(12):
        x = left + plot_w * m / 11
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="10" text-anchor="middle" '
            f"{FONT}>{m + 1}월</text>"
        )
    for i, (label, values) in enumerate(series):
        color = PALETTE[(i * 2) % len(PALETTE)]
        points = " ".join(
            f"{left + plot_w * m / 11:.1f},{top + plot_h - plot_h * (v / peak):.1f}"
            for m, v in enumerate(values)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        lx = left + i * 200
        body.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{color}"/>')
        body.append(
            f'<text x="{lx + 16}" y="17" font-size="11" {FONT}>{escape(label)}'
            f"{(' (' + escape(unit) + ')') if unit else ''}</text>"
        )
    return _svg(width, height, title, body, chart_id)
