"""Concurrent entries on PostgreSQL: the same new caller and cooperative
entered at the same moment by several staff give one client and one
cooperative, and every consultation is saved."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import Category, Client, Consultation, Cooperative
from consultations.services import (
    ClientData,
    ConsultationData,
    CooperativeData,
    record_consultation,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 12


def _race(cooperative_name: str) -> list:
    assert connection.vendor == "postgresql"
    category, _ = Category.objects.get_or_create(name="설립")
    barrier = threading.Barrier(WORKERS)
    errors = []

    def enter(i):
        from django.db import connections

        try:
            barrier.wait()
            record_consultation(
                data=ConsultationData(
                    channel="phone",
                    started_at=timezone.now(),
                    duration_minutes=10,
                    summary=f"동시 문의 {i}",
                    categories=[category],
                ),
                client=ClientData(name="동시민", phone="010-7777-8888"),
                cooperative=CooperativeData(name=cooperative_name, district="중구"),
            )
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enter, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_entries_share_one_new_cooperative():
    assert _race("동시상생협동조합") == []
    assert Consultation.objects.count() == WORKERS
    assert Cooperative.objects.filter(name="동시상생협동조합").count() == 1
    assert Client.objects.filter(phone="010-7777-8888").count() == 1


def test_concurrent_entries_of_one_new_caller_make_one_client():
    assert _race("") == []
    assert Consultation.objects.count() == WORKERS
    assert not Cooperative.objects.exists()
    assert Client.objects.filter(phone="010-7777-8888").count() == 1
    assert set(Consultation.objects.values_list("client__name", flat=True)) == {"동시민"}
