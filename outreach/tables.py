"""Outreach staff list tables (core.tables: sortable columns, Korean headers)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.tables import (
    Column,
    CountColumn,
    DateColumn,
    DateRangeColumn,
    Link,
    LinksColumn,
    PortalTable,
    edit_column,
)

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}


class ContentTable(PortalTable):
    """Published content, newest first; the caption counts the filtered rows (the view sets it)."""

    caption = "콘텐츠 목록"
    caption_visible = True

    date = DateColumn("게시일")
    kind = Column("유형")
    title = Column("제목")
    channels = Column("채널", accessor="pk", orderable=False)
    author = Column("작성자", accessor="author_display", orderable=False)
    copies = CountColumn("부수", default="-")
    edit = edit_column("outreach:content_edit")

    empty_text = "조건에 맞는 콘텐츠가 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-date", "-pk")

    def render_title(self, value, record):
        title = (
            format_html('<a href="{}" rel="noopener">{}</a>', record.url, value)
            if record.url
            else value
        )
        if record.file:
            url = reverse("outreach:content_file", args=[record.pk])
            return format_html('{} <a class="small" href="{}">[파일]</a>', title, url)
        return title

    def render_channels(self, record):
        return ", ".join(c.name for c in record.channels.all())


class CampaignTable(PortalTable):
    caption = "캠페인"
    caption_visible = True

    name = Column("캠페인", linkify=("outreach:campaign", [tables.A("pk")]))
    start = DateRangeColumn("기간", start="start", end="end")
    participants = CountColumn("참여", unit="명", default="-")
    partners = Column("협력 기관", orderable=False, empty_values=())

    empty_text = "캠페인이 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-start",)

    def render_partners(self, record):
        return ", ".join(record.partner_lines()) or "-"


class CohortTable(PortalTable):
    """Cohorts with `selectors.cohorts`' counts (sortable: they are annotations)."""

    caption = "기수별 청년기자단"
    caption_visible = True

    number = Column("기수", linkify=("outreach:cohort", [tables.A("pk")]))
    year = Column("연도")
    term_start = DateRangeColumn("활동 기간", start="term_start", end="term_end")
    n_members = CountColumn("인원", unit="명")
    n_articles = CountColumn("기사", unit="건")
    n_meetings = CountColumn("모임", unit="회")

    empty_text = "기수가 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-number",)

    def render_number(self, record):
        return str(record)

    def render_year(self, value):
        return f"{value}년"


class ChannelTable(PortalTable):
    """The channels in their order with the metrics each takes in."""

    caption = "채널과 입력받는 지표"

    order = Column("순서")
    name = Column("채널")
    slug = Column("식별자")
    metrics = Column("지표", accessor="pk", orderable=False)
    active = tables.BooleanColumn(verbose_name="사용", yesno="예,아니요")
    edit = LinksColumn(Link("수정", "outreach:channel_edit", manager=True))

    empty_text = "채널이 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("order",)

    def render_name(self, value, record):
        if record.url:
            return format_html('<a href="{}" rel="noopener">{}</a>', record.url, value)
        return value

    def render_slug(self, value):
        return format_html("<code>{}</code>", value)

    def render_metrics(self, record):
        return ", ".join(label for _, label in record.metric_choices())


class SurveyTable(PortalTable):
    """Surveys with `selectors.surveys`' counts (sortable annotations); the
    score of the page's surveys is `table.scores` (the view sets it)."""

    caption = "조사 목록 (점수 = 모든 응답의 평균, 100점 만점, 소수 첫째 자리 반올림)"
    scores: dict = {}

    title = Column("조사", linkify=("outreach:survey", [tables.A("pk")]))
    year = Column("회계연도")
    opens_on = DateRangeColumn("기간", start="opens_on", end="closes_on")
    n_recipients = CountColumn("대상")
    n_answered = CountColumn("응답")
    score = Column("점수", accessor="pk", orderable=False, attrs=NUM)

    empty_text = "조사가 없습니다."

    class Meta(PortalTable.Meta):
        order_by = ("-opens_on",)

    def render_year(self, value):
        return f"{value}년"

    def render_score(self, record):
        score = self.scores.get(record.pk)
        return "-" if score is None else f"{score}점"
