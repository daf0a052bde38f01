"""The staff list tables of consultations (core.tables: sortable, masked)."""

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from core.tables import (
    Column,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    MaskedNameColumn,
    MaskedPhoneColumn,
    PortalTable,
    StaffColumn,
)

from .models import Advisor, AdvisoryAnswer, Consultation, Cooperative, ExpertConsultation


class ConsultationTable(PortalTable):
    """One row per consultation; names and phones masked (the selector joins
    client, cooperative, staff and prefetches the categories)."""

    caption = "상담 기록 (이름·전화번호 가림)"

    started_at = DateTimeColumn("상담일시", linkify=("consultations:detail", [tables.A("pk")]))
    channel = Column("방법", attrs={"td": {"class": "text-nowrap"}})
    # Rendered even when the name is empty: a scrubbed client reads (파기됨).
    client = MaskedNameColumn("신청인", accessor="client__name", empty_values=())
    phone = MaskedPhoneColumn("전화번호", accessor="client__phone")
    cooperative = Column(
        "협동조합",
        accessor="cooperative__name",
        linkify=lambda record: record.cooperative.get_absolute_url(),
        default="",
    )
    district = Column(
        "자치구",
        accessor="cooperative__district",
        default="",
        attrs={"td": {"class": "text-nowrap"}},
    )
    categories = Column("상담 분야", accessor="pk", orderable=False)
    summary = Column("상담 내용", orderable=False)
    handled_by = StaffColumn("상담자", order_by=("handled_by__first_name", "handled_by__username"))

    class Meta(PortalTable.Meta):
        model = Consultation
        fields = ()
        empty_text = "조건에 맞는 상담 기록이 없습니다."

    def render_client(self, record):
        if record.client_id is None:
            return format_html('<span class="text-secondary">{}</span>', "익명")
        return record.client.masked_name

    def render_categories(self, record):
        return format_html_join(
            " ",
            '<span class="badge text-bg-light border">{}</span>',
            ((category.name,) for category in record.categories.all()),
        )

    def render_summary(self, value, record):
        text = Truncator(value).chars(50)
        if record.follow_up_needed:
            return format_html('{} <span class="badge text-bg-warning">후속 조치</span>', text)
        return text


class AdvisorTable(PortalTable):
    """One row per advisor with the selector's annotated answer and expert
    consultation counts (sortable). An advisor's name and work contact are
    shown unmasked, as the page always has: they are appointed experts."""

    caption = "자문위원 목록"

    board = Column("자문단", attrs={"td": {"class": "text-nowrap"}})
    name = Column("성명", linkify=("consultations:advisor", [tables.A("pk")]))
    field = Column("분야")
    affiliation = Column("소속", default="-")
    term = DateColumn("위촉 기간", accessor="term_start")
    phone = Column("연락처", default="-", orderable=False)
    answer_count = CountColumn("자문 답변")
    expert_count = CountColumn("전문상담")

    class Meta(PortalTable.Meta):
        model = Advisor
        fields = ()
        empty_text = "등록된 자문위원이 없습니다."

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_term(self, record):
        term = format_html(
            "{} ~ {}",
            date_format(record.term_start, "DATE_FORMAT"),
            date_format(record.term_end, "DATE_FORMAT"),
        )
        if self.today is not None and record.term_end < self.today:
            return format_html('{} <span class="badge text-bg-secondary">종료</span>', term)
        return term


class ExpertConsultationTable(PortalTable):
    """One row per expert consultation (the selector joins the cooperative
    and prefetches the advisors)."""

    caption = "전문상담 목록"

    scheduled_at = DateTimeColumn("상담일시", linkify=("consultations:expert", [tables.A("pk")]))
    field = Column("분야")
    cooperative = Column("협동조합", accessor="cooperative__name", default="-")
    topic = Column("주제")
    advisors = Column("자문위원", accessor="pk", orderable=False)
    status = Column("상태")
    monitoring = Column(
        "모니터링",
        accessor="follow_up_on",
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta(PortalTable.Meta):
        model = ExpertConsultation
        fields = ()
        empty_text = "전문상담이 없습니다."

    def render_topic(self, value):
        return Truncator(value).chars(40)

    def render_advisors(self, record):
        advisors = list(record.advisors.all())
        names = ", ".join(advisor.name for advisor in advisors)
        if len(advisors) > 1:
            return format_html('{} <span class="badge text-bg-info">多:1</span>', names)
        return names

    def render_monitoring(self, record):
        if record.follow_up_note:
            return "완료"
        if record.follow_up_on:
            return f"{date_format(record.follow_up_on, 'DATE_FORMAT')} 예정"
        return "-"


class AdvisoryAnswerTable(PortalTable):
    """One row per advisory answer; the date links to its edit form (the
    selector joins the advisor)."""

    caption = "자문 답변 목록"

    answered_on = DateColumn("자문일", linkify=("consultations:answer_edit", [tables.A("pk")]))
    field = Column("분야")
    advisor = Column("자문위원", accessor="advisor__name")
    question = Column("질의 내용", orderable=False)
    answer = Column("자문 내용", orderable=False)

    class Meta(PortalTable.Meta):
        model = AdvisoryAnswer
        fields = ()
        empty_text = "자문 답변이 없습니다."

    def render_question(self, value):
        return Truncator(value).chars(50)

    def render_answer(self, value):
        return Truncator(value).chars(50)


class CooperativeTable(PortalTable):
    """Cooperatives with their consultation count and latest date
    (`selectors.cooperatives_with_counts`: one indexed subquery a row, so
    sorting by either stays cheap at 1M consultations)."""

    caption = "협동조합 목록"

    name = Column("조합명", linkify=("consultations:cooperative", [tables.A("pk")]))
    kind = Column("유형", attrs={"td": {"class": "text-nowrap"}})
    district = Column("자치구", default="-", attrs={"td": {"class": "text-nowrap"}})
    consultation_count = CountColumn("기초상담")
    last = DateColumn("최근 상담", default="-")

    class Meta(PortalTable.Meta):
        model = Cooperative
        fields = ()
        order_by = ("name",)
        empty_text = "협동조합이 없습니다."
