"""Education's .ics through the shared builder, read with vobject: Seoul
time with its VTIMEZONE, and a METHOD:CANCEL when a sign-up is cancelled."""

import datetime as dt

import pytest
import vobject
from django.core import mail

from education import services
from education.ics import session_ics

from .factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_session_ics_has_vtimezone_and_seoul_times():
    session = SessionFactory(topic="세무교육")
    cal = vobject.readOne(session_ics(session).decode())
    assert cal.method.value == "PUBLISH"
    assert cal.vtimezone.tzid.value == "Asia/Seoul"
    start = cal.vevent.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert start == session.starts_at
    assert str(session.public_id) in cal.vevent.uid.value


def test_cancelled_sign_up_mail_carries_method_cancel(django_capture_on_commit_callbacks):
    reg = RegistrationFactory()
    published = vobject.readOne(session_ics(reg.session).decode())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration_id=reg.pk, by_staff=True)
    name, content, mimetype = mail.outbox[-1].attachments[0]
    assert name == "education.ics" and mimetype == "text/calendar"
    cancelled = vobject.readOne(content.decode() if isinstance(content, bytes) else content)
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.uid.value == published.vevent.uid.value
    assert int(cancelled.vevent.sequence.value) > int(published.vevent.sequence.value)
    assert cancelled.vevent.status.value == "CANCELLED"
