"""Server-side line charts as inline SVG: no JavaScript, no chart library, the
same markup in a page and in a WeasyPrint PDF.

    svg = line_chart_svg(
        [Series("2021년", values, "#198754"), Series("2020년", old, "#6c757d", dashed=True)],
        labels=[f"{m}월" for m in range(1, 13)],
        title="홈페이지 방문",
    )

`values` may hold None for months without a figure (the line breaks there).
The result is safe HTML (a `<figure>`-ready `<svg role="img">` with a <title>,
a <desc> listing every value, a legend and axis labels).
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass
class Series:
    label: str
    values: list[float | int | None]
    color: str = "#198754"
    dashed: bool = False
    markers: bool = True


def _nice_max(value: float) -> float:
    """Round the axis maximum up to 1, 2, 2.5 or 5 × 10^n."""
    if value <= 4:
        return 4
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{round(value):,}"


def line_chart_svg(
    series: list[Series],
    *,
    labels: list[str],
    title: str,
    width: int = 720,
    height: int = 320,
    unit: str = "",
    chart_id: str = "",
) -> SafeString:
    import hashlib

    chart_id = chart_id or "chart-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    left, right, top, bottom = 70, 16, 40, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [v for s in series for v in s.values if v is not None]
    y_max = _nice_max(max(points, default=0))
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / y_max

    desc = "; ".join(
        f"{s.label}: "
        + ", ".join(f"{labels[i]} {_fmt(v)}" for i, v in enumerate(s.values) if v is not None)
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="Noto Sans KR, sans-serif" '
        f'font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    # grid and y axis labels
    for k in range(5):
        value = y_max * k / 4
        yy = y(value)
        parts.append(
            f'<line x1="{left}" y1="{yy:.1f}" x2="{width - right}" y2="{yy:.1f}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#495057">'
            f"{_fmt(value)}</text>"
        )
    if unit:
        parts.append(
            f'<text x="{left - 6}" y="{top - 12}" text-anchor="end" fill="#495057">'
            f"({escape(unit)})</text>"
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'fill="#495057">{escape(label)}</text>'
        )
    # lines
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(v):.1f}")
        if segment:
            segments.append(segment)
        label = escape(s.label)
        parts.append(f'<g class="series" data-series="{label}">')
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{s.color}" '
                    f'stroke-width="2.5"{dash}/>'
                )
        if s.markers:
            for i, v in enumerate(s.values):
                if v is not None:
                    parts.append(
                        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{s.color}">'
                        f"<title>{label} {escape(labels[i])}: {_fmt(v)}</title></circle>"
                    )
        parts.append("</g>")
    # legend
    lx = left
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{lx}" y1="16" x2="{lx + 24}" y2="16" stroke="{s.color}" '
            f'stroke-width="2.5"{dash}/>'
        )
        parts.append(f'<text x="{lx + 30}" y="20" fill="#212529">{escape(s.label)}</text>')
        lx += 42 + 13 * len(s.label)
    parts.append("</svg>")
    return mark_safe("".join(parts))
