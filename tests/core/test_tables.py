"""The generic list (core.views.ObjectListView + core.tables), on the
consultations list: sortable columns, masked columns that never sort,
pagination that forgives, the same query count at two sizes."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.consultations.factories import ClientFactory, ConsultationFactory, CooperativeFactory

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int = 10):
    return timezone.make_aware(dt.datetime(2021, 4, day, hour, 0))


@pytest.fixture
def rows():
    a = ConsultationFactory(
        cooperative=CooperativeFactory(name="가나협동조합", district="종로구"),
        client=ClientFactory(name="하민수"),
        started_at=_at(1),
        summary="첫째",
    )
    b = ConsultationFactory(
        cooperative=CooperativeFactory(name="하늘협동조합", district="강남구"),
        client=ClientFactory(name="가영희"),
        started_at=_at(3),
        summary="둘째",
    )
    return a, b


def _summaries(response):
    return [c.summary for c in response.context["consultations"]]


def test_default_order_is_newest_first_and_columns_sort_both_ways(staff_client, rows):
    assert _summaries(staff_client.get("/consultations/")) == ["둘째", "첫째"]
    assert _summaries(staff_client.get("/consultations/", {"sort": "started_at"})) == [
        "첫째",
        "둘째",
    ]
    assert _summaries(staff_client.get("/consultations/", {"sort": "cooperative"})) == [
        "첫째",
        "둘째",
    ]
    assert _summaries(staff_client.get("/consultations/", {"sort": "-cooperative"})) == [
        "둘째",
        "첫째",
    ]


def test_headers_are_korean_links_and_the_sorted_one_says_so(staff_client, rows):
    body = staff_client.get("/consultations/", {"sort": "-started_at"}).content.decode()
    assert 'aria-sort="descending"' in body
    assert "?sort=started_at" in body  # the next click sorts the other way
    assert 'scope="col"' in body and "<caption" in body


def test_masked_columns_never_sort(staff_client, rows):
    body = staff_client.get("/consultations/").content.decode()
    assert "sort=client" not in body and "sort=phone" not in body
    # asking for it anyway keeps the default order: the mask tells nothing
    assert _summaries(staff_client.get("/consultations/", {"sort": "client"})) == ["둘째", "첫째"]
    assert "하민수" not in body and "하*수" in body


@pytest.mark.parametrize("page", ["0", "x", "999", "-3"])
def test_odd_page_numbers_show_a_page_not_an_error(staff_client, rows, page):
    response = staff_client.get("/consultations/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["consultations"]) == 2


def test_sorted_list_query_count_is_the_same_at_two_sizes(
    staff_client, django_assert_max_num_queries
):
    coop = CooperativeFactory()

    def make(n):
        for i in range(n):
            ConsultationFactory(client=ClientFactory(cooperative=coop), started_at=_at(1 + i % 28))

    make(3)
    path = "/consultations/?sort=-handled_by&page=last"
    staff_client.get(path)  # warm-up: the first request also loads the 2FA device
    with django_assert_max_num_queries(12) as small:
        staff_client.get(path)
    make(120)
    with django_assert_max_num_queries(12) as large:
        response = staff_client.get(path)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.context["page_obj"].number == 3


def test_date_columns_show_the_default_for_nothing_and_local_dates():
    """A missing date is the column's default, never today (Django formats
    None as the current date), and an aware datetime is its local day."""
    import django_tables2 as tables

    from core.tables import DateColumn, DateTimeColumn, PortalTable

    class Dates(PortalTable):
        day = DateColumn("일자", default="-")
        at = DateTimeColumn("일시", default="-")

    late = dt.datetime(2021, 4, 1, 20, 0, tzinfo=dt.UTC)  # 2021-04-02 05:00 in Seoul
    table = Dates([{"day": None, "at": None}, {"day": late, "at": late}])
    empty, full = table.rows
    assert empty.get_cell("day") == "-" and empty.get_cell("at") == "-"
    assert full.get_cell("day") == "2021. 4. 2." and full.get_cell("at") == "2021. 4. 2. 05:00"
    assert isinstance(table.columns["day"].column, tables.Column)
