"""The 2021 demo reproduces the report; indicators are computed from records."""

import datetime as dt

import pytest
from django.db.models import Count

from center.models import Indicator
from consultations import demo
from consultations.models import Advisor, AdvisoryAnswer, Consultation, ExpertConsultation
from core import registry as indicators
from core.calendar import is_business_day

REPORT = {
    ("기초상담", "전화상담"): 7_044,
    ("기초상담", "방문상담"): 75,
    ("기초상담", "홈페이지상담"): 165,
    ("기초상담", "화상상담"): 32,
    ("전문상담", "전문상담"): 27,
}


@pytest.fixture
def loaded(full_demo):
    """The whole 2021 demo, ours included: built once per session (tests/conftest.py)."""
    return full_demo


def test_indicators_are_computed_and_equal_the_report(loaded):
    for (unit, name), figure in REPORT.items():
        indicator = Indicator.objects.get(
            unit__area__fiscal_year__year=2021, unit__name=unit, name=name
        )
        assert indicator.entered_actual is None
        assert indicator.source.startswith("consultations.")
        assert indicators.compute(indicator.source, 2021) == figure, name
    assert Consultation.objects.filter(started_at__year=2021).count() == 7_316


def test_records_are_realistic(loaded):
    days = {
        d
        for d in Consultation.objects.filter(started_at__year=2021).datetimes(
            "started_at", "day", tzinfo=dt.UTC
        )
    }
    assert len(days) > 150  # spread over the year
    sample = Consultation.objects.order_by("?")[:200]
    from django.utils import timezone

    assert all(is_business_day(timezone.localtime(c.started_at).date()) for c in sample)
    visits = Consultation.objects.filter(channel="visit")
    assert {timezone.localtime(v.started_at).strftime("%H:%M") for v in visits} <= {
        "10:30",
        "14:00",
    }
    assert not Consultation.objects.filter(categories__isnull=True).exists()
    assert Consultation.objects.values("handled_by").distinct().count() >= 4
    assert Consultation.objects.values("cooperative__district").distinct().count() >= 20


def test_experts_advisors_and_answers_match_the_report(loaded):
    held = ExpertConsultation.objects.filter(status="held", scheduled_at__year=2021)
    by_field = dict(held.values_list("field").annotate(n=Count("pk")))
    assert by_field == {
        "legal_affairs": 4,
        "law": 5,
        "accounting": 5,
        "labor": 4,
        "management": 9,
    }
    assert held.filter(scheduled_at__date=dt.date(2021, 6, 18)).count() >= 5  # 맞춤형상담데이
    assert held.annotate(n=Count("advisors")).filter(n__gt=1).exists()  # 多:1
    assert not held.filter(consultation__isnull=True).exists()
    boards = dict(Advisor.objects.values_list("board").annotate(n=Count("pk")))
    assert boards == {"basic": 7, "expert": 10}
    answers = dict(
        AdvisoryAnswer.objects.filter(answered_on__year=2021)
        .values_list("field")
        .annotate(n=Count("pk"))
    )
    assert answers == {"legal_affairs": 50, "law": 27, "accounting": 17, "labor": 7}


def test_load_is_idempotent(loaded):
    before = (
        Consultation.objects.count(),
        ExpertConsultation.objects.count(),
        AdvisoryAnswer.objects.count(),
        Advisor.objects.count(),
    )
    demo.load()
    after = (
        Consultation.objects.count(),
        ExpertConsultation.objects.count(),
        AdvisoryAnswer.objects.count(),
        Advisor.objects.count(),
    )
    assert before == after
    assert indicators.compute("consultations.phone", 2021) == 7_044


def test_a_new_call_changes_the_computed_actual(loaded, staff_client):
    from django.utils import timezone

    from tests.consultations.factories import ConsultationFactory

    tz = timezone.get_default_timezone()
    ConsultationFactory(channel="phone", started_at=dt.datetime(2021, 12, 1, 10, tzinfo=tz))
    assert indicators.compute("consultations.phone", 2021) == 7_045
    body = staff_client.get("/center/2021/indicators/").content.decode()
    assert "7,045" in body


def test_whole_demo_counts_each_consultation_once(full_demo):
    """With every app's demo loaded (bookings and questions too), the
    computed actuals still equal the report: nothing is counted twice."""
    for (unit, name), figure in REPORT.items():
        indicator = Indicator.objects.get(
            unit__area__fiscal_year__year=2021, unit__name=unit, name=name
        )
        assert indicators.compute(indicator.source, 2021) == figure, name
