"""Education's staff list tables (core.tables: sortable columns, masked personal data)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.display import format_count, format_date, format_time
from core.tables import (
    MANAGE,
    Column,
    CountColumn,
    DateTimeColumn,
    MaskedPhoneColumn,
    PortalTable,
    StaffColumn,
    edit_column,
)

from .models import Course, CourseType, Instructor, PaperSurvey, Session


class CourseTable(PortalTable):
    """Courses with their session counts (`selectors.course_list` annotates `n_sessions`)."""

    caption = "교육 과정 목록"

    year = Column("연도", order_by=("year", "type__order", "title"))
    type = Column("유형", accessor="type__name", order_by=("type__order", "type__name"))
    title = Column("교육명", linkify=("education:course", [tables.A("pk")]))
    required_sessions = CountColumn("이수 기준")
    n_sessions = CountColumn("회차")
    actions = edit_column("education:course_edit")

    class Meta(PortalTable.Meta):
        model = Course
        fields = ()
        empty_text = "교육 과정이 없습니다."

    def render_year(self, value):
        return f"{value}년"

    def render_required_sessions(self, value, record):
        if record.is_program:
            return f"{format_count(value)}회 출석"
        return "1일 교육"


class InstructorTable(PortalTable):
    """Instructors with how many sessions each taught (`selectors.instructor_list`
    annotates `n_sessions`); the phone is masked and not sortable."""

    caption = "강사 명단"

    name = Column("이름")
    affiliation = Column("소속")
    expertise = Column("전문 분야")
    phone = MaskedPhoneColumn("연락처")
    n_sessions = CountColumn("강의 회차")
    is_active = Column("상태")
    actions = edit_column("education:instructor_edit")

    class Meta(PortalTable.Meta):
        model = Instructor
        fields = ()
        empty_text = "등록된 강사가 없습니다."

    def render_is_active(self, value):
        return "활동 중" if value else "쉼"


def _yes(value):
    return "예" if value else "-"


class CourseTypeTable(PortalTable):
    """Course types in their order with their course counts (`selectors.type_list`
    annotates `n_courses`)."""

    caption = "교육 유형 (성과지표와 연결된 유형은 이름을 바꿔도 실적이 이어집니다)"

    order = Column("순서", order_by=("order", "pk"))
    name = Column("교육 유형")
    parent = Column("상위 유형", accessor="parent__name", default="-")
    is_outreach = Column("찾아가는 교육")
    code = Column("성과지표 연결", empty_values=())
    n_courses = CountColumn("과정 수")
    is_active = Column("사용")
    actions = edit_column("education:type_edit")

    class Meta(PortalTable.Meta):
        model = CourseType
        fields = ()

    def render_is_outreach(self, value):
        return _yes(value)

    def render_code(self, value):
        return "연결됨" if value else "-"

    def render_is_active(self, value):
        return "사용" if value else "쉼"


def _session_title(session) -> str:
    """A session's link as the lists show it: 교육명 — 주제, the type below."""
    topic = f" — {session.topic}" if session.topic else ""
    return format_html(
        '<a href="{}">{}{}</a><br><span class="small text-secondary">{}</span>',
        reverse("education:session", args=[session.pk]),
        session.course.title,
        topic,
        session.course.type.name,
    )


def _starts_at(value) -> str:
    """The day and the time, each unbroken: on a phone the time goes below
    the day instead of the 교육 column being squeezed to a word a line."""
    return format_html(
        '<span class="text-nowrap">{}</span> <span class="text-nowrap">{}</span>',
        format_date(value),
        format_time(value),
    )


class SessionTable(PortalTable):
    """Sessions, latest first, with their registered, waiting and attended
    counts (`selectors.session_list` annotates them)."""

    caption = "교육 회차 목록"

    starts_at = Column("일시")
    course = Column(
        "교육",
        accessor="course__title",
        order_by=("course__title", "topic"),
    )
    format = Column("방식", attrs={"td": {"class": "text-nowrap"}})
    place = Column("장소·기관", empty_values=(), order_by=("host_name", "place"))
    capacity = CountColumn("정원")
    n_registered = CountColumn("신청")
    n_waiting = CountColumn("대기")
    n_attended = CountColumn("출석")
    status = Column("상태", accessor="pk", orderable=False)
    actions = tables.TemplateColumn(
        "<a href=\"{% url 'education:checkin' record.pk %}\">출석</a>"
        " · <a href=\"{% url 'education:session_edit' record.pk %}\">수정</a>",
        verbose_name=MANAGE,
        orderable=False,
        attrs={"td": {"class": "text-nowrap small"}},
    )

    class Meta(PortalTable.Meta):
        model = Session
        fields = ()
        empty_text = "조건에 맞는 교육 회차가 없습니다."

    def render_starts_at(self, value):
        return _starts_at(value)

    def render_course(self, record):
        return _session_title(record)

    def render_place(self, record):
        return record.host_name or record.place or "온라인"

    def render_status(self, record):
        if record.is_cancelled:
            style, label = "secondary", "폐강"
        elif record.is_over:
            style, label = "light", "종료"
        else:
            style, label = "success", "예정"
        return format_html('<span class="badge text-bg-{}">{}</span>', style, label)


class PaperSurveyTable(PortalTable):
    """The paper questionnaires entered per session (`selectors.paper_survey_list`),
    with the session's satisfaction, online and paper answers together
    (`scores`: session pk → (mean, respondents), set by the view for the page)."""

    caption = "종이 설문 목록"

    starts_at = Column(
        "교육 일시",
        accessor="session__starts_at",
        order_by=("session__starts_at", "pk"),
    )
    session = Column("교육", order_by=("session__course__title", "session__topic"))
    forms = CountColumn("설문지 수")
    satisfaction = Column(
        "만족도",
        empty_values=(),
        orderable=False,
        attrs={"th": {"class": "num"}, "td": {"class": "num text-nowrap"}},
    )
    entered_by = StaffColumn("입력 직원", order_by=("entered_by__first_name",))
    entered_at = DateTimeColumn("입력 일시")
    actions = tables.TemplateColumn(
        "<a href=\"{% url 'education:paper_surveys' record.session_id %}\">수정</a>",
        verbose_name=MANAGE,
        orderable=False,
        attrs={"td": {"class": "small text-nowrap"}},
    )

    scores: dict = {}

    class Meta(PortalTable.Meta):
        model = PaperSurvey
        fields = ()
        empty_text = "입력한 종이 설문이 없습니다."

    def render_starts_at(self, value):
        return _starts_at(value)

    def render_session(self, value):
        return _session_title(value)

    def render_satisfaction(self, record):
        mean, respondents = self.scores.get(record.session_id, (None, 0))
        if mean is None:
            return "-"
        return f"{mean}/5.0 ({format_count(respondents)}명)"
