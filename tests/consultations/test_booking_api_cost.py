"""What one POST /api/bookings/ costs in SQL, at two data sizes: the same
statements whether the table holds a handful of bookings or hundreds (past
and future, of other people and of other addresses). The request the
benchmark sends (bench/booking_wrk.py): someone new asks for a slot that is
taken, so every check runs and it ends in the 409."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations import services
from consultations.models import Booking, Category, Slot

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)  # a Friday
TAKEN = {"date": "2021-10-05", "time": "10:30", "kind": "visit"}


@pytest.fixture(autouse=True)
def _setup(frozen):
    cache.clear()
    frozen(NOW)


def _grow(count: int) -> None:
    """`count` bookings of other people and addresses, half past, half future."""
    topic = Category.objects.get(name="설립")
    for i in range(count):
        first = dt.date(2021, 9, 1) if i % 2 else dt.date(2021, 10, 6)
        slot = Slot.objects.create(
            date=first + dt.timedelta(days=i // 100),
            time=(dt.datetime(2021, 1, 1, 9) + dt.timedelta(minutes=i % 100)).time(),
            kind="visit",
        )
        Booking.objects.create(
            slot=slot,
            name=f"시민{i}",
            phone=f"010-7{i:03d}-0000",
            email=f"x{i}@example.com",
            address_digest=services.address_digest(f"10.1.{i // 200}.{i % 200}"),
            topic=topic,
            consent_version="t",
            consent_at=timezone.now(),
            created_at=timezone.now(),
        )


def _taken_post(client, n: int):
    body = {
        **TAKEN,
        "name": "벤치",
        "phone": f"010-4{n:03d}-1234",
        "email": f"new{n}@example.com",
        "topic": "설립",
        "consent": True,
    }
    return client.post(
        "/api/bookings/",
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR=f"127.0.0.{n + 2}",
    )


def _statements(client, n: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = _taken_post(client, n)
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "slot_taken"
    return [q["sql"] for q in captured.captured_queries]


def test_a_taken_slot_post_costs_the_same_statements_at_two_sizes(client):
    first = client.post(
        "/api/bookings/",
        json.dumps(
            {
                **TAKEN,
                "name": "홍길동",
                "phone": "010-1111-2222",
                "email": "hong@example.com",
                "topic": "설립",
                "consent": True,
            }
        ),
        content_type="application/json",
    )
    assert first.status_code == 201
    _taken_post(client, 0)  # warm: the slot cache, the rate-limit key

    few = _statements(client, 1)
    _grow(300)
    many = _statements(client, 2)

    assert len(many) == len(few)
    # The checks, once each: the topic, the advisory locks (PostgreSQL), the
    # limits in one statement, the slot row locked with whether it holds a
    # booking (so no insert is tried for a slot known taken); plus the
    # transaction's savepoint and its rollback (the test runs inside one).
    work = [s for s in few if "SAVEPOINT" not in s.upper()]
    expected = 4 if connection.vendor == "postgresql" else 3
    assert len(work) == expected, work
    assert len(few) - len(work) <= 3
    assert sum("consultations_category" in s for s in work) == 1
    assert not any(s.lstrip().upper().startswith("INSERT") for s in work)
    assert Booking.objects.filter(slot__date=dt.date(2021, 10, 5)).count() == 1
