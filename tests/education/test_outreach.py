"""찾아가는 교육 requests: the 15-day / 10-person rule, acceptance, decline."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from education import services
from education.models import OutreachRequest, Session

from .factories import type_by_code

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "course_type": type_by_code("intro").pk,
        "organisation": "성수동 마을협동조합",
        "kind": "coop",
        "district": "성동구",
        "desired_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "desired_time": "19:00",
        "place": "마을활력소 2층",
        "expected_participants": "12",
        "contact_name": "문정희",
        "contact_phone": "010-3030-4040",
        "contact_email": "village@example.com",
        "message": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_request_fifteen_days_ahead_with_ten_people_is_received(client):
    day = timezone.localdate() + dt.timedelta(days=15)
    response = client.post(
        "/education/outreach/",
        form_data(desired_date=day.isoformat(), expected_participants="10"),
    )
    req = OutreachRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/education/outreach/{req.token}/"
    assert req.status == "received" and req.desired_date == day and req.consent_at
    assert "신청을 받았습니다" in client.get(response.url).content.decode()


def test_fourteen_days_ahead_is_refused_with_a_korean_message(client):
    day = timezone.localdate() + dt.timedelta(days=14)
    response = client.post("/education/outreach/", form_data(desired_date=day.isoformat()))
    body = response.content.decode()
    assert response.status_code == 400
    assert "희망일은 신청일로부터 15일 이후여야 합니다" in body
    assert not OutreachRequest.objects.exists()


def test_nine_people_are_refused(client):
    response = client.post("/education/outreach/", form_data(expected_participants="9"))
    assert response.status_code == 400
    assert "10명 이상 모일 때 신청할 수 있습니다" in response.content.decode()
    assert not OutreachRequest.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("consent", None, "개인정보 수집·이용에 동의해야"),
        ("contact_phone", "abc", "전화번호를 확인해 주세요."),
        ("desired_date", "2021-02-30", "올바른 날짜"),
        ("course_type", "999999", "올바르게 선택"),
        ("expected_participants", "-3", ""),
    ],
)
def test_bad_outreach_input_saves_nothing(client, field, value, message):
    data = form_data()
    if value is None:
        data.pop(field)
    else:
        data[field] = value
    response = client.post("/education/outreach/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OutreachRequest.objects.exists()


def test_service_rechecks_the_rule():
    with pytest.raises(services.ServiceError, match="15일"):
        services.submit_outreach_request(
            course_type=type_by_code("intro"),
            organisation="x",
            district="중구",
            desired_date=timezone.localdate() + dt.timedelta(days=3),
            desired_time=dt.time(10),
            place="x",
            expected_participants=20,
            contact_name="x",
            contact_phone="010-1111-2222",
            contact_email="x@example.com",
        )


def make_request():
    return OutreachRequest.objects.create(
        course_type=type_by_code("founding"),
        organisation="함께돌봄 사회적협동조합",
        district="중랑구",
        desired_date=timezone.localdate() + dt.timedelta(days=30),
        desired_time=dt.time(14),
        place="조합 회의실",
        expected_participants=15,
        contact_name="박담당",
        contact_phone="010-2222-3333",
        contact_email="care@example.com",
    )


def accept_data(req):
    start = dt.datetime.combine(req.desired_date, req.desired_time)
    return {
        "topic": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "format": "offline",
        "place": req.place,
        "online_url": "",
        "capacity": "15",
        "partners": "",
        "action": "accept",
    }


def test_staff_accept_schedules_the_session_and_mails_the_requester(
    staff_client, django_capture_on_commit_callbacks
):
    req = make_request()
    page = staff_client.get(f"/education/staff/outreach/{req.pk}/").content.decode()
    assert "010-2222-3333" in page  # unmasked on the detail page …
    from core.privacy import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(object_id=str(req.pk)).exists()  # … and logged
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/education/staff/outreach/{req.pk}/", accept_data(req))
    req.refresh_from_db()
    session = req.session
    assert (
        response.status_code == 302 and response.url == f"/education/staff/sessions/{session.pk}/"
    )
    assert req.status == "accepted" and req.handled_by is not None
    assert session.host_name == "함께돌봄 사회적협동조합" and session.district == "중랑구"
    assert session.course.type.code == "founding" and session.capacity == 15
    assert not session.is_public
    accepted = [m for m in mail.outbox if "확정" in m.subject]
    assert accepted and session.public_url() in accepted[0].body
    with pytest.raises(services.ServiceError, match="이미 처리"):
        services.accept_outreach_request(request_id=req.pk, session_data={})
    assert Session.objects.count() == 1


def test_accept_with_end_before_start_is_refused(staff_client):
    req = make_request()
    data = accept_data(req)
    data["ends_at"] = data["starts_at"]
    response = staff_client.post(f"/education/staff/outreach/{req.pk}/", data)
    assert response.status_code == 400
    assert "종료 일시는 시작 일시보다 뒤여야 합니다." in response.content.decode()
    req.refresh_from_db()
    assert req.status == "received" and not Session.objects.exists()


def test_decline_needs_a_reason(staff_client):
    req = make_request()
    response = staff_client.post(
        f"/education/staff/outreach/{req.pk}/", {"action": "decline", "staff_note": ""}
    )
    assert response.status_code == 400 and "필수 항목" in response.content.decode()
    staff_client.post(
        f"/education/staff/outreach/{req.pk}/",
        {"action": "decline", "staff_note": "강사 일정이 없습니다."},
    )
    req.refresh_from_db()
    assert req.status == "declined" and req.staff_note == "강사 일정이 없습니다."


def test_queue_lists_received_requests_with_masked_contacts(staff_client):
    make_request()
    body = staff_client.get("/education/staff/outreach/").content.decode()
    assert "함께돌봄 사회적협동조합" in body and "박*당" in body and "박담당" not in body
