"""Sign-up, waitlist, cancellation and promotion (services and public pages)."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from education import services
from education.models import Registration

from .factories import CourseFactory, PastSessionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def sign_up(session, n, **extra):
    return services.register(
        session_id=session.pk,
        name=f"신청자{n}",
        phone=f"010-7000-{n:04d}",
        email=f"p{n}@example.com",
        **extra,
    )


def test_sign_ups_beyond_capacity_are_waitlisted_in_order():
    session = SessionFactory(capacity=2)
    regs = [sign_up(session, n) for n in range(5)]
    assert [r.status for r in regs] == ["registered"] * 2 + ["waitlisted"] * 3
    assert [r.waitlist_position for r in regs[2:]] == [1, 2, 3]
    assert services.waitlist_rank(regs[3]) == 2


def test_confirmation_mail_carries_an_ics_with_the_session(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1, topic="세무교육")
    with django_capture_on_commit_callbacks(execute=True):
        reg = sign_up(session, 1)
    message = mail.outbox[-1]
    assert message.to == ["p1@example.com"]
    assert "교육 신청 확정" in message.subject
    assert reg.private_url() in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "education.ics" and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at
    assert "세무교육" in str(event["summary"])


def test_same_phone_cannot_sign_up_twice_for_a_session():
    session = SessionFactory()
    sign_up(session, 1)
    with pytest.raises(services.ServiceError, match="이미 신청"):
        services.register(
            session_id=session.pk, name="다른이름", phone="01070000001", email="x@example.com"
        )
    assert session.registrations.count() == 1


def test_cancel_promotes_first_waiting_person_and_mails_them(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    first = sign_up(session, 1)
    second = sign_up(session, 2)
    third = sign_up(session, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration_id=first.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "registered" and second.waitlist_position is None
    assert second.promoted_at is not None
    assert third.status == "waitlisted" and services.waitlist_rank(third) == 1
    promoted = [m for m in mail.outbox if m.to == ["p2@example.com"]]
    assert len(promoted) == 1 and "대기 확정" in promoted[0].subject
    assert promoted[0].attachments[0][0] == "education.ics"
    assert any(m.to == ["p1@example.com"] and "취소" in m.subject for m in mail.outbox)


def test_cancelling_a_waiting_person_promotes_nobody():
    session = SessionFactory(capacity=1)
    sign_up(session, 1)
    waiting = sign_up(session, 2)
    last = sign_up(session, 3)
    services.cancel(registration_id=waiting.pk)
    last.refresh_from_db()
    assert last.status == "waitlisted"
    assert session.registrations.filter(status="registered").count() == 1


def test_cancel_twice_changes_nothing_the_second_time():
    session = SessionFactory(capacity=1)
    reg = sign_up(session, 1)
    services.cancel(registration_id=reg.pk)
    again = services.cancel(registration_id=reg.pk)
    assert again.status == "cancelled"


def test_raising_capacity_promotes_people_waiting():
    session = SessionFactory(capacity=1)
    sign_up(session, 1)
    waiting = sign_up(session, 2)
    session.capacity = 2
    session.save()
    services.session_saved(session)
    waiting.refresh_from_db()
    assert waiting.status == "registered"


@pytest.mark.parametrize(
    "change,message",
    [
        ({"is_cancelled": True}, "폐강"),
        ({"signup_open": False}, "마감"),
    ],
)
def test_closed_sessions_refuse_sign_ups(change, message):
    session = SessionFactory(**change)
    with pytest.raises(services.ServiceError, match=message):
        sign_up(session, 1)
    assert not Registration.objects.exists()


def test_started_session_refuses_online_sign_up_and_cancellation():
    session = PastSessionFactory()
    with pytest.raises(services.ServiceError, match="시작한"):
        sign_up(session, 1)
    reg = RegistrationFactory(session=session)
    with pytest.raises(services.ServiceError, match="시작된 뒤"):
        services.cancel(registration_id=reg.pk)
    services.cancel(registration_id=reg.pk, by_staff=True)
    reg.refresh_from_db()
    assert reg.status == "cancelled"


def test_program_sign_up_only_on_its_first_session():
    course = CourseFactory(required_sessions=2)
    start = timezone.now() + dt.timedelta(days=10)
    first = SessionFactory(course=course, starts_at=start)
    second = SessionFactory(course=course, starts_at=start + dt.timedelta(days=7))
    with pytest.raises(services.ServiceError, match="첫 회차"):
        sign_up(second, 1)
    assert sign_up(first, 1).status == "registered"


# --- public pages ---------------------------------------------------------------------

VALID = {
    "name": "김시민",
    "phone": "010-1234-5678",
    "email": "citizen@example.com",
    "organisation": "마을협동조합",
    "consent": "on",
}


def test_public_list_shows_upcoming_sessions_with_seats_left(client):
    open_session = SessionFactory(capacity=3, course__title="협동조합 세무교육")
    RegistrationFactory(session=open_session)
    SessionFactory(course__title="비공개 교육", is_public=False)
    PastSessionFactory(course__title="지난 교육")
    body = client.get("/education/").content.decode()
    assert "협동조합 세무교육" in body and "남은 자리 2명" in body
    assert "비공개 교육" not in body and "지난 교육" not in body


def test_citizen_signs_up_and_lands_on_the_private_page(client):
    session = SessionFactory(capacity=5)
    response = client.post(session.public_url(), VALID)
    reg = Registration.objects.get()
    assert response.status_code == 302 and response.url == reg.private_url()
    assert reg.consent_version and reg.consent_at and reg.phone == "010-1234-5678"
    page = client.get(reg.private_url()).content.decode()
    assert "신청 완료" in page and "신청 취소" in page


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("consent", None, "개인정보 수집·이용에 동의해야"),
        ("email", "not-an-email", "이메일 주소를 확인해 주세요."),
        ("phone", "12345", "전화번호를 확인해 주세요."),
        ("name", "김", "두 글자 이상"),
        ("name", "", "필수 항목"),
    ],
)
def test_bad_sign_up_input_is_explained_and_nothing_saved(client, field, value, message):
    session = SessionFactory()
    data = dict(VALID)
    if value is None:
        data.pop(field)
    else:
        data[field] = value
    response = client.post(session.public_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_blocks_bots(client):
    session = SessionFactory()
    response = client.post(session.public_url(), {**VALID, "website": "http://spam"})
    assert response.status_code == 400 and not Registration.objects.exists()


def test_duplicate_sign_up_shows_the_error_next_to_the_phone(client):
    session = SessionFactory()
    client.post(session.public_url(), VALID)
    response = client.post(session.public_url(), {**VALID, "email": "other@example.com"})
    assert response.status_code == 400
    assert "이 휴대전화 번호로 이미 신청하셨습니다." in response.content.decode()
    assert Registration.objects.count() == 1


def test_sign_ups_are_rate_limited(client, settings):
    session = SessionFactory(capacity=50)
    from django.core.cache import cache

    cache.clear()
    codes = [
        client.post(session.public_url(), {**VALID, "phone": f"010-3333-{n:04d}"}).status_code
        for n in range(12)
    ]
    assert codes[:10] == [302] * 10 and codes[-1] == 429
    assert Registration.objects.count() == 10
    cache.clear()


def test_private_page_cancels_and_the_token_is_the_only_key(client):
    session = SessionFactory(capacity=1)
    client.post(session.public_url(), VALID)
    reg = Registration.objects.get()
    assert client.get(f"/education/r/{uuid.uuid4()}/").status_code == 404
    response = client.post(f"/education/r/{reg.token}/cancel/")
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.status == "cancelled"
    assert "취소됨" in client.get(reg.private_url()).content.decode()


def test_ics_download_of_a_registration(client):
    reg = RegistrationFactory()
    response = client.get(f"/education/r/{reg.token}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_later_session_of_a_program_points_to_the_first(client):
    course = CourseFactory(required_sessions=2, title="리더십 과정")
    start = timezone.now() + dt.timedelta(days=10)
    first = SessionFactory(course=course, starts_at=start)
    second = SessionFactory(course=course, starts_at=start + dt.timedelta(days=7))
    body = client.get(second.public_url()).content.decode()
    assert "첫 회차에서 한 번만 신청합니다" in body and first.public_url() in body
    body = client.get(first.public_url()).content.decode()
    assert "과정 일정 (2회차, 2회 이상 출석 시 수료)" in body
    listing = client.get("/education/").content.decode()
    assert listing.count("리더십 과정") == 1


def test_cancelling_a_session_mails_everyone_signed_up_once(
    staff_client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    sign_up(session, 1)
    sign_up(session, 2)
    mail.outbox.clear()
    session.is_cancelled = True
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_saved(session)
        services.session_saved(session)
    notices = [m for m in mail.outbox if "폐강" in m.subject]
    assert sorted(m.to[0] for m in notices) == ["p1@example.com", "p2@example.com"]
