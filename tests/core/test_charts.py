"""Rules of the one chart module (core.charts) found by looking at the drawn
charts of the 2021 and 2022 reports and the dashboard (issue 14.5)."""

import re
from itertools import pairwise

from core.charts import MonthlySeries, last_month_with_data, monthly_charts, monthly_panels


def _texts(svg: str) -> list[str]:
    """The strings the drawing prints (not the screen-reader title/desc)."""
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)


def test_a_unit_after_a_bracketed_label_shares_its_bracket():
    svg = monthly_panels(
        "월별 추이",
        [
            MonthlySeries("블로그 조회수 (월별)", [5] * 12, "회"),
            MonthlySeries("월별 교육 참여 인원(명)", [3] * 12, "명"),
            MonthlySeries("월별 기초상담 건수", [2] * 12, "건"),
        ],
        chart_id="t",
    )
    texts = _texts(svg)
    assert "블로그 조회수 (월별, 회)" in texts and "(월별) (회)" not in svg
    assert "월별 교육 참여 인원(명)" in texts and "월별 기초상담 건수 (건)" in texts


def test_a_single_series_is_titled_once():
    """The spending chart printed its title as the chart's and as its one panel's."""
    svg = monthly_charts(
        [MonthlySeries("집행액", [1_000_000] * 12, "원")], months=12, id_prefix="t"
    )["spending"]
    assert _texts(svg).count("월별 예산 집행액 (단위: 천원)") == 1
    assert "집행액 (천원)" not in _texts(svg)


def test_trailing_months_without_a_figure_are_not_drawn_as_zero():
    """Records that stop in October (the 2021 report date) do not fall to 0
    in November and December; a month inside the run keeps its real 0."""
    counts = [5, 0, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0]
    entered = [100, 200, None, 300, 400, 500, 600, 700, 800, 900, None, None]
    series = [MonthlySeries("상담", counts, "건"), MonthlySeries("방문", entered, "회")]
    assert last_month_with_data(series, 12) == 10
    svg = monthly_charts(series, months=12, id_prefix="t")["trends"]
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
    assert "1월부터 10월까지" in desc and "11월" not in desc
    assert "2월 0" in desc  # a real zero inside the run stays


def test_a_series_without_any_figure_gets_no_empty_panel():
    """2022 with two months entered: the outreach channels without any figure
    yet are named in the description, not drawn as empty 0–1 axes."""
    series = [
        MonthlySeries("상담", [40, 55] + [0] * 10, "건"),
        MonthlySeries("블로그 조회수 (월별)", [None] * 12, "회"),
    ]
    svg = monthly_charts(series, months=12, id_prefix="t")["trends"]
    texts = _texts(svg)
    assert "블로그 조회수 (월별, 회)" not in texts
    assert "블로그 조회수 (월별)(회) 기록 없음" in svg
    assert "상담 (건)" not in texts  # one series left: titled by the chart alone


def test_the_dashboard_draws_its_panels_at_the_column_width():
    """At 1366 px the dashboard's chart column is ~440 px: drawn at 600+ px
    and scaled down, the text came out ~6 px high."""
    series = [MonthlySeries(f"계열{i}", [i + 1] * 12, "건") for i in range(4)]
    svg = monthly_charts(series, months=12, id_prefix="dash", width=440, columns=1)["trends"]
    width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ', svg).group(1))
    assert width <= 480


def test_value_axes_end_on_a_round_tick_above_the_highest_figure():
    from core.charts import round_ticks

    assert round_ticks(55) == [0, 20, 40, 60]
    assert round_ticks(7_044) == [0, 2_000, 4_000, 6_000, 8_000]
    assert round_ticks(3) == [0, 1, 2, 3]
    assert round_ticks(0) == [0, 1]
    for high in (1, 7, 13, 99, 101, 118_542, 265_003):
        ticks = round_ticks(high)
        step = ticks[1] - ticks[0]
        assert (
            ticks[-1] >= high and len(ticks) <= 6 and all(b - a == step for a, b in pairwise(ticks))
        ), (high, ticks)
    svg = monthly_panels("상담", [MonthlySeries("상담", [40, 55] + [0] * 10, "건")], chart_id="t")
    assert {"0", "20", "40", "60"} <= set(_texts(svg))
