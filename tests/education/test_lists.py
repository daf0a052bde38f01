"""Every list page answers in a constant number of queries, whatever the data size."""

import datetime as dt

import pytest
from django.utils import timezone

from education.models import Attendance, OutreachRequest

from .factories import (
    CourseFactory,
    InstructorFactory,
    PastSessionFactory,
    RegistrationFactory,
    SessionFactory,
    type_by_code,
)

pytestmark = pytest.mark.django_db


def grow(n):
    for i in range(n):
        course = CourseFactory()
        upcoming = SessionFactory(course=course)
        past = PastSessionFactory(course=course)
        past.instructors.add(InstructorFactory())
        for _ in range(2):
            RegistrationFactory(session=upcoming)
            reg = RegistrationFactory(session=past)
            Attendance.objects.create(session=past, registration=reg)
        OutreachRequest.objects.create(
            course_type=type_by_code("intro"),
            organisation=f"조합{i}",
            district="중구",
            desired_date=timezone.localdate() + dt.timedelta(days=30),
            desired_time=dt.time(10),
            place="회의실",
            expected_participants=12,
            contact_name="담당자",
            contact_phone="010-1111-2222",
            contact_email="a@example.com",
        )


PAGES = [
    ("/education/", 10, "남은 자리"),
    ("/education/staff/", 10, "교육 회차 목록"),
    ("/education/staff/courses/", 10, "교육 과정 목록"),
    ("/education/staff/instructors/", 10, "강사 명단"),
    ("/education/staff/outreach/", 10, "찾아가는 교육 신청 목록"),
    (f"/education/staff/stats/{timezone.localdate().year}/", 16, "교육 유형·과정별 실적"),
    (
        f"/education/staff/calendar/{timezone.localdate().year}/{timezone.localdate().month}/",
        10,
        "교육 일정",
    ),
]


@pytest.mark.parametrize("url,limit,marker", PAGES)
def test_list_pages_use_constant_queries(
    staff_client, django_assert_max_num_queries, url, limit, marker
):
    grow(2)
    staff_client.get(url)  # the session's one-off lookups (the menu's badge counts)
    with django_assert_max_num_queries(limit):
        small = staff_client.get(url)
    grow(12)
    with django_assert_max_num_queries(limit):
        large = staff_client.get(url)
    assert marker in small.content.decode() and marker in large.content.decode()


def test_session_list_filters_by_type_year_and_text(staff_client):
    SessionFactory(course__title="협동조합 세무 특강", course__type=type_by_code("tailored"))
    SessionFactory(course__title="해산 절차 교육", course__type=type_by_code("dissolution"))
    tailored = type_by_code("tailored").pk
    body = staff_client.get(f"/education/staff/?type={tailored}").content.decode()
    assert "협동조합 세무 특강" in body and "해산 절차 교육" not in body
    body = staff_client.get("/education/staff/?q=해산").content.decode()
    assert "해산 절차 교육" in body and "세무 특강" not in body
    body = staff_client.get("/education/staff/?year=2019").content.decode()
    assert "조건에 맞는 교육 회차가 없습니다." in body
    bad = staff_client.get("/education/staff/?year=abc&format=zzz")
    assert bad.status_code == 200


def test_paper_survey_list_uses_constant_queries(staff_client, django_assert_max_num_queries):
    from education.models import PaperSurvey, PaperSurveyCount

    def papers(n):
        for _ in range(n):
            paper = PaperSurvey.objects.create(session=PastSessionFactory(), forms=3)
            PaperSurveyCount.objects.create(paper=paper, question="q_content", score=5, count=3)

    url = "/education/staff/paper-surveys/"
    papers(2)
    staff_client.get(url)  # the session's one-off lookups (the menu's badge counts)
    with django_assert_max_num_queries(12) as small:
        staff_client.get(url)
    papers(12)
    with django_assert_max_num_queries(12) as large:
        body = staff_client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "종이 설문 목록" in body and "5.0/5.0 (3명)" in body
