"""Programs' staff list tables (core.tables: sortable columns, masked personal data)."""

import django_tables2 as tables
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.display import thousand_won
from core.rates import format_rate
from core.tables import (
    Column,
    CountColumn,
    DateRangeColumn,
    DateTimeColumn,
    Link,
    LinksColumn,
    MaskedEmailColumn,
    MaskedNameColumn,
    MaskedPhoneColumn,
    PortalTable,
    WonColumn,
)

YEAR_PK = ("fiscal_year__year", "pk")  # the year is in the URL
NUM = {"th": {"class": "num"}, "td": {"class": "num"}}


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
    funding_from = DateRangeColumn("모금 기간", start="funding_from", end="funding_to")
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
    actions = LinksColumn(
        Link("수정", "programs:small_event_edit", args=YEAR_PK),
        Link("콘텐츠 추가", "programs:content_add", args=YEAR_PK),
    )

    empty_text = "작은행사가 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("pk",)

    def render_title(self, value, record):
        if not record.funding_url:
            return value
        return format_html(
            '{}<br><a class="small" href="{}" rel="noopener noreferrer">모금 페이지</a>',
            value,
            record.funding_url,
        )

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


class OutcomeTable(PortalTable):
    """The year's selected teams and their outcomes, all programs in one
    table (`selectors.supported_with_outcomes`: outcome joined, members
    prefetched); a team without a record reads 기록 없음."""

    caption = "선정 팀 성과"

    program = Column("사업", accessor="call__program__name", order_by=("call__program__order",))
    organisation = Column("조합(팀) · 사업명", order_by=("organisation", "pk"))
    sales = Column("매출 전→후(원)", accessor="outcome__sales_after", attrs=NUM, empty_values=())
    growth = Column("증가율(%)", accessor="outcome__sales_growth", orderable=False, attrs=NUM)
    jobs_created = CountColumn("일자리(명)", accessor="outcome__jobs_created", default="-")
    products = CountColumn("제품(종)", accessor="outcome__products_developed", default="-")
    participants = CountColumn("참여(명)", accessor="outcome__participants", default="-")
    founded = Column("설립", accessor="outcome__founded_on", empty_values=())
    story = Column("주요 성과", accessor="pk", orderable=False, attrs={"td": {"class": "small"}})
    actions = LinksColumn(Link("성과 기록", "programs:outcome_edit"))

    empty_text = "선정된 팀이 없습니다."

    def render_organisation(self, value, record):
        members = ", ".join(m.name for m in record.members.all())
        return format_html(
            '{}{}<br><span class="small">{}</span>',
            value,
            format_html('<br><span class="small text-secondary">{}</span>', members)
            if members
            else "",
            record.project_name,
        )

    def render_sales(self, record):
        outcome = _outcome(record)
        if outcome is None or outcome.sales_before is None:
            return "-"
        return f"{_grouped(outcome.sales_before)} → {_grouped(outcome.sales_after)}"

    def render_growth(self, value):
        return format_rate(value)

    def render_founded(self, record):
        outcome = _outcome(record)
        if outcome is None or not outcome.founded:
            return "-"
        return date_format(outcome.founded_on, "DATE_FORMAT") if outcome.founded_on else "설립"

    def render_story(self, record):
        outcome = _outcome(record)
        if outcome is None:
            return format_html('<span class="text-secondary">{}</span>', "기록 없음")
        note = format_html("매출 비교: {}<br>", outcome.sales_note) if outcome.sales_note else ""
        return format_html("{}{}", note, linebreaksbr(outcome.story))


def _outcome(application):
    try:
        return application.outcome
    except ObjectDoesNotExist:
        return None
