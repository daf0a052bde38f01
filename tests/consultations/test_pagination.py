"""Every staff list of consultations is paginated: with more than a page of
rows, the first page holds 50 and the rest are one click away (issue 17.3).
The full rows stay available as the XLSX download where staff need them."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Booking, Category

from .factories import (
    AdvisorFactory,
    AdvisoryAnswerFactory,
    ClientFactory,
    ConsultationFactory,
    CooperativeFactory,
    ExpertConsultationFactory,
)

pytestmark = pytest.mark.django_db
ROWS = 53  # more than one page of 50


def _consultations(**kwargs):
    start = timezone.now() - dt.timedelta(days=5)
    return [
        ConsultationFactory(started_at=start + dt.timedelta(minutes=i), **kwargs)
        for i in range(ROWS)
    ]


def _client_history():
    client = ClientFactory()
    _consultations(client=client, cooperative=client.cooperative)
    return f"/consultations/clients/{client.pk}/"


def _cooperative_history():
    client = ClientFactory()
    _consultations(client=client, cooperative=client.cooperative)
    return f"/consultations/cooperatives/{client.cooperative_id}/"


def _cooperatives():
    for i in range(ROWS):
        CooperativeFactory(name=f"쪽나눔{i:02d}협동조합")
    return "/consultations/cooperatives/"


def _list():
    _consultations()
    return "/consultations/"


def _experts():
    advisor = AdvisorFactory()
    for _ in range(ROWS):
        ExpertConsultationFactory(advisors=[advisor])
    return "/consultations/experts/"


def _advisors():
    AdvisorFactory.create_batch(ROWS)
    return "/consultations/advisors/"


def _answers():
    advisor = AdvisorFactory()
    AdvisoryAnswerFactory.create_batch(ROWS, advisor=advisor)
    return "/consultations/advisory-answers/"


def _categories():
    have = Category.objects.count()
    Category.objects.bulk_create(
        [Category(name=f"쪽 분야 {i}", order=100 + i) for i in range(ROWS - have)]
    )
    return "/consultations/categories/"


def _queue():
    """Booking requests waiting for confirmation, spread over business days."""
    from consultations.models import Slot

    topic = Category.objects.first()
    day = timezone.localdate() + dt.timedelta(days=1)
    made = 0
    while made < ROWS:
        for time in (dt.time(10, 30), dt.time(14, 0)):
            slot = Slot.objects.create(date=day, time=time, kind="visit")
            Booking.objects.create(
                slot=slot,
                name="홍길동",
                phone="010-1234-5678",
                email="hong@example.com",
                topic=topic,
                consent_version="t",
                consent_at=timezone.now(),
            )
            made += 1
        day += dt.timedelta(days=1)
    return "/consultations/bookings/queue/"


LISTS = {
    "consultations": _list,
    "client history": _client_history,
    "cooperative history": _cooperative_history,
    "cooperatives": _cooperatives,
    "expert consultations": _experts,
    "advisors": _advisors,
    "advisory answers": _answers,
    "categories": _categories,
    "booking queue": _queue,
}


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_paginated(manager_client, name):
    url = LISTS[name]()
    first = manager_client.get(url)
    assert first.status_code == 200
    page = first.context["page_obj"]
    assert page.paginator.num_pages >= 2 and len(page.object_list) == 50
    body = first.content.decode()
    assert "1 / " in body and "page=2" in body
    last = manager_client.get(url, {"page": "last"}).context["page_obj"]
    assert last.number == page.paginator.num_pages and 0 < len(last.object_list) <= 50
    assert not set(last.object_list) & set(page.object_list)


@pytest.mark.parametrize("url", ["/consultations/", "/consultations/?q=설립 문의"])
def test_a_table_list_counts_its_rows_only_up_to_the_cap(manager_client, url, settings):
    """Every COUNT on a list page is the capped one (`LIMIT cap + 1`): an
    uncapped count of a million rows (or of a search's matches) costs what
    the whole list is allowed to (issue 17.2)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LIST_COUNT_CAP = 20
    _consultations(summary="설립 문의")
    with CaptureQueriesContext(connection) as queries:
        response = manager_client.get(url)
    assert response.context["paginator"].capped
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(") and "consultations_consultation" in q["sql"]
    ]
    assert counts and all(sql.endswith("LIMIT 21) subquery") for sql in counts), counts


def test_cooperative_pages_look_up_by_index_instead_of_scanning(manager_client):
    """The cooperatives list counts each row's consultations in a subquery
    (no join and GROUP BY over every consultation), and a cooperative's
    history is a union of its own and its people's consultations (no OR
    across the client join, which no index serves); issue 17.2."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = ClientFactory()
    ConsultationFactory(client=client, cooperative=client.cooperative)
    ConsultationFactory(client=ClientFactory(cooperative=client.cooperative), cooperative=None)
    with CaptureQueriesContext(connection) as queries:
        page = manager_client.get("/consultations/cooperatives/")
    row = next(c for c in page.context["cooperatives"] if c.pk == client.cooperative_id)
    assert row.consultation_count == 1 and row.last
    listed = [q["sql"] for q in queries.captured_queries if "consultations_cooperative" in q["sql"]]
    assert listed and not [sql for sql in listed if "GROUP BY" in sql and "JOIN" in sql], listed
    with CaptureQueriesContext(connection) as queries:
        history = manager_client.get(f"/consultations/cooperatives/{client.cooperative_id}/")
    assert len(history.context["consultations"]) == 2
    rows = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "consultations_consultation"."id"')
    ]
    assert rows and all(" OR " not in sql and "UNION" in sql for sql in rows), rows
