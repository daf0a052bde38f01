"""The portal's one chart module: Vega-Lite specifications rendered to SVG on
the server by `vl-convert-python` (the Vega project's own converter), so the
dashboard, the HTML report and the PDF show the same drawing and no page
needs JavaScript (the CSP stays strict).

Rules every chart follows:
- every label the chart prints is formatted here, in Python, with the
  portal's rules (천원 and rates half-up, thousands separators); Vega only
  places the strings, it never rounds;
- value axes are "nice" with whole-number steps for counts;
- one value axis per series: each monthly series is a small panel of its own
  with its unit in the title (counts and page views never share an axis);
- months after the as-of date are left out (no fake zero at the end);
- colours from the Okabe–Ito palette (safe for the common colour-vision
  deficiencies), one colour per series, never reused in a chart;
- legends sit above or below the plot, inside the drawing's width;
- the SVG carries `<title>` and `<desc>` for screen readers.

The text is set in the report's Korean font (Nanum Gothic): vl-convert
measures labels with the system's fonts, plus the font directories registered
here, so legends and labels are laid out for the glyphs that will be drawn.
"""

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from core.display import thousand_won
from core.rates import format_rate

# Okabe & Ito (2008), "Color Universal Design", without yellow (too light on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
FONT = "NanumGothic"
FONT_STACK = f"{FONT}, 'Noto Sans KR', 'Malgun Gothic', sans-serif"
FONT_DIRS = [Path("/usr/share/fonts/truetype/nanum"), Path("/usr/local/share/fonts/nanum")]
WIDTH = 600  # plot width in px; the SVG scales to its container
MONTHS = [f"{m}월" for m in range(1, 13)]


def amount(value) -> str:
    """A figure as labels print it: thousands separators, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, force_grouping=True)


def months_reached(year: int, as_of: dt.date | None = None) -> int:
    """How many months of `year` are complete on `as_of` (today by default): 12
    for past years, 0 for future ones. A month in progress is left out, since
    its partial figure would read as a collapse on a line chart."""
    as_of = as_of or timezone.localdate()
    if as_of.year != year:
        return 12 if as_of.year > year else 0
    month_ends = (as_of + dt.timedelta(days=1)).month != as_of.month
    return as_of.month if month_ends else as_of.month - 1


@dataclass(frozen=True)
class MonthlySeries:
    """Twelve monthly values of one measure; `unit` picks its panel (건, 명, 회, 천원)."""

    label: str
    values: list
    unit: str


# --- rendering -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter():
    import vl_convert

    for directory in FONT_DIRS:
        if directory.is_dir():
            vl_convert.register_font_directory(str(directory))
    return vl_convert


def _config() -> dict:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e2e2e2"},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "top", "title": None},
        "title": {"fontSize": 13, "anchor": "start"},
        "background": "white",
    }


@lru_cache(maxsize=128)
def _svg(spec_json: str) -> str:
    """The SVG of a spec; identical data draws from the cache (Vega takes ~0.1 s)."""
    return _converter().vegalite_to_svg(json.loads(spec_json))


_OPEN_TAG = re.compile(r"<svg\b[^>]*>")


def render(spec: dict, *, title: str, desc: str, chart_id: str) -> SafeString:
    """The spec as an accessible, responsive SVG element (role img, title, desc)."""
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **spec}
    spec["config"] = _config()
    svg = _svg(json.dumps(spec, ensure_ascii=False, sort_keys=True, default=str))
    match = _OPEN_TAG.search(svg)
    viewbox = re.search(r'viewBox="([^"]+)"', match.group(0)).group(1)
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" class="chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    body = svg[match.end() :]
    body = body.replace(f'font-family="{FONT}"', f'font-family="{FONT_STACK}"')
    return mark_safe(opening + body)


def _colours(labels: list[str]) -> dict:
    if len(labels) > len(PALETTE):
        raise ValueError(f"{len(labels)} series but only {len(PALETTE)} distinguishable colours")
    return {"domain": labels, "range": PALETTE[: len(labels)]}


# --- charts ----------------------------------------------------------------------------


def _with_unit(label: str, unit: str) -> str:
    """'월별 교육 참여 인원(명)' stays as it is; '월별 기초상담 건수' gets ' (건)';
    '블로그 조회수 (월별)' becomes '블로그 조회수 (월별, 회)' (one bracket, not two)."""
    if not unit or label.endswith(f"({unit})"):
        return label
    if label.endswith(")"):
        return f"{label[:-1]}, {unit})"
    return f"{label} ({unit})"


def last_month_with_data(series: list[MonthlySeries], months: int) -> int:
    """`months`, less the trailing months where no series has a figure (None or
    0 everywhere): a year whose records stop early does not fall to zero."""
    months = max(0, min(12, months))
    while months and not any(s.values[months - 1] for s in series):
        months -= 1
    return months


def round_ticks(high) -> list:
    """0 up to a round top at or above `high`, in 3–5 steps of 1, 2, 2.5 or 5
    × 10ⁿ (whole numbers): 55 → 0, 20, 40, 60. Vega's own `nice` left 55 as
    the top of a 0–40 axis, the last point above the highest tick."""
    if high <= 0:
        return [0, 1]
    magnitude = 10 ** math.floor(math.log10(high / 4))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= 1 or factor == 10:
            step = max(step, 1)
            if math.ceil(high / step) <= 5:
                break
    count = math.ceil(high / step)
    return [int(step * k) if float(step * k).is_integer() else step * k for k in range(count + 1)]


def _value_axis(values: list) -> dict:
    """A count axis from 0 to a round top (`round_ticks`); an all-zero series
    keeps a 0–1 axis (not one lone "0" tick); negative figures (refunds) are
    left to Vega's nice scale."""
    figures = [v for v in values if v is not None]
    if figures and min(figures) < 0:
        return {
            "scale": {"nice": True, "zero": True},
            "axis": {"title": None, "format": ",d", "tickMinStep": 1},
        }
    ticks = round_ticks(max(figures, default=0))
    return {
        "scale": {"domain": [0, ticks[-1]], "nice": False},
        "axis": {"title": None, "format": ",d", "values": ticks},
    }


