import datetime as dt
from importlib import import_module

import factory
from django.apps import apps as django_apps
from django.utils import timezone

from education.models import Course, CourseType, Instructor, Registration, Session

SEED = import_module("education.migrations.0002_seed_course_types")


def type_by_code(code: str) -> CourseType:
    """A seeded type; re-seeded when a transactional test flushed the table."""
    if not CourseType.objects.filter(code=code).exists():
        SEED.seed(django_apps, None)
    return CourseType.objects.get(code=code)


def in_days(days: int) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    type = factory.LazyFunction(lambda: type_by_code("tailored"))
    title = factory.Sequence(lambda n: f"협동조합 맞춤교육 {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    required_sessions = 1


class InstructorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instructor

    name = factory.Sequence(lambda n: f"강사{n}")
    affiliation = "서울지역협동조합협의회"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    starts_at = factory.LazyFunction(lambda: in_days(20))
    # The course's year is the session's (the fiscal-year date rule), also in late December.
    course = factory.SubFactory(
        CourseFactory,
        year=factory.LazyAttribute(lambda o: timezone.localtime(o.factory_parent.starts_at).year),
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    format = Session.OFFLINE
    place = "서울시협동조합지원센터 교육장"
    capacity = 10


class PastSessionFactory(SessionFactory):
    starts_at = factory.LazyFunction(lambda: in_days(-3))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"홍길{n}")
    phone = factory.Sequence(lambda n: f"010-5555-{n:04d}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    status = Registration.REGISTERED
