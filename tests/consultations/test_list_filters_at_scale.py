"""The consultation list's 분야 and 자치구 filters at scale (issue 17.2): the
same rows and the capped count as before, covering indexes that let the
capped COUNT be two index-only scans (migration 0009), and the same number
of queries at two sizes."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Category, Consultation

from .factories import ClientFactory, ConsultationFactory, CooperativeFactory

pytestmark = pytest.mark.django_db


def _made(count, *, category, district, start):
    coop = CooperativeFactory(district=district)
    client = ClientFactory(cooperative=coop)
    return [
        ConsultationFactory(
            client=client,
            cooperative=coop,
            categories=[category],
            started_at=start + dt.timedelta(minutes=i),
        )
        for i in range(count)
    ]


@pytest.fixture
def mixed():
    """Consultations of every combination of two categories and two districts."""
    found = Category.objects.get(name="설립")
    other = Category.objects.get(name="운영")
    start = timezone.now() - dt.timedelta(days=3)
    hits = _made(4, category=found, district="마포구", start=start)
    _made(2, category=other, district="마포구", start=start)
    _made(2, category=found, district="강남구", start=start)
    _made(2, category=other, district="강남구", start=start)
    return found, hits


def test_category_and_district_together_list_exactly_their_rows(staff_client, mixed):
    found, hits = mixed
    response = staff_client.get("/consultations/", {"category": found.pk, "district": "마포구"})
    assert response.context["consultations"] == sorted(
        hits, key=lambda c: (c.started_at, c.pk), reverse=True
    )
    assert "조회 결과 <strong>4건</strong>" in response.content.decode()


@override_settings(LIST_COUNT_CAP=5)
def test_the_filtered_count_stops_at_the_cap(staff_client):
    found = Category.objects.get(name="설립")
    start = timezone.now() - dt.timedelta(days=3)
    _made(7, category=found, district="마포구", start=start)
    _made(3, category=found, district="강남구", start=start)
    params = {"category": found.pk, "district": "마포구"}
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/consultations/", params)
    assert response.context["paginator"].capped
    assert "조회 결과 <strong>5건 이상</strong>" in response.content.decode()
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(") and "consultations_consultation" in q["sql"]
    ]
    assert counts and all(sql.endswith("LIMIT 6) subquery") for sql in counts), counts


@pytest.mark.parametrize("page", ["1", "last"])
def test_the_filtered_list_costs_the_same_queries_at_two_sizes(staff_client, page):
    found = Category.objects.get(name="설립")
    start = timezone.now() - dt.timedelta(days=30)
    params = {"category": found.pk, "district": "마포구", "page": page}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get("/consultations/", params).status_code == 200
        return len(captured.captured_queries)

    _made(3, category=found, district="마포구", start=start)
    staff_client.get("/consultations/", params)  # warm-up (session, 2FA device, menu)
    small = queries()
    _made(120, category=found, district="마포구", start=start + dt.timedelta(days=1))
    assert Consultation.objects.count() > 120
    assert queries() == small


def test_the_filters_have_covering_indexes():
    """Migration 0009: (category_id, consultation_id) on the category links and
    (cooperative_id, id) on the consultations, so the filtered count joins
    two index-only scans instead of reading every consultation."""
    with connection.cursor() as cursor:
        links = connection.introspection.get_constraints(
            cursor, "consultations_consultation_categories"
        )
        records = connection.introspection.get_constraints(cursor, "consultations_consultation")
    assert links["consult_cat_link_idx"]["columns"] == ["category_id", "consultation_id"]
    assert records["consult_coop_id_idx"]["columns"] == ["cooperative_id", "id"]


@pytest.mark.parametrize(
    "params", [{}, {"sort": "started_at"}, {"district": "마포구"}, {"q": "문의"}]
)
def test_a_deep_page_is_found_by_its_keys_with_the_same_rows(staff_client, params):
    """Pages past the first select their rows by the keys of the slice
    (`id IN (SELECT id … LIMIT 50 OFFSET 50)`): the walk to the offset reads
    no joined rows. The rows and their order are those of the plain slice."""
    found = Category.objects.get(name="설립")
    start = timezone.now() - dt.timedelta(days=30)
    _made(70, category=found, district="마포구", start=start)
    _made(40, category=found, district="강남구", start=start + dt.timedelta(days=1))
    first = staff_client.get("/consultations/", params)
    expected = list(first.context["table"].data.data)[50:100]
    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get("/consultations/", {**params, "page": "2"})
    assert second.context["consultations"] == expected and expected
    rows = [q["sql"] for q in queries.captured_queries if "OFFSET 50" in q["sql"]]
    assert len(rows) == 1 and '"consultations_consultation"."id" IN (SELECT' in rows[0], rows
    assert re.search(r"IN \(SELECT .* LIMIT \d+ OFFSET 50\)", rows[0]), rows[0]
    last = staff_client.get("/consultations/", {**params, "page": "last"})
    assert (
        last.context["consultations"]
        == list(first.context["table"].data.data)[(last.context["page_obj"].number - 1) * 50 :]
    )