def monthly_panels(
    title: str,
    series: list[MonthlySeries],
    *,
    months: int = 12,
    chart_id: str,
    width: int = WIDTH,
    columns: int = 2,
) -> SafeString:
    """Month-by-month lines, one small panel (its own value axis, titled with
    the series and its unit) per series, `columns` panels a row in `width`
    px; months after `months` left out. Series of one unit but far apart in
    size (교육 인원 and 페이스북 도달) would flatten each other on a shared axis.
    A single series is titled by the chart's title alone; a series without
    any figure gets no panel."""
    months = max(0, min(12, months))
    everything = series
    # A series without any figure yet (an outreach channel not entered this
    # year) is named in the description, not drawn as an empty axis.
    series = [s for s in series if any(v is not None for v in s.values[:months])] or series[:1]
    colours = _colours([s.label for s in series])
    columns = 1 if len(series) == 1 else columns
    plot_width = width if columns == 1 else (width - 60) // columns
    panels = []
    for s in series:
        rows = [
            {"월": MONTHS[m], "값": s.values[m], "표시": amount(s.values[m])}
            for m in range(months)
            if s.values[m] is not None
        ]
        colour = colours["range"][colours["domain"].index(s.label)]
        panel_title = {"text": _with_unit(s.label, s.unit), "fontSize": 11, "color": colour}
        panels.append(
            {
                **({"title": panel_title} if len(series) > 1 else {}),
                "width": plot_width,
                "height": 120 if columns == 2 else 160,
                "data": {"values": rows},
                "mark": {
                    "type": "line",
                    "point": {"size": 25, "filled": True, "color": colour},
                    "strokeWidth": 2,
                    "color": colour,
                },
                "encoding": {
                    "x": {
                        "field": "월",
                        "type": "ordinal",
                        "sort": MONTHS,
                        "scale": {"domain": MONTHS},
                        "axis": {"title": None, "labelAngle": 0, "labelFontSize": 9},
                    },
                    "y": {
                        "field": "값",
                        "type": "quantitative",
                        **_value_axis([row["값"] for row in rows]),
                    },
                    "tooltip": [{"field": "월"}, {"field": "표시"}],
                },
            }
        )
    spec = {"title": title, "concat": panels, "columns": columns, "spacing": 24}
    if not months:
        spec["title"] = {"text": title, "subtitle": "아직 마감된 달이 없습니다."}
    shown = f"1월부터 {MONTHS[months - 1]}까지" if months else "마감된 달 없음"
    desc = f"{title}: 계열마다 한 패널, {shown}. " + "; ".join(
        f"{s.label}({s.unit}) "
        + (
            ", ".join(f"{MONTHS[m]} {amount(s.values[m])}" for m in range(months))
            if s in series
            else "기록 없음"
        )
        for s in everything
    )
    return render(spec, title=title, desc=desc, chart_id=chart_id)


