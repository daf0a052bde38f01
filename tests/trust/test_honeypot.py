"""The honeypot field of every public form: a bot that fills it is refused
at once, without holding a web worker (no sleep, no delay)."""

from unittest import mock

import pytest

from core.public_forms import HONEYPOT_FIELD
from education.models import Registration
from tests.education.factories import SessionFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "김시민",
    "phone": "010-1234-5678",
    "email": "citizen@example.com",
    "organisation": "마을협동조합",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_filled_honeypot_is_refused_at_once_without_sleeping(client):
    session = SessionFactory()
    # Not timed (the machine's speed must not decide the test): the request
    # must simply never sleep.
    with mock.patch("time.sleep") as sleep:
        response = client.post(session.public_url(), {**VALID, HONEYPOT_FIELD: "http://spam"})
    assert sleep.call_count == 0
    assert response.status_code == 400
    assert "신청을 처리할 수 없습니다" in response.content.decode()
    assert not Registration.objects.exists()


def test_empty_honeypot_lets_a_person_through(client):
    session = SessionFactory()
    response = client.post(session.public_url(), {**VALID, HONEYPOT_FIELD: ""})
    assert response.status_code == 302
    assert Registration.objects.filter(name="김시민").count() == 1
