"""Factories for the shared kernel's records (users and roles, closures);
each app's own are in tests/<app>/factories.py."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from core.models import Closure

PASSWORD = "correct-horse-battery"


def make_user(django_user_model, username, group=None, **extra):
    """A user with the test password, in `group` (a role of core.roles) if given."""
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if group:
        roles.ensure_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password(PASSWORD)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: dt.date(2021, 10, 1) + dt.timedelta(days=n))
    reason = "센터 휴무"
