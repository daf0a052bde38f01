"""Personal data of sign-ups, walk-ins and outreach contacts is scrubbed after
the retention period; the rows (and so the counts) stay."""

import datetime as dt

import pytest
from django.utils import timezone

from core.privacy import destroy_expired_personal_data
from education import selectors
from education.models import Attendance, Registration

from .factories import PastSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_old_sign_ups_are_scrubbed_but_still_counted():
    session = PastSessionFactory()
    old = RegistrationFactory(
        session=session, created_at=timezone.now() - dt.timedelta(days=4 * 365)
    )
    RegistrationFactory(session=session, created_at=timezone.now() - dt.timedelta(days=4 * 365))
    recent = RegistrationFactory(session=session)
    Attendance.objects.create(session=session, registration=old)
    Attendance.objects.create(
        session=session,
        walk_in_name="현장참석",
        walk_in_phone="010-1234-5678",
        checked_at=timezone.now() - dt.timedelta(days=4 * 365),
    )
    before = selectors.participant_count(["tailored"], session.starts_at.year)
    result = destroy_expired_personal_data()
    assert result["교육 신청자"] == 2 and result["교육 현장 참석자"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.email) == ("(파기)", "", "")
    assert recent.name.startswith("홍길")
    assert Registration.objects.count() == 3
    assert selectors.participant_count(["tailored"], session.starts_at.year) == before
    assert destroy_expired_personal_data()["교육 신청자"] == 0


def test_history_copies_are_scrubbed_too():
    reg = RegistrationFactory(created_at=timezone.now() - dt.timedelta(days=4 * 365))
    reg.organisation = "바뀐 소속"
    reg.save()  # two history rows carry the name
    assert reg.history.filter(name=reg.name).count() == 2
    result = destroy_expired_personal_data()
    assert result["교육 신청자 변경 이력"] == 2
    assert set(reg.history.values_list("name", "phone")) == {("(파기)", "")}
