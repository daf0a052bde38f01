"""The committee page's member table is paginated like every staff list
(issue 17.3): 50 rows a page, `?page=last`, the member count from the one
COUNT its paginator runs (no second, uncapped count by django-tables2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import CommitteeFactory, CommitteeMemberFactory

pytestmark = pytest.mark.django_db
ROWS = 53  # more than one page of 50


def _committee_url(members: int) -> str:
    committee = CommitteeFactory()
    CommitteeMemberFactory.create_batch(members, committee=committee)
    return reverse("activities:committee", args=[committee.pk])


def test_the_committee_members_are_paginated(staff_client):
    url = _committee_url(ROWS)
    first = staff_client.get(url)
    page = first.context["table"].page
    assert page.paginator.num_pages == 2 and len(page.object_list) == 50
    body = first.content.decode()
    assert f"{ROWS}명" in body and "1 / 2쪽" in body and "page=2" in body
    last = staff_client.get(url, {"page": "last"}).context["table"].page
    assert last.number == 2 and len(last.object_list) == ROWS - 50
    assert staff_client.get(url, {"page": "9999"}).status_code == 200


def _member_counts(staff_client, url) -> tuple[int, int]:
    staff_client.get(url)  # the session's first request does its own queries
    with CaptureQueriesContext(connection) as captured:
        assert staff_client.get(url).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    counts = [s for s in sql if s.startswith("SELECT COUNT(") and "committeemember" in s]
    return len(counts), len(sql)


def test_the_committee_page_counts_its_members_once_at_any_size(staff_client):
    small_counts, small_queries = _member_counts(staff_client, _committee_url(3))
    large_counts, large_queries = _member_counts(staff_client, _committee_url(ROWS))
    assert small_counts == large_counts == 1
    assert small_queries == large_queries
