"""Issue 16.1: the fiscal years and the year's indicators are sortable
tables (?sort=, aria-sort) like the other staff lists."""

import re

import pytest

from center.models import FiscalYear, Indicator, ProgramArea, ProgramUnit

pytestmark = pytest.mark.django_db


def _order(client, url, pattern):
    body = client.get(url).content.decode()
    return re.findall(pattern, body), body


def test_year_list_sorts_by_year(manager_client):
    for year in (2019, 2023):
        FiscalYear.objects.get_or_create(year=year)
    pattern = r">(20\d\d)년<"
    order, body = _order(manager_client, "/center/years/", pattern)
    assert order == sorted(order, reverse=True) and {"2019", "2023"} <= set(order)
    assert "/center/2023/budget/" in body and "수정</a>" in body
    order, body = _order(manager_client, "/center/years/?sort=year", pattern)
    assert order == sorted(order)
    assert 'aria-sort="ascending"' in body and "?sort=-year" in body


def test_indicator_list_sorts_by_its_columns(staff_client):
    fy, _ = FiscalYear.objects.get_or_create(year=2031)
    area = ProgramArea.objects.create(fiscal_year=fy, name="분야", order=1)
    unit = ProgramUnit.objects.create(area=area, name="사업", order=1)
    for order, (name, target) in enumerate([("나지표", 30), ("다지표", 5), ("가지표", 100)]):
        Indicator.objects.create(unit=unit, name=name, target=target, measure="건", order=order)
    pattern = r">([가-다]지표)<"
    order, body = _order(staff_client, "/center/2031/indicators/", pattern)
    assert order == ["나지표", "다지표", "가지표"]  # report order
    order, body = _order(staff_client, "/center/2031/indicators/?sort=target", pattern)
    assert order == ["다지표", "나지표", "가지표"]
    assert 'aria-sort="ascending"' in body and "?sort=-target" in body
    assert _order(staff_client, "/center/2031/indicators/?sort=-name", pattern)[0] == [
        "다지표",
        "나지표",
        "가지표",
    ]
