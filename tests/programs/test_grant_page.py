"""Issue 16.5: a running grant's page does not announce a refund. What is
paid and not yet used is money at work until a settlement closes the grant;
"반환할 금액" appears only when a settlement says so, with its figure."""

import re

import pytest
from django.utils import timezone

from programs import services

from .factories import GrantFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_running_grant_shows_no_refund(manager_client):
    grant = GrantFactory(amount=12_000_000)
    services.record_disbursement(grant=grant, date=timezone.localdate(), amount=12_000_000)
    text = _text(manager_client.get(f"/programs/staff/grants/{grant.pk}/"))
    assert "지급액 12,000,000" in text
    assert "반환할 금액" not in text and 'id="refund"' not in text


def test_settled_grant_shows_the_settlements_refund(manager_client):
    grant = GrantFactory(amount=2_000_000)
    today = timezone.localdate()
    services.record_disbursement(grant=grant, date=today, amount=2_000_000)
    services.record_spending(
        grant=grant, date=today, item=grant.items.first(), amount=1_750_000, description="x"
    )
    manager_client.post(f"/programs/staff/grants/{grant.pk}/settle/", {"settled_on": today})
    body = manager_client.get(f"/programs/staff/grants/{grant.pk}/").content.decode()
    assert re.search(r'반환할 금액[^<]*</th><td class="num" id="refund">250,000</td>', body)
