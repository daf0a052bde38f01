"""The 2021 demo holds the records the report narrates, and the report's
text about them is computed from those records: change a record, the
sentence changes."""

import datetime as dt

import pytest

from activities import demo as activities_demo
from activities.models import (
    AwarenessSurvey,
    Committee,
    Event,
    FundingCampaign,
    Publication,
)
from center.models import Indicator
from reports import builder

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(demo):
    activities_demo.load()
    return demo


def _lines(year) -> dict[str, list[str]]:
    report = builder.build(year)
    return {
        unit.unit.name: unit.overview_lines + unit.narrative_lines
        for area in report.areas
        for unit in area.units
    }


def _line(lines, unit, start) -> str:
    return next(line for line in lines[unit] if line.startswith(start))


def test_the_demo_holds_the_reports_records(year):
    day = Event.objects.get(fiscal_year=year, kind=Event.Kind.CONSULTATION_DAY)
    assert day.date == dt.date(2021, 6, 18) and str(day.satisfaction) == "4.4"
    assert Event.objects.filter(kind=Event.Kind.CASE_SHARING).count() == 10  # 월 1회
    assert Event.objects.filter(kind=Event.Kind.STUDY).count() == 4  # 분기 1회
    assert Event.objects.filter(kind=Event.Kind.YOUTUBE_LIVE).count() == 6
    casebook = Publication.objects.get(title="협동조합 조직변경 사례집")
    assert casebook.events.get(kind=Event.Kind.LAUNCH).date == dt.date(2021, 9, 16)
    assert casebook.events.filter(kind=Event.Kind.ADVISORY).count() == 2
    committee = Committee.objects.get(name="홍보 자문위원회")
    assert committee.newly_formed and committee.members.count() == 11
    funding = FundingCampaign.objects.get(title="ICA 참여 독려 펀딩")
    assert funding.platform == "오마이컴퍼니" and funding.participants.count() == 12
    assert AwarenessSurvey.objects.filter(fiscal_year=year).count() == 1
    # A second run changes nothing.
    activities_demo.load()
    assert Event.objects.count() == 1 + 10 + 4 + 2 + 1 + 6
    assert Indicator.objects.get(name="조직변경 사례집 발간").source == "activities.casebooks"


def test_the_2021_report_quotes_the_records(year):
    lines = _lines(year)
    assert "○ 협동조합 맞춤형상담데이 2021. 6. 18. 실시(박람회식 전문상담)" in lines["전문상담"]
    assert "- 맞춤형 상담데이 참여자 만족도 4.4/5.0" in lines["전문상담"]
    assert (
        "- 협동조합 조직변경 사례집 발간 공유회 실시 (2021. 9. 16.)"
        in lines["협동조합 조직변경 사례집 발간"]
    )
    assert "- 홍보 자문 위원회 11명 선정 및 위촉(자문위원회 신설)" in lines["홍보 및 정보제공"]
    assert "- 지원대상 : 12개 협동조합" in lines["ICA협동조합 지원 및 홍보"]
    assert "온라인 플랫폼(오마이컴퍼니) 활용" in _line(
        lines, "ICA협동조합 지원 및 홍보", "- 주요내용 : 공익모금"
    )
    learning = _line(lines, "기초상담", "- 협동조합 학습 네트워크")
    assert learning.endswith(
        "(사단법인 신나는조합, 사회적협동조합 사람과세상, 인천광역시사회적경제센터, "
        "경기도사회적경제센터, 충남사회경제네트워크)"
    )
    indicator = next(
        x for x in builder.build(year).indicator_lines if x.indicator.name == "조직변경 사례집 발간"
    )
    assert indicator.actual == 1


def test_changing_the_records_changes_the_report(year):
    day = Event.objects.get(kind=Event.Kind.CONSULTATION_DAY)
    day.date, day.score_5, day.score_3 = dt.date(2021, 6, 25), 8, 4  # (40+32+12)/20 = 4.2
    day.save()
    launch = Event.objects.get(kind=Event.Kind.LAUNCH)
    launch.date = dt.date(2021, 9, 30)
    launch.save()
    committee = Committee.objects.get(name="홍보 자문위원회")
    committee.members.first().delete()
    FundingCampaign.objects.get().participants.last().delete()
    lines = _lines(year)
    assert "○ 협동조합 맞춤형상담데이 2021. 6. 25. 실시(박람회식 전문상담)" in lines["전문상담"]
    assert "- 맞춤형 상담데이 참여자 만족도 4.2/5.0" in lines["전문상담"]
    assert (
        "- 협동조합 조직변경 사례집 발간 공유회 실시 (2021. 9. 30.)"
        in lines["협동조합 조직변경 사례집 발간"]
    )
    assert "- 홍보 자문 위원회 10명 선정 및 위촉(자문위원회 신설)" in lines["홍보 및 정보제공"]
    assert "- 지원대상 : 11개 협동조합" in lines["ICA협동조합 지원 및 홍보"]


def test_a_whole_mean_keeps_its_decimal_in_the_report(year):
    """A mean of 4.0 prints as 4.0 (x.x, the shared mean-score rule), never 4."""
    day = Event.objects.get(kind=Event.Kind.CONSULTATION_DAY)
    day.score_5, day.score_4, day.score_3 = 4, 12, 4  # (20+48+12)/20 = 4.0
    day.save()
    assert "- 맞춤형 상담데이 참여자 만족도 4.0/5.0" in _lines(year)["전문상담"]


def test_without_the_records_the_report_claims_nothing(demo):
    lines = _lines(demo)  # the center's 2021 data without this app's records
    assert "- 맞춤형 상담데이 참여자 만족도 집계 전" in lines["전문상담"]
    assert "○ 협동조합 맞춤형상담데이 일정 미정 실시(박람회식 전문상담)" in lines["전문상담"]
    assert "- 지원대상 : 0개 협동조합" in lines["ICA협동조합 지원 및 홍보"]
