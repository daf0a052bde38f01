"""Retention: clients' personal data is destroyed after the period, counts stay."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Client, Consultation
from core import registry as indicators
from core.privacy import destroy_expired_personal_data

from .factories import ClientFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def _at(year, month=6):
    return timezone.make_aware(dt.datetime(year, month, 1, 10, 0))


def test_old_clients_are_scrubbed_and_counts_survive(settings, staff_client):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3
    old = ClientFactory(name="오래된", phone="010-1111-1111", email="old@example.org")
    ConsultationFactory(client=old, started_at=_at(2021))
    ConsultationFactory(client=old, started_at=_at(2022))
    returning = ClientFactory(name="다시옴", phone="010-2222-2222")
    ConsultationFactory(client=returning, started_at=_at(2021))
    ConsultationFactory(client=returning, started_at=_at(2025))
    never = ClientFactory(name="상담없음")  # registered now, no consultation yet
    before = indicators.compute("consultations.phone", 2021)

    result = destroy_expired_personal_data(now=_at(2026, 1))
    assert result["상담 신청인"] == 1

    old.refresh_from_db()
    assert (old.name, old.phone, old.email) == ("", "", "")
    assert old.scrubbed_at is not None
    returning.refresh_from_db()
    assert returning.name == "다시옴" and returning.phone == "010-2222-2222"
    never.refresh_from_db()
    assert never.name == "상담없음"
    assert Consultation.objects.filter(client=old).count() == 2
    assert indicators.compute("consultations.phone", 2021) == before == 2
    assert Client.objects.count() == 3

    # a second run finds nothing left to destroy
    assert destroy_expired_personal_data(now=_at(2026, 1))["상담 신청인"] == 0
    body = staff_client.get("/consultations/").content.decode()
    assert "(파기됨)" in body and "오래된" not in body
    # scrubbed people are not offered as returning clients
    search = staff_client.get("/consultations/clients/search/", {"q": "0101111"}).content.decode()
    assert "data-client-id" not in search


def test_retention_period_is_the_setting(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    client = ClientFactory(name="오년전")
    ConsultationFactory(client=client, started_at=_at(2022))
    assert destroy_expired_personal_data(now=_at(2026, 1))["상담 신청인"] == 0
    assert destroy_expired_personal_data(now=_at(2027, 7))["상담 신청인"] == 1
