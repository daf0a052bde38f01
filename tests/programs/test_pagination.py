"""Every programs list is paginated (50 rows a page), and the call's full
applications (through the list exporter) and ranking remain available as XLSX
downloads."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.models import Job
from programs.models import (
    AdvisoryMember,
    CoachingAssignment,
    CoachingSession,
    Expert,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    SmallEvent,
)
from programs.views.common import PAGE_SIZE

from .factories import ApplicationFactory, CallFactory, FiscalYearFactory, GrantFactory

ROWS = PAGE_SIZE + 1

LIST_PAGES = {
    "/programs/": "open calls",
    "/programs/staff/{year}/": "calls of the year",
    "/programs/staff/{year}/grants/": "grants",
    "/programs/staff/{year}/coaching/": "coaching assignments",
    "/programs/staff/{year}/outcomes/": "supported teams",
    "/programs/staff/{year}/small-events/": "small events",
    "/programs/staff/{year}/policy/": "policy issues",
    "/programs/staff/calls/{call}/": "applications",
    "/programs/staff/calls/{call}/ranking/": "ranking",
    "/programs/review/": "review inbox",
}


@pytest.fixture
def many(db):
    """More than a page of rows behind every list."""
    fy = FiscalYearFactory()
    call = CallFactory(fiscal_year=fy, title="큰 공고")
    expert = Expert.objects.create(name="코치", field="창업")
    for i in range(ROWS):
        CallFactory(fiscal_year=fy, criteria=[("사업 계획", 100)], documents=[])
        grant = GrantFactory(application__call=call, application__organisation=f"선정팀 {i:03}")
        ApplicationFactory(call=call, organisation=f"심사팀 {i:03}")
        Outcome.objects.create(application=grant.application, jobs_created=1)
        assignment = CoachingAssignment.objects.create(
            expert=expert, application=grant.application, started_on=dt.date(fy.year, 1, 1)
        )
        CoachingSession.objects.create(assignment=assignment, date=dt.date(fy.year, 2, 1))
        SmallEvent.objects.create(fiscal_year=fy, cooperative=f"조합 {i:03}", title="행사")
        PolicyIssue.objects.create(fiscal_year=fy, number=i + 1, title=f"과제 {i:03}")
    member = AdvisoryMember.objects.create(fiscal_year=fy, name="위원")
    PolicyMeeting.objects.create(
        fiscal_year=fy, kind="advisory", title="회의", date=dt.date(fy.year, 4, 1), agenda="a"
    ).attendees.add(member)
    return fy, call


def test_every_programs_list_is_paginated(staff_client, many):
    fy, call = many
    for template, what in LIST_PAGES.items():
        url = template.format(year=fy.year, call=call.pk)
        first = staff_client.get(url).content.decode()
        assert 'aria-label="페이지 이동"' in first, what
        assert "1 / " in first and "page=2" in first, what
        second = staff_client.get(url, {"page": "2"}).content.decode()
        assert "2 / " in second, what
        # A page number past the end is the last page, never an error.
        assert staff_client.get(url, {"page": "9999"}).status_code == 200, what


def test_a_page_holds_at_most_the_page_size(staff_client, many):
    fy, call = many
    body = staff_client.get(f"/programs/staff/calls/{call.pk}/").content.decode()
    assert body.count("/programs/staff/applications/") == PAGE_SIZE
    assert "모두 <strong>102건" in body
    body = staff_client.get(f"/programs/staff/{fy.year}/policy/", {"page": "2"}).content.decode()
    assert "과제 050" in body and "과제 000" not in body


def test_the_ranking_keeps_counting_across_pages(staff_client, many):
    _fy, call = many
    body = staff_client.get(f"/programs/staff/calls/{call.pk}/ranking/", {"page": "2"})
    assert body.status_code == 200
    assert "2 / 3쪽" in body.content.decode()


def _rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_call_applications_download_has_every_row_masked(
    staff_client, many, django_capture_on_commit_callbacks
):
    """The call's applications leave as the list exporter's file (a job, not
    a download inside the request), every row, masked."""
    _fy, call = many
    with django_capture_on_commit_callbacks(execute=True):
        started = staff_client.post(
            "/exports/applications/", {"query": f"pk={call.pk}", "fmt": "xlsx"}
        )
    job = Job.objects.order_by("-pk").first()
    assert started.status_code == 302 and job.status == "done", job.result
    download = staff_client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    content = b"".join(download.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("번호", "접수 일시", "조합(팀)명")
    assert len(rows) == 1 + 2 * ROWS
    names = {row[2] for row in rows[1:]}
    assert {"선정팀 050", "심사팀 050"} <= names
    assert {row[5] for row in rows[1:]} == {"홍*동"}
    assert all(row[6].endswith("****") for row in rows[1:])
    assert all(row[8] == 2_000_000 for row in rows[1:])


def test_the_ranking_download_has_every_row(staff_client, many):
    _fy, call = many
    rows = _rows(staff_client.get(f"/programs/staff/calls/{call.pk}/ranking.xlsx"))
    assert rows[0][0] == "순위"
    assert len(rows) == 1 + 2 * ROWS
    granted = [row for row in rows[1:] if row[7] is not None]
    assert len(granted) == ROWS and {row[7] for row in granted} == {2_000_000}


def test_downloads_are_for_staff_only(client, many):
    _fy, call = many
    response = client.get(f"/programs/staff/calls/{call.pk}/ranking.xlsx")
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("application/vnd")
    started = client.post("/exports/applications/", {"query": f"pk={call.pk}", "fmt": "xlsx"})
    assert started.status_code in (302, 403) and not Job.objects.exists()


def test_staff_lists_sort_by_their_columns(staff_client, db):
    fy = FiscalYearFactory()
    call = CallFactory(fiscal_year=fy)
    for name, amount in (("가팀", 1_500_000), ("나팀", 2_500_000), ("다팀", 500_000)):
        ApplicationFactory(call=call, organisation=name, requested_amount=amount)
        GrantFactory(
            application__call=call,
            application__organisation=f"{name} 선정",
            application__requested_amount=amount,
            amount=amount,
        )
    body = staff_client.get(
        f"/programs/staff/calls/{call.pk}/", {"sort": "-requested_amount"}
    ).content.decode()
    assert body.index("나팀") < body.index("가팀") < body.index("다팀")
    assert 'aria-sort="descending"' in body
    # Masked columns never sort (the order would tell what the mask hides).
    assert "sort=representative" not in body and "sort=phone" not in body
    body = staff_client.get(f"/programs/staff/{fy.year}/grants/", {"sort": "amount"}).content
    body = body.decode()
    assert body.index("다팀 선정") < body.index("가팀 선정") < body.index("나팀 선정")
