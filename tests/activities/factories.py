"""factory_boy factories for the activities app."""

import datetime as dt

import factory

from activities.models import (
    AwarenessSurvey,
    Committee,
    CommitteeMember,
    Event,
    FundingCampaign,
    FundingParticipant,
    Publication,
)
from center.models import FiscalYear


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("year",)

    year = 2021


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    kind = Event.Kind.CONSULTATION_DAY
    title = factory.Sequence(lambda n: f"행사 {n}")
    date = dt.date(2021, 6, 18)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    kind = Publication.Kind.CASEBOOK
    title = factory.Sequence(lambda n: f"사례집 {n}")
    published_on = dt.date(2021, 9, 10)
    copies = 300


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    name = factory.Sequence(lambda n: f"자문위원회 {n}")
    established_on = dt.date(2021, 4, 20)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    name = "홍길동"
    affiliation = "협동조합 활동가"
    appointed_on = dt.date(2021, 4, 20)
    term_ends_on = dt.date(2023, 4, 19)


class FundingCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCampaign

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    title = factory.Sequence(lambda n: f"펀딩 {n}")
    platform = "오마이컴퍼니"
    starts_on = dt.date(2021, 10, 1)
    ends_on = dt.date(2021, 11, 30)


class FundingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingParticipant

    campaign = factory.SubFactory(FundingCampaignFactory)
    cooperative = factory.Sequence(lambda n: f"협동조합 {n}")


class AwarenessSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwarenessSurvey

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    title = factory.Sequence(lambda n: f"인지도 조사 {n}")
    opens_on = dt.date(2021, 10, 5)
    closes_on = dt.date(2021, 10, 22)
    target = "서울시민"
    respondents = 100
    aware = 60
