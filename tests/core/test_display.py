"""The display rules of core/display.py and their template filters: one
function for each rule, and every page, chart and file uses it."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone

from core import display

AFTERNOON_UTC = dt.datetime(2021, 11, 4, 5, 0, tzinfo=dt.UTC)  # 14:00 in Seoul
LATE_UTC = dt.datetime(2021, 11, 3, 16, 30, tzinfo=dt.UTC)  # 01:30 on 4 Nov in Seoul


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


# --- dates -------------------------------------------------------------------------------


def test_date_filter_uses_the_official_date_format():
    assert render("{{ d|date }}", d=dt.date(2021, 11, 4)) == "2021. 11. 4."


def test_short_datetime_format_in_templates_is_local_time():
    assert render('{{ t|date:"SHORT_DATETIME_FORMAT" }}', t=AFTERNOON_UTC) == "2021. 11. 4. 14:00"
    assert render("{{ t|time }}", t=AFTERNOON_UTC) == "14:00"


def test_month_and_day_formats():
    assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=dt.date(2021, 11, 1)) == "2021년 11월"
    assert render('{{ d|date:"MONTH_DAY_FORMAT" }}', d=dt.date(2021, 11, 4)) == "11. 4."


def test_python_helpers_format_dates_in_local_time():
    assert display.format_date(dt.date(2021, 11, 4)) == "2021. 11. 4."
    assert display.format_datetime(AFTERNOON_UTC) == "2021. 11. 4. 14:00"
    # 16:30 UTC on the 3rd is already the 4th in Seoul: the date follows local time.
    assert display.format_date(LATE_UTC) == "2021. 11. 4."
    assert display.format_datetime(LATE_UTC) == "2021. 11. 4. 01:30"
    assert display.format_time(AFTERNOON_UTC) == "14:00"
    assert display.format_date_weekday(dt.date(2021, 11, 4)) == "2021. 11. 4.(목)"
    assert display.format_month(dt.date(2021, 11, 1)) == "2021년 11월"
    assert display.format_date(None) == display.format_datetime(None) == ""


def test_no_template_spells_out_the_official_date_format():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spelled = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and any(
            f"date:{q}{fmt}{q}" in path.read_text()
            for fmt in ("Y. n. j.", "Y. n. j. H:i", "Y년 n월")
            for q in "\"'"
        )
    ]
    assert spelled == []


# --- 천원 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "won, thousands",
    [(2_500, 3), (1_499, 1), (1_500, 2), (500, 1), (499, 0), (0, 0), (-2_500, -3), (-1_499, -1)],
)
def test_thousand_won_rounds_half_up_symmetrically(won, thousands):
    assert display.thousand_won(won) == thousands


def test_thousand_won_filter_matches_the_function():
    assert render("{{ v|thousand_won }}", v=1_110_500_499) == "1,110,500"
    assert render("{{ v|thousand_won }}", v=2_500) == "3"
    assert render("{{ v|thousand_won }}", v=-2_500) == "-3"
    assert render("{{ v|thousand_won }}", v=None) == "-"
    assert display.thousand_won(None) is None


def test_chart_label_and_table_show_the_same_thousands():
    """2,500원 was 2 on the charts (float round() is half-even) and 3 in the table."""
    from core.charts import MonthlySeries, monthly_charts

    values = [2_500] + [0] * 11
    svg = monthly_charts([MonthlySeries("집행액", values, "원")], months=12, id_prefix="t")
    assert _described(svg["spending"], "1월") == "3"  # the description lists the printed figures


def _described(svg: str, month: str) -> str:
    """The figure a chart's description gives for `month` ("1월 3" → "3")."""
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
    return re.search(rf"(?<!\d){month} (-?[\d,]+)(?=, |; |$)", desc).group(1)


# --- mean scores ---------------------------------------------------------------------------


def test_mean_score_rounds_half_up_to_one_decimal():
    assert display.mean_score(93, 20) == Decimal("4.7")  # 4.65
    assert display.mean_score(9, 4) == Decimal("2.3")  # 2.25 (half-even would give 2.2)
    assert display.mean_score(0, 0) is None
    assert display.mean_score(None, 3) is None
    assert display.mean_score(9, 2, places=0) == 5  # 4.5, whole points (서비스 만족도)


