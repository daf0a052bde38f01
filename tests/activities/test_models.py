"""The records' rules: dates in their fiscal year, satisfaction from counts
per score, respondents within participants, a 공유회 after its publication,
terms in order, one row per cooperative; Korean messages next to the field,
and the database refuses what slips past the forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Event, FundingParticipant

from .factories import (
    AwarenessSurveyFactory,
    CommitteeMemberFactory,
    EventFactory,
    FundingCampaignFactory,
    FundingParticipantFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


def _errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_satisfaction_is_the_half_up_mean_of_the_counts_per_score():
    event = EventFactory.build(score_5=10, score_4=8, score_3=2)
    assert event.respondents == 20
    assert event.satisfaction == Decimal("4.4")
    # 87/20 = 4.35 → 4.4 and 89/20 = 4.45 → 4.5: half-up, never float round()
    assert EventFactory.build(score_5=9, score_4=9, score_3=2).satisfaction == Decimal("4.4")
    assert EventFactory.build(score_5=9, score_4=11).satisfaction == Decimal("4.5")
    assert EventFactory.build().satisfaction is None


def test_an_event_outside_its_fiscal_year_is_refused_in_korean():
    event = EventFactory.build(fiscal_year=EventFactory().fiscal_year, date=dt.date(2022, 1, 3))
    assert _errors(event)["date"] == ["일자는 2021년 안이어야 합니다."]


def test_more_satisfaction_forms_than_participants_are_refused():
    event = EventFactory(participants=20, score_5=10, score_4=10)
    event.score_3 = 1
    errors = _errors(event)
    assert errors["participants"] == ["만족도 응답(21명)이 참여 인원(20명)보다 많을 수 없습니다."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(score_3=1)


def test_a_launch_before_its_publication_is_refused():
    casebook = PublicationFactory(published_on=dt.date(2021, 9, 10))
    launch = EventFactory.build(
        fiscal_year=casebook.fiscal_year,
        kind=Event.Kind.LAUNCH,
        publication=casebook,
        date=dt.date(2021, 9, 1),
    )
    assert _errors(launch)["date"] == ["발간 공유회는 발간일(2021. 9. 10.) 이후에 열 수 있습니다."]
    launch.date = dt.date(2021, 9, 16)
    launch.full_clean()


def test_a_publication_needs_copies_and_a_unique_title_in_its_year():
    first = PublicationFactory(title="협동조합 조직변경 사례집")
    second = PublicationFactory.build(
        fiscal_year=first.fiscal_year, title="협동조합 조직변경 사례집", copies=0
    )
    errors = _errors(second)
    assert errors["title"] == ["같은 회계연도에 같은 이름의 발간물이 있습니다."]
    assert "copies" in errors


def test_a_members_term_ends_after_the_appointment():
    member = CommitteeMemberFactory.build(
        committee=CommitteeMemberFactory().committee,
        appointed_on=dt.date(2021, 5, 1),
        term_ends_on=dt.date(2021, 4, 30),
    )
    assert _errors(member)["term_ends_on"] == ["임기 종료일은 위촉일 이후여야 합니다."]
    member.appointed_on = dt.date(2021, 3, 1)
    member.term_ends_on = dt.date(2023, 3, 1)
    assert _errors(member)["appointed_on"] == [
        "위촉일은 위원회 구성일(2021. 4. 20.) 이후여야 합니다."
    ]


def test_a_campaign_and_a_survey_end_after_they_start():
    campaign = FundingCampaignFactory.build(
        fiscal_year=FundingCampaignFactory().fiscal_year,
        starts_on=dt.date(2021, 10, 1),
        ends_on=dt.date(2021, 9, 30),
    )
    assert _errors(campaign) == {"ends_on": ["종료일은 시작일 이후여야 합니다."]}
    survey = AwarenessSurveyFactory.build(
        fiscal_year=campaign.fiscal_year,
        opens_on=dt.date(2021, 10, 5),
        closes_on=dt.date(2021, 10, 1),
        aware=101,
    )
    assert _errors(survey) == {
        "closes_on": ["조사 종료일은 조사 시작일 이후여야 합니다."],
        "aware": ["인지 응답 수는 응답자 수(100명)보다 많을 수 없습니다."],
    }


def test_a_cooperative_takes_part_in_a_campaign_once():
    first = FundingParticipantFactory()
    again = FundingParticipant(campaign=first.campaign, cooperative=first.cooperative)
    assert _errors(again)["cooperative"] == ["이미 이 펀딩에 참여한 협동조합입니다."]


def test_a_survey_counts_aware_respondents_within_the_respondents():
    survey = AwarenessSurveyFactory(respondents=312, aware=187)
    assert survey.awareness_rate == Decimal("59.9")
    survey.aware = 313
    assert _errors(survey)["aware"] == ["인지 응답 수는 응답자 수(312명)보다 많을 수 없습니다."]
