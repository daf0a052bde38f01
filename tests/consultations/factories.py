"""factory_boy factories for the consultations app."""

import datetime as dt

import factory
from django.utils import timezone

from consultations.models import (
    Advisor,
    AdvisoryAnswer,
    Category,
    Client,
    Consultation,
    Cooperative,
    ExpertConsultation,
    Field,
)


def category(name: str = "설립") -> Category:
    """A topic by name. The data migration seeds them, but transactional
    tests (races, browsers) flush the database, so tests never assume it."""
    return Category.objects.get_or_create(name=name)[0]


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"테스트{n}협동조합")
    kind = Cooperative.Kind.GENERAL
    district = "마포구"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"김{n}용")
    phone = factory.Sequence(lambda n: f"010-{1000 + n % 9000:04d}-{n % 10000:04d}")
    email = ""
    cooperative = factory.SubFactory(CooperativeFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    channel = Consultation.Channel.PHONE
    started_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    )
    duration_minutes = 10
    client = factory.SubFactory(ClientFactory)
    cooperative = factory.LazyAttribute(lambda o: o.client.cooperative if o.client else None)
    summary = "설립 절차 문의"
    answer = "설립 절차 안내"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(extracted or [category("설립")])


class AdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advisor

    name = factory.Sequence(lambda n: f"자문{n}")
    field = Field.LAW
    board = Advisor.Board.EXPERT
    term_start = dt.date(2021, 3, 1)
    term_end = dt.date(2022, 2, 28)


class ExpertConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertConsultation
        skip_postgeneration_save = True

    field = Field.LAW
    topic = "조합원 제명 분쟁"
    scheduled_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    status = ExpertConsultation.Status.HELD
    outcome = "쟁점 정리"

    @factory.post_generation
    def advisors(self, create, extracted, **kwargs):
        if create:
            self.advisors.set(extracted or [AdvisorFactory()])


class AdvisoryAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisoryAnswer

    advisor = factory.SubFactory(AdvisorFactory, board=Advisor.Board.BASIC)
    answered_on = dt.date(2021, 5, 3)
    field = Field.LAW
    question = "질의"
    answer = "답변"
