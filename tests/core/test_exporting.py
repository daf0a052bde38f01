"""The list exporter base (core.exporting) on the expenditure ledger: the
file holds what the filtered list shows, with the year from the URL,
numbers as numbers, and a bad year starts nothing."""

import io

import pytest
from openpyxl import load_workbook

from center.models import Expenditure
from core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(staff_client, django_capture_on_commit_callbacks):
    def do(query, fmt="xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post("/exports/expenditures/", {"query": query, "fmt": fmt})

    return do


def _sheet(client, job):
    content = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_list_page_offers_the_export_with_its_year_and_filters(staff_client, demo):
    body = staff_client.get("/center/2021/expenditures/?month=3&sort=date").content.decode()
    assert 'action="/exports/expenditures/"' in body
    assert 'value="month=3&amp;year=2021"' in body


def test_export_holds_the_filtered_ledger_in_won(staff_client, demo, export):
    march = Expenditure.objects.filter(budget_line__fiscal_year=demo, date__month=3)
    assert march.exists()
    response = export("month=3&year=2021")
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/" and job.status == "done"
    rows = _sheet(staff_client, job)
    assert rows[0][:3] == ("집행일", "예산 항목", "금액(원)")
    assert len(rows) - 1 == march.count() == job.result["rows"]
    assert sum(r[2] for r in rows[1:]) == sum(e.amount for e in march)
    assert all(isinstance(r[2], int) for r in rows[1:])


def test_export_of_a_year_that_does_not_exist_starts_nothing(staff_client, demo, export):
    response = export("year=1999")
    assert response.status_code == 302 and not Job.objects.exists()
    follow = staff_client.get(response.url)
    assert follow.status_code == 200


def test_export_query_count_does_not_grow_with_rows(
    staff_client, demo, export, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as small:
        export("month=3&year=2021")
    with django_assert_max_num_queries(40) as large:
        export("year=2021")
    assert len(large.captured_queries) <= len(small.captured_queries) + 2
