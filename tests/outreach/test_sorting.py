"""Issue 16.6: outreach staff lists sort by their columns (?sort=, aria-sort)."""

import datetime as dt
import re

import pytest

from outreach.models import Campaign, ContentItem, ContentKind, Reporter, ReporterCohort

from .factories import ContentFactory

pytestmark = pytest.mark.django_db


def _cells(client, url, pattern):
    body = client.get(url).content.decode()
    return re.findall(pattern, body), body


def test_content_list_sorts_by_its_columns(staff_client):
    ContentItem.objects.all().delete()
    ContentFactory(title="나리플릿", date=dt.date(2021, 3, 1), kind=ContentKind.PRINTED, copies=500)
    ContentFactory(
        title="다리플릿", date=dt.date(2021, 1, 1), kind=ContentKind.PRINTED, copies=9000
    )
    ContentFactory(title="가리플릿", date=dt.date(2021, 2, 1), kind=ContentKind.PRINTED, copies=70)
    pattern = r">([가-다]리플릿)</a>"
    order, body = _cells(staff_client, "/outreach/content/", pattern)
    assert order == ["나리플릿", "가리플릿", "다리플릿"]  # newest first
    assert "콘텐츠 목록 (3건)" in body and "수정</a>" in body
    order, body = _cells(staff_client, "/outreach/content/?sort=copies", pattern)
    assert order == ["가리플릿", "나리플릿", "다리플릿"]
    assert 'aria-sort="ascending"' in body and "?sort=-copies" in body
    assert _cells(staff_client, "/outreach/content/?sort=-copies", pattern)[0] == [
        "다리플릿",
        "나리플릿",
        "가리플릿",
    ]
    assert _cells(staff_client, "/outreach/content/?sort=title", pattern)[0] == [
        "가리플릿",
        "나리플릿",
        "다리플릿",
    ]
    # The filters and the sort go together.
    order, _ = _cells(staff_client, "/outreach/content/?q=나&sort=date", pattern)
    assert order == ["나리플릿"]


def test_campaign_list_sorts_by_its_columns(staff_client):
    Campaign.objects.all().delete()
    for name, month, n in [("나캠페인", 3, 500), ("다캠페인", 1, 9000), ("가캠페인", 2, 70)]:
        Campaign.objects.create(
            name=name, start=dt.date(2021, month, 1), end=dt.date(2021, month, 20), participants=n
        )
    pattern = r">([가-다]캠페인)</a>"
    order, body = _cells(staff_client, "/outreach/campaigns/", pattern)
    assert order == ["나캠페인", "가캠페인", "다캠페인"]  # newest first
    assert "ICA 지원 내역" in body
    order, body = _cells(staff_client, "/outreach/campaigns/?sort=participants", pattern)
    assert order == ["가캠페인", "나캠페인", "다캠페인"]
    assert 'aria-sort="ascending"' in body and "?sort=-participants" in body
    assert "9,000명" in body
    assert _cells(staff_client, "/outreach/campaigns/?sort=name", pattern)[0] == [
        "가캠페인",
        "나캠페인",
        "다캠페인",
    ]


def test_cohort_list_sorts_by_annotated_counts(staff_client):
    ReporterCohort.objects.all().delete()
    for number, members in [(1, 2), (2, 5), (3, 1)]:
        cohort = ReporterCohort.objects.create(
            number=number,
            year=2020 + number,
            term_start=dt.date(2020 + number, 3, 1),
            term_end=dt.date(2020 + number, 11, 30),
        )
        for i in range(members):
            Reporter.objects.create(
                cohort=cohort, name=f"기자{number}{i}", joined_on=dt.date(2020 + number, 3, 1)
            )
    pattern = r">(\d+)기</a>"
    order, body = _cells(staff_client, "/outreach/reporters/?sort=n_members", pattern)
    assert order == ["3", "1", "2"]
    assert 'aria-sort="ascending"' in body and "?sort=-n_members" in body
    assert "5명" in body
    assert _cells(staff_client, "/outreach/reporters/?sort=-n_members", pattern)[0] == [
        "2",
        "1",
        "3",
    ]
