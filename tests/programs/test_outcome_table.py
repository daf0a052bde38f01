"""Issue 16.1: the year's outcomes are one sortable table (a 사업 column),
not one table per program."""

import re

import pytest

from programs.models import Application, Outcome

from .factories import ApplicationFactory, CallFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_outcomes_are_one_table_sortable_by_jobs(staff_client):
    other = ProgramFactory(code="scaleup", name="스케일업")
    calls = [CallFactory(), CallFactory(program=other)]
    for call, name, jobs in [(calls[0], "가팀", 5), (calls[1], "나팀", 1), (calls[0], "다팀", 3)]:
        app = ApplicationFactory(call=call, organisation=name, status=Application.SELECTED)
        Outcome.objects.create(application=app, jobs_created=jobs)
    year = calls[0].fiscal_year.year
    url = f"/programs/staff/{year}/outcomes/"
    body = staff_client.get(url).content.decode()
    assert body.count("<table") == 2  # the outcomes and the demo days
    assert "스케일업" in body and "초기성장지원" in body
    body = staff_client.get(f"{url}?sort=jobs_created").content.decode()
    assert re.findall(r">([가-다]팀)<", body) == ["나팀", "다팀", "가팀"]
    assert 'aria-sort="ascending"' in body and "?sort=-jobs_created" in body


def test_without_a_sort_only_the_first_key_of_the_default_order_is_marked(staff_client):
    """The default order is 사업, then 조합(팀): one header says it is the sort
    (WAI-ARIA: aria-sort on one header at a time), not both with ▲."""
    call = CallFactory()
    for name in ("가팀", "나팀"):
        ApplicationFactory(call=call, organisation=name, status=Application.SELECTED)
    body = staff_client.get(f"/programs/staff/{call.fiscal_year.year}/outcomes/").content.decode()
    outcomes = body.split("<table", 2)[1]
    assert outcomes.count("aria-sort=") == 1
    assert outcomes.count("▲") == 1
    header = re.search(r'<th[^>]*aria-sort="ascending"[^>]*>(.*?)</th>', outcomes, re.S).group(1)
    assert "사업" in header and "조합" not in header
