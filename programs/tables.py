"""Programs' staff list tables (core.tables: sortable columns, masked personal data)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.display import thousand_won
from core.tables import (
    Column,
    CountColumn,
    DateTimeColumn,
    MaskedEmailColumn,
    MaskedNameColumn,
    MaskedPhoneColumn,
    PortalTable,
    WonColumn,
)

from .models import Application, Grant, SmallEvent


class ApplicationTable(PortalTable):
    """A call's applications; representative, phone and e-mail masked
    (`selectors.applications_for_call` annotates the counts)."""

    caption = "신청 목록 (개인정보 가림)"

    submitted_at = DateTimeColumn("접수 일시")
    organisation = Column("조합(팀)명", linkify=("programs:application", [tables.A("pk")]))
    project_name = Column("사업명")
    representative = MaskedNameColumn("대표자")
    phone = MaskedPhoneColumn("연락처")
    email = MaskedEmailColumn("이메일")
    requested_amount = WonColumn("신청 금액(원)")
    n_attachments = CountColumn("서류")
    n_reviews = CountColumn("심사")
    status = Column("상태")

    class Meta(PortalTable.Meta):
        model = Application
        fields = ()
        empty_text = "신청이 없습니다."


class GrantTable(PortalTable):
    """The year's grants with what was paid and spent (단위: 원)."""

    caption = "지원금 현황 (단위: 원)"

    program = Column("사업", accessor="application__call__program__name")
    organisation = Column(
        "조합(팀)명",
        accessor="application__organisation",
        linkify=("programs:grant", [tables.A("pk")]),
    )
    project_name = Column("사업명", accessor="application__project_name")
    budget_line = Column("예산 항목", accessor="budget_line__name")
    amount = WonColumn("지원 결정액")
    disbursed = WonColumn("지급액")
    spent = WonColumn("사용액")
    remaining = WonColumn("잔액", accessor="remaining", orderable=False)
    settled_on = Column(
        "정산",
        accessor="pk",
        order_by=("settlement__settled_on",),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta(PortalTable.Meta):
        model = Grant
        fields = ()
        empty_text = "지원금이 없습니다."

    def render_settled_on(self, record):
        if not record.is_settled:
            return "진행 중"
        return date_format(record.settlement.settled_on, "DATE_FORMAT")


def _grouped(value):
    return "-" if value is None else number_format(value, force_grouping=True)


class SmallEventTable(PortalTable):
    """The year's small events and crowdfunding; the footer has the year's
    totals (`table.totals`, set by the view from `selectors.crowdfunding_totals`)."""

    caption = "작은행사와 크라우드펀딩"
    caption_visible = True
    totals: dict = {}

    cooperative = Column("(사회적)협동조합명", footer="합계")
    title = Column("행사 내용")
    funding_from = Column(
        "모금 기간", attrs={"td": {"class": "text-nowrap"}}, empty_values=(), default="-"
    )
    amount_raised = WonColumn(
        "모금액(원)", footer=lambda table: _grouped(table.totals.get("raised"))
    )
    backers = CountColumn("참여(명)", footer=lambda table: _grouped(table.totals.get("backers")))
    indirect_support = WonColumn(
        "간접지원(천원)",
        footer=lambda table: _grouped(thousand_won(table.totals.get("indirect"))),
    )
    contents = Column(
        "홍보 콘텐츠", accessor="pk", orderable=False, attrs={"td": {"class": "small"}}
    )
    actions = Column(
        "관리", accessor="pk", orderable=False, attrs={"td": {"class": "small text-nowrap"}}
    )

    class Meta(PortalTable.Meta):
        model = SmallEvent
        fields = ()
        empty_text = "작은행사가 없습니다."
        order_by = ("pk",)

    def render_title(self, value, record):
        if not record.funding_url:
            return value
        return format_html(
            '{}<br><a class="small" href="{}" rel="noopener noreferrer">모금 페이지</a>',
            value,
            record.funding_url,
        )

    def render_funding_from(self, record):
        if not record.funding_from:
            return "-"
        start = date_format(record.funding_from, "DATE_FORMAT")
        end = date_format(record.funding_to, "DATE_FORMAT") if record.funding_to else ""
        return f"{start} ~ {end}"

    def render_indirect_support(self, value):
        return _grouped(thousand_won(value))

    def render_contents(self, record):
        items = list(record.contents.all())
        if not items:
            return "-"
        return format_html_join(
            mark_safe("<br>"),  # a constant separator, no data in it
            "{}: {}",
            (
                (
                    c.get_kind_display(),
                    format_html('<a href="{}" rel="noopener noreferrer">{}</a>', c.url, c.title)
                    if c.url
                    else c.title,
                )
                for c in items
            ),
        )

    def render_actions(self, record):
        year = record.fiscal_year.year
        return format_html(
            '<a href="{}">수정</a> · <a href="{}">콘텐츠 추가</a>',
            reverse("programs:small_event_edit", args=[year, record.pk]),
            reverse("programs:content_add", args=[year, record.pk]),
        )
