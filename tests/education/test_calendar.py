"""Issue 16.6: the staff calendar's entries name the course type, so a
찾아가는 입문교육 and a 설립교육 on the same day tell apart (the titles share
their first words and were cut to "14:00 찾아가는 협동…")."""

import datetime as dt

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from .factories import SessionFactory, type_by_code

pytestmark = pytest.mark.django_db


def test_calendar_entries_show_the_course_type(staff_client):
    day = (timezone.localtime() + dt.timedelta(days=20)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    for code in ("intro", "founding"):
        kind = type_by_code(code)
        SessionFactory(starts_at=day, course__title=kind.name, course__type=kind)
    response = staff_client.get(f"/education/staff/calendar/{day.year}/{day.month}/")
    doc = lxml_html.fromstring(response.content)
    entries = [
        " ".join(a.text_content().split())
        for a in doc.xpath("//table[contains(@class, 'education-calendar')]//a")
    ]
    assert len(entries) == 2, entries
    assert any("14:00" in e and "입문" in e for e in entries), entries
    assert any("14:00" in e and "설립" in e for e in entries), entries
    # The type is its own element, styled to wrap rather than be cut off.
    types = doc.xpath("//a//*[contains(@class, 'calendar-type')]/text()")
    assert sorted(types) == sorted(type_by_code(c).name for c in ("intro", "founding"))
