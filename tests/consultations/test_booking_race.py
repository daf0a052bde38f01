"""The booking race, for real: 30 citizens POST /api/bookings/ for the same
slot at the same moment against the live server on PostgreSQL. Exactly one
gets 201, the others 409, nobody a 5xx, and the database holds one booking.

Each client thread connects from its own loopback address (127.0.0.2 …) so
the per-client rate limit sees 30 different citizens; the server handles
every request in its own thread with its own database connection."""

import datetime as dt
import http.client
import json
import threading
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from consultations.models import Booking, Slot
from core.calendar import is_business_day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 30


def _next_business_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def _connect(base, i):
    """Open the connection beforehand (one at a time, so the test server's
    small listen backlog is no factor); the requests then leave together."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(
        host.hostname, host.port, timeout=30, source_address=(f"127.0.0.{i + 2}", 0)
    )
    conn.connect()
    return conn


def _post(conn, i, payload, barrier, results):
    body = json.dumps({**payload, "name": f"시민{i}", "email": f"c{i}@example.com"})
    try:
        barrier.wait()
        conn.request("POST", "/api/bookings/", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        results[i] = (response.status, json.loads(response.read() or b"{}"))
    except Exception as exc:  # a dropped connection counts as a failure
        results[i] = (599, {"exception": repr(exc)})
    finally:
        conn.close()


def test_thirty_concurrent_bookings_of_one_slot_give_one_201(live_server):
    assert connection.vendor == "postgresql"
    cache.clear()
    day = _next_business_day()
    payload = {
        "date": day.isoformat(),
        "time": "14:00",
        "kind": "visit",
        "phone": "010-1234-5678",
        "topic": "설립",
        "consent": True,
    }
    barrier = threading.Barrier(CLIENTS)
    results: dict[int, tuple] = {}
    connections = [_connect(live_server.url, i) for i in range(CLIENTS)]
    threads = [
        threading.Thread(target=_post, args=(conn, i, payload, barrier, results))
        for i, conn in enumerate(connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    statuses = sorted(status for status, _ in results.values())
    assert len(statuses) == CLIENTS
    odd = [r for r in results.values() if r[0] not in (201, 409)]
    assert not odd, odd
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == CLIENTS - 1, statuses
    winner = next(body for status, body in results.values() if status == 201)
    booking = Booking.objects.get()
    assert winner["reference"] == booking.reference
    assert Slot.objects.filter(date=day).count() == 1
    assert booking.slot.time == dt.time(14)