def paired_bars(
    title: str,
    rows: list[tuple[str, int | None, int | None]],
    labels: tuple[str, str],
    *,
    unit: str,
    chart_id: str,
) -> SafeString:
    """Horizontal paired bars per row (e.g. 예산액 and 집행액), each labelled with its value."""
    data = [
        # A refund-heavy (negative) line draws no bar; its label keeps the figure.
        {"구분": name, "계열": labels[k], "값": max(value or 0, 0), "표시": amount(value)}
        for name, *values in rows
        for k, value in enumerate(values)
    ]
    names = [name for name, *_ in rows]
    y = {"field": "구분", "type": "nominal", "sort": names, "axis": {"title": None}}
    offset = {"field": "계열", "sort": list(labels)}
    x = {
        "field": "값",
        "type": "quantitative",
        "scale": {"nice": True, "zero": True},
        "axis": {"title": f"({unit})", "format": ",d", "tickMinStep": 1},
    }
    spec = {
        "title": title,
        "width": WIDTH - 120,
        "data": {"values": data},
        "encoding": {"y": y, "yOffset": offset, "x": x},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 1}},
                "encoding": {
                    "color": {"field": "계열", "type": "nominal", "scale": _colours(list(labels))}
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
                "encoding": {"text": {"field": "표시"}},
            },
        ],
    }
    desc = f"{title}: " + "; ".join(
        f"{name} {labels[0]} {amount(a)}, {labels[1]} {amount(b)}" for name, a, b in rows
    )
    return render(spec, title=title, desc=desc, chart_id=chart_id)


def rate_bars(
    title: str, rows: list[tuple[str, Decimal | None]], *, chart_id: str, cap: int = 200
) -> SafeString:
    """Horizontal bars of rates in % with a dashed 100 % line; '-' rows show no bar.
    Bars past `cap` are drawn to the cap, their label keeps the real rate."""
    reached, short = "목표 달성", "목표 미달"
    data = [
        {
            "항목": f"{k + 1:02d}. {name}",
            "값": min(float(value), cap) if value is not None else 0,
            "표시": format_rate(value) + ("%" if value is not None else ""),
            "상태": (reached if value >= 100 else short) if value is not None else "실적 없음",
        }
        for k, (name, value) in enumerate(rows)
    ]
    names = [row["항목"] for row in data]
    y = {"field": "항목", "type": "nominal", "sort": names, "axis": {"title": None}}
    spec = {
        "title": title,
        "width": WIDTH - 160,
        "height": {"step": 13},
        "layer": [
            {
                "data": {"values": data},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "값",
                        "type": "quantitative",
                        "scale": {"domain": [0, cap]},
                        "axis": {"title": "달성률(%)", "values": list(range(0, cap + 1, 50))},
                    },
                },
                "layer": [
                    {
                        "mark": {"type": "bar"},
                        "encoding": {
                            "color": {
                                "field": "상태",
                                "type": "nominal",
                                "scale": {
                                    "domain": [reached, short, "실적 없음"],
                                    "range": [PALETTE[0], PALETTE[1], "#999999"],
                                },
                            }
                        },
                    },
                    {
                        "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
                        "encoding": {"text": {"field": "표시"}},
                    },
                ],
            },
            {
                "data": {"values": [{"x": 100}]},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#333333"},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            },
        ],
    }
    desc = f"{title} (목표 100%): " + "; ".join(
        f"{name} {format_rate(value)}{'%' if value is not None else ''}" for name, value in rows
    )
    return render(spec, title=title, desc=desc, chart_id=chart_id)


