"""Crafted path arguments, tried on every URL pattern of the project.

Each named pattern (tests/urlwalk.py) is reversed with harmless sample
arguments; then, one argument at a time, the sample is replaced in the path
by a crafted value — a NUL byte, non-ASCII digits, twenty digits, an encoded
`../`, invalid UTF-8 — and the page is asked for (GET and POST) by a
superuser, who passes every role check and so reaches the view. The
property: never a 5xx. NUL bytes only fail on PostgreSQL (SQLite stores
them), hence the `postgres` variant.

A crafted path that no pattern matches is a 404 from the resolver before
any view runs; those are only requested for public patterns (the cheap
check `resolve()` stands in for the rest, so the walk stays fast).
"""

import uuid
from urllib.parse import unquote_to_bytes

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils.encoding import repercent_broken_unicode

from core.converters import YearConverter
from tests.urlwalk import iter_patterns, required_role

CRAFTED = ["%00", "a%00b", "%C2%B2", "%D9%A1%D9%A2", "99999999999999999999", "..%2f", "%ff", "0"]


def _placeholder(converter, index: int) -> object:
    """A value the converter accepts, unique enough to find in the path."""
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=0x5EED0000 + index)
    if isinstance(converter, YearConverter):
        return 2000 + index
    if isinstance(converter, IntConverter):
        return 987650 + index
    return f"zqx{index}zqx"


def crafted_paths():
    """(name, method-free path) for every pattern and crafted argument."""
    seen = set()
    for name, callback, converters in iter_patterns():
        if name.startswith("admin:") or name in seen or not converters:
            continue
        seen.add(name)
        samples = {key: _placeholder(conv, i) for i, (key, conv) in enumerate(converters.items())}
        path = reverse(name, kwargs=samples)
        for key, sample in samples.items():
            marker = str(sample)
            assert path.count(marker) == 1, (name, path, marker)
            for value in CRAFTED:
                yield name, key, path.replace(marker, value), required_role(callback)


def _reaches_a_view(path: str) -> bool:
    """Whether the resolver matches the path as a WSGI request decodes it."""
    path_info = repercent_broken_unicode(unquote_to_bytes(path)).decode()
    try:
        resolve(path_info)
    except Resolver404:
        return False
    return True


def _superuser_client(django_user_model) -> Client:
    root = django_user_model.objects.create_superuser("root", password="very-long-password-1")
    client = Client(raise_request_exception=False)
    client.force_login(root)
    return client


def _assert_no_server_error(django_user_model):
    client = _superuser_client(django_user_model)
    failures, requested = [], 0
    for name, key, path, role in crafted_paths():
        if role != "public" and not _reaches_a_view(path):
            continue
        for method in (client.get, client.post):
            requested += 1
            response = method(path)
            if response.status_code >= 500:
                failures.append(f"{method.__name__.upper()} {path} ({name}, {key})")
    assert requested > 100  # the walk found patterns with arguments
    assert failures == [], "\n".join(failures)


def test_every_pattern_refuses_crafted_arguments_without_a_server_error(db, django_user_model):
    _assert_no_server_error(django_user_model)


@pytest.mark.postgres
def test_every_pattern_refuses_crafted_arguments_on_postgres(db, django_user_model):
    _assert_no_server_error(django_user_model)


@pytest.mark.parametrize(
    "path",
    [
        "/booking/%00/",
        "/ask/%00/",
        "/newsletter/confirm/%00/",
        "/newsletter/unsubscribe/%00/",
        "/survey/%00/",
    ],
)
def test_token_with_a_nul_byte_is_not_found(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_stats_of_an_impossible_year_is_not_found(staff_client):
    response = staff_client.get("/education/staff/stats/99999999999/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_a_pk_too_large_for_the_column_is_not_found(staff_client):
    path = "/education/staff/sessions/99999999999999999999/registrations/1/cancel/"
    assert staff_client.post(path).status_code == 404
