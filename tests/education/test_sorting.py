"""Issue 16.6 / 13.8: the education staff lists sort by their columns (?sort=, aria-sort)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from education.models import CourseType

from .factories import CourseFactory, InstructorFactory, SessionFactory, type_by_code

pytestmark = pytest.mark.django_db


def _rows(client, url, pattern):
    body = client.get(url).content.decode()
    return re.findall(pattern, body), body


def test_course_list_sorts_by_its_columns(staff_client):
    made = {}
    for title, year, n in [("나과정", 2022, 3), ("다과정", 2020, 1), ("가과정", 2021, 2)]:
        made[title] = course = CourseFactory(title=title, year=year)
        for _ in range(n):
            SessionFactory(course=course)
    url = "/education/staff/courses/"
    pattern = r">([가-다]과정)</a>"

    assert _rows(staff_client, url, pattern)[0] == ["나과정", "가과정", "다과정"]  # newest year
    order, body = _rows(staff_client, f"{url}?sort=title", pattern)
    assert order == ["가과정", "나과정", "다과정"]
    assert 'aria-sort="ascending"' in body and "?sort=-title" in body
    assert "교육 과정 목록" in body and "2022년" in body
    assert f'/education/staff/courses/{made["가과정"].pk}/edit/">수정</a>' in body
    assert _rows(staff_client, f"{url}?sort=-n_sessions", pattern)[0] == [
        "나과정",
        "가과정",
        "다과정",
    ]
    order, body = _rows(staff_client, f"{url}?sort=n_sessions", pattern)
    assert order == ["다과정", "가과정", "나과정"]
    assert 'aria-sort="ascending"' in body
    assert _rows(staff_client, f"{url}?sort=year", pattern)[0] == ["다과정", "가과정", "나과정"]


def test_instructor_list_sorts_by_its_columns(staff_client):
    teachers = {}
    for name, affiliation in [("나강사", "가협의회"), ("다강사", "다협의회")]:
        teachers[name] = InstructorFactory(
            name=name, affiliation=affiliation, phone="010-1234-5678"
        )
    teachers["가강사"] = InstructorFactory(name="가강사", affiliation="나협의회")
    for _ in range(2):
        SessionFactory().instructors.add(teachers["다강사"])
    SessionFactory().instructors.add(teachers["가강사"])
    url = "/education/staff/instructors/"
    pattern = r"<td[^>]*>([가-다]강사)</td>"

    order, body = _rows(staff_client, url, pattern)
    assert order == ["가강사", "나강사", "다강사"]
    assert "강사 명단" in body and "010-1234-****" in body and "5678" not in body
    assert f'/education/staff/instructors/{teachers["나강사"].pk}/edit/">수정</a>' in body
    order, body = _rows(staff_client, f"{url}?sort=-n_sessions", pattern)
    assert order == ["다강사", "가강사", "나강사"]
    assert 'aria-sort="descending"' in body and "?sort=n_sessions" in body
    assert _rows(staff_client, f"{url}?sort=affiliation", pattern)[0] == [
        "나강사",
        "가강사",
        "다강사",
    ]


def test_type_list_sorts_by_its_columns(manager_client):
    tailored = type_by_code("tailored")
    for _ in range(3):
        CourseFactory(type=tailored)
    CourseFactory(type=type_by_code("intro"))
    url = "/education/staff/types/"
    names = list(CourseType.objects.order_by("order", "pk").values_list("name", flat=True))
    # The name cell, right after the order cell (a parent's name shows in its children's rows).
    pattern = r"<td[^>]*>\d+</td>\s*<td[^>]*>(" + "|".join(re.escape(n) for n in names) + r")</td>"

    order, body = _rows(manager_client, url, pattern)
    assert order == names
    assert "성과지표와 연결된 유형은 이름을 바꿔도 실적이 이어집니다" in body
    assert f'/education/staff/types/{tailored.pk}/edit/">수정</a>' in body
    order, body = _rows(manager_client, f"{url}?sort=-n_courses", pattern)
    assert order[:2] == [tailored.name, type_by_code("intro").name]
    assert 'aria-sort="descending"' in body
    by_name = list(CourseType.objects.order_by("name").values_list("name", flat=True))
    assert _rows(manager_client, f"{url}?sort=name", pattern)[0] == by_name


def test_session_list_sorts_by_its_columns(staff_client):
    from .factories import RegistrationFactory, in_days

    sessions = {}
    for days, title, capacity, n in [
        (10, "나특강", 30, 1),
        (20, "다특강", 10, 3),
        (5, "가특강", 20, 2),
    ]:
        sessions[title] = session = SessionFactory(
            starts_at=in_days(days), course__title=title, capacity=capacity
        )
        for _ in range(n):
            RegistrationFactory(session=session)
    url = "/education/staff/"
    pattern = r">([가-다]특강)</a>"

    order, body = _rows(staff_client, url, pattern)
    assert order == ["다특강", "나특강", "가특강"]  # latest first
    assert "교육 회차 목록" in body and "3개 회차" in body
    assert f'/education/staff/sessions/{sessions["가특강"].pk}/edit/">수정</a>' in body
    order, body = _rows(staff_client, f"{url}?sort=starts_at", pattern)
    assert order == ["가특강", "나특강", "다특강"]
    assert 'aria-sort="ascending"' in body and "?sort=-starts_at" in body
    assert _rows(staff_client, f"{url}?sort=capacity", pattern)[0] == ["다특강", "가특강", "나특강"]
    order, body = _rows(staff_client, f"{url}?sort=-n_registered", pattern)
    assert order == ["다특강", "가특강", "나특강"]
    assert 'aria-sort="descending"' in body
    assert _rows(staff_client, f"{url}?sort=course", pattern)[0] == ["가특강", "나특강", "다특강"]


def test_paper_survey_list_sorts_by_its_columns(staff_client):
    """Issue 16.4/16.6: the paper questionnaires entered per session are one
    sortable staff list (?sort=, aria-sort, pagination), each row leading to
    its session's entry page."""
    from education.models import PaperSurvey

    papers = {}
    for topic, days, forms in [("나회차", 3, 12), ("다회차", 1, 4), ("가회차", 2, 30)]:
        session = SessionFactory(topic=topic, starts_at=timezone.now() - dt.timedelta(days=days))
        papers[topic] = PaperSurvey.objects.create(session=session, forms=forms)
    url = "/education/staff/paper-surveys/"
    pattern = r" — ([가-다]회차)</a>"

    order, body = _rows(staff_client, url, pattern)
    assert order == ["다회차", "가회차", "나회차"]  # latest session first
    assert "종이 설문 목록" in body and "3건" in body
    assert f'/education/staff/sessions/{papers["가회차"].session_id}/paper-surveys/"' in body
    order, body = _rows(staff_client, f"{url}?sort=-forms", pattern)
    assert order == ["가회차", "나회차", "다회차"]
    assert 'aria-sort="descending"' in body and "?sort=forms" in body
    assert '<td class="num">30</td>' in body
    assert _rows(staff_client, f"{url}?sort=forms&page=last", pattern)[0][0] == "다회차"


def test_course_table_formats_counts_through_the_display_rules(staff_client):
    course = CourseFactory(title="천회과정", required_sessions=1200)
    body = staff_client.get("/education/staff/courses/").content.decode()
    assert course.title in body and "1,200회 출석" in body