@dataclass(frozen=True)
class Line:
    """One line of `compared_lines`: its legend label, a value per x label (None
    breaks the line there), its colour; `dashed` for a guide (a target pace),
    `markers=False` to draw no points."""

    label: str
    values: list
    colour: str
    dashed: bool = False
    markers: bool = True


def compared_lines(
    title: str, lines: list[Line], *, labels: list[str], chart_id: str, unit: str = ""
) -> SafeString:
    """Lines of one measure on one shared axis (this year, last year, the pace a
    target needs), one row per x label; a None value leaves a gap in its line.
    The description lists every figure as "<series> <label>: <value>"."""
    if len({line.label for line in lines}) != len(lines):
        raise ValueError("each line needs its own label")
    rows = [
        {"x": label, "값": value, "계열": line.label, "표시": amount(value)}
        for line in lines
        for label, value in zip(labels, line.values, strict=True)
    ]
    names = [line.label for line in lines]
    series = {"field": "계열", "type": "nominal", "sort": names}
    encoding = {
        "x": {
            "field": "x",
            "type": "ordinal",
            "sort": labels,
            "scale": {"domain": labels},
            "axis": {"title": None, "labelAngle": 0},
        },
        "y": {
            "field": "값",
            "type": "quantitative",
            "scale": {"nice": True, "zero": True},
            "axis": {"title": f"({unit})" if unit else None, "format": ",d", "tickMinStep": 1},
        },
        "color": series | {"scale": {"domain": names, "range": [x.colour for x in lines]}},
        "strokeDash": series
        | {"scale": {"domain": names, "range": [[6, 4] if x.dashed else [1, 0] for x in lines]}},
    }
    marked = [line.label for line in lines if line.markers]
    spec = {
        "title": title,
        "width": WIDTH,
        "height": 240,
        "data": {"values": rows},
        "encoding": encoding,
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5}},
            {
                "transform": [
                    {"filter": {"field": "계열", "oneOf": marked}},
                    {"filter": "datum['값'] !== null"},
                ],
                "mark": {"type": "point", "filled": True, "size": 40},
                "encoding": {"strokeDash": {"value": [1, 0]}},
            },
        ],
    }
    desc = f"{title}: " + "; ".join(
        ", ".join(
            f"{line.label} {label}: {amount(value)}"
            for label, value in zip(labels, line.values, strict=True)
            if value is not None
        )
        for line in lines
    )
    return render(spec, title=title, desc=desc, chart_id=chart_id)


def monthly_charts(
    series: list[MonthlySeries],
    *,
    months: int,
    id_prefix: str,
    width: int = WIDTH,
    columns: int = 2,
) -> dict[str, SafeString]:
    """The dashboard's and the report's monthly charts from registered series:
    money (unit 원) as 천원 in its own chart, every other unit in one panel of
    "월별 추이". Keys: "spending", "trends" (absent when there is nothing).
    Trailing months without any figure are left out (`last_month_with_data`)."""
    months = last_month_with_data(series, months)
    money = [s for s in series if s.unit == "원"]
    others = [s for s in series if s.unit != "원"]
    charts = {}
    if money:
        charts["spending"] = monthly_panels(
            "월별 예산 집행액 (단위: 천원)",
            [
                MonthlySeries(
                    s.label.replace("(원)", "").strip(),
                    [thousand_won(v) for v in s.values],
                    "천원",
                )
                for s in money
            ],
            months=months,
            chart_id=f"{id_prefix}-spending",
            width=width,
        )
    if others:
        charts["trends"] = monthly_panels(
            "월별 추이",
            others,
            months=months,
            chart_id=f"{id_prefix}-trends",
            width=width,
            columns=columns,
        )
    return charts
