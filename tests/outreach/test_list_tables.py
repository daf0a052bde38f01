"""Issue 16.1: outreach's channel and survey lists are sortable tables
(?sort=, aria-sort) like the other staff lists."""

import datetime as dt
import re

import pytest

from outreach.models import Channel, Survey

pytestmark = pytest.mark.django_db


def _order(client, url, pattern):
    body = client.get(url).content.decode()
    return re.findall(pattern, body), body


def test_channel_list_sorts_by_its_columns(manager_client):
    Channel.objects.all().delete()
    for order, name in [(2, "나채널"), (1, "다채널"), (3, "가채널")]:
        Channel.objects.create(order=order, name=name, slug=f"ch{order}", metrics=["visits"])
    pattern = r">([가-다]채널)<"
    order, body = _order(manager_client, "/outreach/channels/", pattern)
    assert order == ["다채널", "나채널", "가채널"]  # the channels' order
    assert "수정</a>" in body
    order, body = _order(manager_client, "/outreach/channels/?sort=name", pattern)
    assert order == ["가채널", "나채널", "다채널"]
    assert 'aria-sort="ascending"' in body and "?sort=-name" in body


def test_survey_list_sorts_by_its_counts(staff_client):
    Survey.objects.all().delete()
    for title, month in [("나조사", 3), ("다조사", 1), ("가조사", 2)]:
        Survey.objects.create(
            title=title,
            year=2021,
            opens_on=dt.date(2021, month, 1),
            closes_on=dt.date(2021, month, 20),
        )
    pattern = r">([가-다]조사)</a>"
    order, body = _order(staff_client, "/outreach/surveys/", pattern)
    assert order == ["나조사", "가조사", "다조사"]  # newest first
    assert "2021. 3. 1. ~ 2021. 3. 20." in body
    order, body = _order(staff_client, "/outreach/surveys/?sort=title", pattern)
    assert order == ["가조사", "나조사", "다조사"]
    assert 'aria-sort="ascending"' in body and "?sort=-title" in body


def test_content_filter_is_the_shared_styled_filter(staff_client):
    """Issue 16.2: the content list's filter is object_list.html's (styled
    fields, 조회 and 초기화, the sort kept), not bare browser selects."""
    body = staff_client.get("/outreach/content/?sort=title").content.decode()
    form = body.split('aria-label="콘텐츠 검색"')[1].split("</form>")[0]
    selects = re.findall(r"<select[^>]*>", form)
    assert len(selects) == 3 and all('class="form-select' in s for s in selects)  # 유형, 월, 채널
    inputs = re.findall(r'<input type="(?:text|number)"[^>]*>', form)  # 연도, 제목
    assert len(inputs) == 2 and all('class="form-control' in i for i in inputs)
    assert '<input type="hidden" name="sort" value="title">' in form
    assert "초기화</a>" in form
    assert "유형별·월별 제작 현황" in body  # the counts below the table stay
