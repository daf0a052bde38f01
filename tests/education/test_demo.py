"""The 2021 demo reproduces the report's figures, and the indicators compute them."""

from decimal import Decimal

import pytest
from django.db.models import F, Sum

from center.models import Indicator
from core import registry as indicators
from education import demo, selectors
from education.models import Registration, Session, SurveyResponse

pytestmark = pytest.mark.django_db

REPORT_ACTUALS = {
    "찾아가는 협동조합 입문교육": 14,
    "찾아가는 협동조합 설립교육": 11,
    "운영실무교육": 3,
    "맞춤교육": 4,
    "사회적협동조합 경영공시 교육": 1,
    "사회적협동조합 공공조달 교육": 1,
    "사회적협동조합 민간위탁 교육": 1,
    "협동조합 해산·청산교육": 1,
    "자치구(센터)공무원교육": 2,
    "창업교육": 12,
}


@pytest.fixture
def education_demo(demo):
    """The center's 2021 data (the `demo` fixture, named here so the session's
    demo snapshot is raised before the test) plus this app's demo."""
    from education import demo as education_demo_data

    education_demo_data.load()
    return demo


def mean_of(sessions) -> Decimal | None:
    row = SurveyResponse.objects.filter(session__in=sessions).aggregate(
        total=Sum(F("q_content") + F("q_instructor") + F("q_operation") + F("q_overall")),
    )
    n = SurveyResponse.objects.filter(session__in=sessions).count()
    return selectors.mean_score(row["total"], n * 4)


def test_indicators_are_computed_and_equal_the_report(education_demo):
    rows = Indicator.objects.filter(
        unit__area__fiscal_year__year=2021, name__in=REPORT_ACTUALS
    ).order_by("pk")
    assert rows.count() == len(REPORT_ACTUALS)
    for indicator in rows:
        assert indicator.source.startswith("education.") and indicator.entered_actual is None
        assert indicators.compute(indicator.source, 2021) == REPORT_ACTUALS[indicator.name], (
            indicator.name
        )


def test_participants_match_the_report(education_demo):
    p = lambda key: indicators.compute(f"education.{key}.participants", 2021)  # noqa: E731
    assert indicators.compute("education.intro_founding.participants", 2021) == 211
    assert p("tailored") == 139
    assert p("practical") == 53  # 31 (zoom/video) + 22 (ICA)
    assert p("sc_disclosure") == 44 and p("sc_procurement") == 44 and p("sc_outsourcing") == 28
    assert p("dissolution") == 23 and p("civil_servant") == 35


def test_satisfaction_per_session_and_course_matches_the_report(education_demo):
    def sessions(code, topic=None):
        qs = Session.objects.filter(starts_at__year=2021, course__type__code=code)
        return qs.filter(topic=topic) if topic is not None else qs

    assert mean_of(sessions("intro") | sessions("founding")) == Decimal("4.7")
    assert mean_of(sessions("practical")) == Decimal("4.5")
    for topic, mean in [
        ("세무교육", "4.2"),
        ("인사노무 교육", "4.5"),
        ("공익법인 공시 교육", "4.6"),
        ("회계교육", "4.3"),
    ]:
        assert mean_of(sessions("tailored", topic)) == Decimal(mean), topic
    assert mean_of(sessions("sc_disclosure")) == Decimal("4.5")
    assert mean_of(sessions("sc_procurement")) == Decimal("4.7")
    assert mean_of(sessions("sc_outsourcing")) == Decimal("4.5")
    assert mean_of(sessions("dissolution")) == Decimal("4.6")
    assert mean_of(sessions("civil_servant", "상반기")) == Decimal("4.4")
    assert mean_of(sessions("civil_servant", "하반기")) == Decimal("4.3")
    answers = SurveyResponse.objects.values_list(
        "q_content", "q_instructor", "q_operation", "q_overall"
    )
    assert all(1 <= a <= 5 for row in answers for a in row)


def test_ica_completion_is_seventeen_of_twenty_two(education_demo):
    rows = {row.type.code: row for row in selectors.yearly_figures(2021)}
    practical = rows["practical"]  # ICA 리더십 과정 is reported within 운영실무교육
    ica = next(c for c in practical.courses if c.course.title == "ICA 리더십 과정")
    assert (ica.applied, ica.completed, ica.sessions, ica.held) == (22, 17, 5, 1)
    assert ica.completion_rate == Decimal("77.3")
    assert (practical.held, practical.participants) == (3, 53)
    assert rows["tailored"].participants == 139


def test_stats_page_prints_the_figures(staff_client, education_demo, django_assert_max_num_queries):
    # 16: the satisfaction sums read the online answers and the paper questionnaires.
    staff_client.get("/education/staff/stats/2021/")  # one-off lookups (the menu's badge counts)
    with django_assert_max_num_queries(16):
        body = staff_client.get("/education/staff/stats/2021/").content.decode()
    assert "77.3" in body and "4.7/5.0" in body and "139" in body


def test_demo_load_is_idempotent(education_demo):
    counts = (Session.objects.count(), Registration.objects.count(), SurveyResponse.objects.count())
    demo.load()
    assert (
        Session.objects.count(),
        Registration.objects.count(),
        SurveyResponse.objects.count(),
    ) == counts


def test_course_page_prints_each_sessions_satisfaction(staff_client, education_demo):
    from education.models import Course

    course = Course.objects.get(year=2021, type__code="tailored")
    body = staff_client.get(f"/education/staff/courses/{course.pk}/").content.decode()
    for figure in ["4.2/5.0", "4.5/5.0", "4.6/5.0", "4.3/5.0"]:
        assert figure in body
    session = course.sessions.get(topic="세무교육")
    page = staff_client.get(f"/education/staff/sessions/{session.pk}/").content.decode()
    assert "4.2/5.0" in page and "만족도 조사 의견" in page
