import datetime as dt

import factory
from django.utils import timezone

from outreach.models import (
    Channel,
    ContentItem,
    ContentKind,
    MonthlyFigure,
    NewsletterIssue,
    Subscriber,
    Survey,
    SurveyQuestion,
    SurveyRecipient,
)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"channel{n}")
    name = factory.Sequence(lambda n: f"채널{n}")
    metrics = factory.LazyFunction(lambda: ["visits", "views"])


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyFigure

    channel = factory.SubFactory(ChannelFactory)
    metric = "visits"
    year = 2021
    month = 1
    value = 100


class ContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    kind = ContentKind.CARD_NEWS
    title = factory.Sequence(lambda n: f"카드뉴스 {n}호")
    date = dt.date(2021, 3, 2)
    url = "https://blog.example.org/x"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Subscriber.Status.CONFIRMED
    consent_version = "2026-11"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    title = "2021년 11월호"
    body = "이달의 협동조합 소식입니다."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = "2021년 서비스만족도조사"
    year = 2021
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"문항 {n}")


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRecipient

    survey = factory.SubFactory(SurveyFactory)
    email = factory.Sequence(lambda n: f"user{n}@example.org")
