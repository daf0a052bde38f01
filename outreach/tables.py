"""Outreach staff list tables (core.tables: sortable columns, Korean headers)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html

from core.tables import Column, CountColumn, DateColumn, PortalTable, WonColumn, edit_column

from .models import Campaign, ContentItem, ReporterCohort


class ContentTable(PortalTable):
    """Published content, newest first; the caption counts the filtered rows (the view sets it)."""

    caption = "콘텐츠 목록"
    caption_visible = True

    date = DateColumn("게시일")
    kind = Column("유형")
    title = Column("제목")
    channels = Column("채널", accessor="pk", orderable=False)
    author = Column("작성자", accessor="author_display", orderable=False)
    copies = WonColumn("부수", default="-")
    edit = edit_column("outreach:content_edit")

    class Meta(PortalTable.Meta):
        model = ContentItem
        fields = ()
        empty_text = "조건에 맞는 콘텐츠가 없습니다."
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
    start = Column("기간", attrs={"td": {"class": "text-nowrap"}})
    participants = WonColumn("참여", default="-")
    partners = Column("협력 기관", orderable=False, empty_values=())

    class Meta(PortalTable.Meta):
        model = Campaign
        fields = ()
        empty_text = "캠페인이 없습니다."
        order_by = ("-start",)

    def render_start(self, record):
        return (
            f"{date_format(record.start, 'DATE_FORMAT')} ~ {date_format(record.end, 'DATE_FORMAT')}"
        )

    def render_participants(self, value):
        return f"{number_format(value, force_grouping=True)}명"

    def render_partners(self, record):
        return ", ".join(record.partner_lines()) or "-"


class CohortTable(PortalTable):
    """Cohorts with `selectors.cohorts`' counts (sortable: they are annotations)."""

    caption = "기수별 청년기자단"
    caption_visible = True

    number = Column("기수", linkify=("outreach:cohort", [tables.A("pk")]))
    year = Column("연도")
    term_start = Column("활동 기간", attrs={"td": {"class": "text-nowrap"}})
    n_members = CountColumn("인원")
    n_articles = CountColumn("기사")
    n_meetings = CountColumn("모임")

    class Meta(PortalTable.Meta):
        model = ReporterCohort
        fields = ()
        empty_text = "기수가 없습니다."
        order_by = ("-number",)

    def render_number(self, record):
        return str(record)

    def render_year(self, value):
        return f"{value}년"

    def render_term_start(self, record):
        start = date_format(record.term_start, "DATE_FORMAT")
        return f"{start} ~ {date_format(record.term_end, 'DATE_FORMAT')}"

    def render_n_members(self, value):
        return f"{number_format(value, force_grouping=True)}명"

    def render_n_articles(self, value):
        return f"{number_format(value, force_grouping=True)}건"

    def render_n_meetings(self, value):
        return f"{number_format(value, force_grouping=True)}회"
