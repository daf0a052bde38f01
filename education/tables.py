"""Education's staff list tables (core.tables: sortable columns, masked personal data)."""

import django_tables2 as tables
from django.utils.html import format_html

from core.tables import Column, CountColumn, MaskedPhoneColumn, PortalTable

from .models import Course, Instructor

# The edit column's header is for screen readers only (the links say 수정).
MANAGE = format_html('<span class="visually-hidden">{}</span>', "관리")


def edit_column(url_name: str) -> tables.TemplateColumn:
    """A non-orderable `수정` link to the record's edit page."""
    return tables.TemplateColumn(
        f"<a href=\"{{% url '{url_name}' record.pk %}}\">수정</a>",
        verbose_name=MANAGE,
        orderable=False,
        attrs={"td": {"class": "small text-nowrap"}},
    )


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
            return f"{value:,}회 출석"
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