def test_survey_score_copies_use_the_one_function():
    from education import selectors as education_selectors
    from outreach import selectors as outreach_selectors

    assert education_selectors.mean_score is display.mean_score
    assert not hasattr(outreach_selectors, "half_up")


# --- masking and names ---------------------------------------------------------------------


def test_masking_filters_come_from_core_privacy():
    out = render(
        "{{ n|mask_name }} {{ p|mask_phone }} {{ e|mask_email }}",
        n="김철용",
        p="01012345678",
        e="hong@example.com",
    )
    assert out == "김*용 010-1234-**** ho**@example.com"


def test_no_app_defines_its_own_template_masking_or_name_filters():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tag_modules = [
        p.relative_to(root).as_posix()
        for p in root.glob("*/templatetags/*.py")
        if ".venv" not in p.parts
        and p.read_text().count("mask_") + p.read_text().count("def staff_name")
    ]
    assert tag_modules == ["core/templatetags/portal.py"]


@pytest.mark.django_db
def test_staff_name_is_the_full_name_else_the_username():
    named = User.objects.create(username="kim", first_name="김활신")
    bare = User.objects.create(username="lee")
    assert display.staff_name(named) == "김활신"
    assert display.staff_name(bare) == "lee"
    assert render("{{ a|staff_name }} {{ b|staff_name }} {{ c|staff_name }}", a=named, b=bare) == (
        "김활신 lee -"
    )


# --- absolute URLs -------------------------------------------------------------------------


@override_settings(PUBLIC_BASE_URL="https://coop.seoul.example")
def test_absolute_url_is_built_on_public_base_url():
    assert display.absolute_url("/consult/") == "https://coop.seoul.example/consult/"
    assert display.absolute_url("privacy_policy") == "https://coop.seoul.example/privacy/"
    assert display.base_url() == "https://coop.seoul.example"


def test_now_is_formatted_in_seoul():
    now = timezone.now()
    assert display.format_date(now) == timezone.localdate(now).strftime("%Y. %-m. %-d.")


def test_report_chart_labels_round_like_the_report_tables():
    from types import SimpleNamespace as NS

    from reports.charts import report_charts

    leaf = NS(depth=3, children=[], line=NS(name="교육"), planned_k=3, executed_k=1)
    group = NS(depth=2, children=[leaf], line=NS(name="사업비"), planned_k=3, executed_k=-3)
    report = NS(
        budget_rows=[group, leaf],
        indicator_lines=[],
        series={"center.expenditure": ("집행액", [2_500] + [0] * 11)},
        fiscal_year=NS(year=2021),
        report_date=dt.date(2022, 1, 10),
    )
    charts = report_charts(report)
    table = render("{{ a|thousand_won }} {{ b|thousand_won }}", a=2_500, b=-2_500)
    assert table == "3 -3"
    # 예산액 2,500원 → 3 as in the table; a refund-heavy line: -2,500원 → -3
    assert "사업비 예산액 3, 집행액 -3" in charts["budget"]
    assert ">-3</text>" in charts["budget"]  # the bar's label
    assert _described(charts["spending"], "1월") == "3"


def test_no_python_module_formats_dates_or_staff_names_by_hand():
    """Dates go through core.display (the formats module), never f"{d.year}. {d.month}…";
    staff names through core.display.staff_name; e-mail links never from the request."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    patterns = [
        re.compile(r"\.year\}\. \{"),
        re.compile(r"%Y\. %-?m"),
        re.compile(r"%Y년 %-?m월"),
        re.compile(r"get_full_name\(\) or"),
        re.compile(r"def _base_url\("),
    ]
    apps = ["core", "center", "consultations", "education", "programs", "outreach", "reports"]
    found = [
        f"{path.relative_to(root)}: {pattern.pattern}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if not {"migrations", "formats"} & set(path.parts) and path.name != "display.py"
        for pattern in patterns
        if pattern.search(path.read_text())
    ]
    assert found == []
