"""The center's staff list tables (core.tables: sortable columns, Korean headers)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.display import format_count
from core.rates import format_rate
from core.roles import is_manager
from core.tables import (
    Column,
    CountColumn,
    DateColumn,
    Link,
    LinksColumn,
    PortalTable,
    WonColumn,
)

YEAR_PK = ("budget_line__fiscal_year__year", "pk")  # the year is in the URL
YEAR_INDICATOR = ("indicator__unit__area__fiscal_year__year", "indicator__pk")
NUM = {"th": {"class": "num"}, "td": {"class": "num"}}


class ExpenditureTable(PortalTable):
    """The year's ledger; the edit/delete column only for managers (the view hides it)."""

    caption = "집행 내역"

    date = DateColumn("집행일")
    budget_line = Column(
        "예산 항목",
        accessor="budget_line__name",
        linkify=("center:budget_line", [tables.A("budget_line_id")]),
    )
    payee = Column("지급처")
    memo = Column("적요", empty_values=())
    evidence = Column("증빙번호", attrs={"td": {"class": "text-nowrap"}})
    amount = WonColumn("금액(원)")
    actions = LinksColumn(
        Link("수정", "center:expenditure_edit", args=YEAR_PK),
        Link("삭제", "center:expenditure_delete", args=YEAR_PK),
    )

    empty_text = "집행 내역이 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-date", "-pk")

    def render_memo(self, value, record):
        badges = []
        if record.is_overrun:
            badges.append(
                format_html(
                    ' <span class="badge text-bg-danger" title="{}">초과집행</span>'
                    ' <span class="small">사유: {}</span>',
                    record.overrun_reason,
                    record.overrun_reason,
                )
            )
        if record.is_refund:
            badges.append(format_html(' <span class="badge text-bg-secondary">반환</span>'))
        return format_html("{}{}", value, format_html_join("", "{}", ((b,) for b in badges)))


class YearTable(PortalTable):
    """The fiscal years, newest first, with the way to each year's pages."""

    caption = "회계연도 목록"

    year = Column("연도", linkify=("center:budget", [tables.A("year")]))
    report_date = DateColumn("보고일", default="-")
    pages = Column("바로가기", accessor="year", orderable=False)
    actions = LinksColumn(Link("수정", "center:year_edit", args=("year",)))

    empty_text = "회계연도가 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-year",)

    def render_year(self, value):
        return f"{value}년"

    def render_pages(self, value):
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse(f"center:{name}", args=[value]), label)
                for name, label in (
                    ("budget", "예산"),
                    ("expenditures", "집행 내역"),
                    ("plan", "사업 계획"),
                    ("indicators", "성과지표"),
                )
            ),
        )


class IndicatorTable(PortalTable):
    """The year's indicators (`selectors.indicator_rows`: each row an
    indicator with its actual and rate), in report order unless sorted."""

    caption = "사업목표 및 실적"

    area = Column("분야", accessor="indicator__unit__area__name")
    unit = Column("사업", accessor="indicator__unit__name")
    name = Column("지표", accessor="indicator__name")
    target = CountColumn("목표", accessor="indicator__target")
    actual = CountColumn("실적", empty_values=())
    rate = Column("달성률(%)", attrs=NUM, default="-")
    source = Column("산출", accessor="indicator__is_computed")
    actions = LinksColumn(
        Link(
            "실적 입력",
            "center:indicator_actual",
            args=YEAR_INDICATOR,
            unless="indicator__is_computed",
        ),
        Link("수정", "center:indicator_edit", args=YEAR_INDICATOR, manager=True),
        Link("삭제", "center:indicator_delete", args=YEAR_INDICATOR, manager=True),
    )

    empty_text = "성과지표가 없습니다."

    def render_target(self, value, record):
        return f"{format_count(value)}{record.indicator.measure}"

    def render_actual(self, value, record):
        if value is None:
            return record.indicator.actual_note or "-"
        return f"{format_count(value)}{record.indicator.measure}"

    def render_rate(self, value):
        return format_rate(value)

    def render_source(self, value):
        style, label = ("success", "자동") if value else ("secondary", "직접 입력")
        return format_html('<span class="badge text-bg-{}">{}</span>', style, label)

    def render_unit(self, value, record):
        if not is_manager(getattr(self.request, "user", None)):
            return value
        unit = record.indicator.unit
        url = reverse("center:unit_edit", args=[unit.area.fiscal_year.year, unit.pk])
        return format_html(
            '{} <a class="small" href="{}" aria-label="{} 단위사업 수정">✎</a>', value, url, value
        )
