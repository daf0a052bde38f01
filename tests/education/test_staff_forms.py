"""Staff and manager forms: valid saves, bad input explained next to the field."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from education.models import Course, CourseType, Instructor, Session

from .factories import CourseFactory, InstructorFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def session_data(course, **overrides):
    start = (timezone.localtime() + dt.timedelta(days=10)).replace(hour=14, minute=0)
    data = {
        "course": course.pk,
        "topic": "세무교육",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "format": "offline",
        "place": "센터 교육장",
        "online_url": "",
        "capacity": "30",
        "partners": "서울시청자미디어센터",
        "host_name": "",
        "district": "",
        "is_public": "on",
        "signup_open": "on",
    }
    data.update(overrides)
    return data


def test_staff_create_a_session_with_materials(staff_client):
    course = CourseFactory()
    teacher = InstructorFactory()
    pdf = SimpleUploadedFile("자료.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = staff_client.post(
        "/education/staff/sessions/add/",
        {**session_data(course), "instructors": [teacher.pk], "materials": pdf},
    )
    session = Session.objects.get()
    assert (
        response.status_code == 302 and response.url == f"/education/staff/sessions/{session.pk}/"
    )
    assert session.capacity == 30 and list(session.instructors.all()) == [teacher]
    assert session.materials_name == "자료.pdf" and "자료" not in session.materials.name
    assert session.history.count() == 1
    download = staff_client.get(f"/education/staff/sessions/{session.pk}/materials/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    reg = RegistrationFactory(session=session)
    public = staff_client.get(f"/education/r/{reg.token}/materials/")
    assert public["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"ends_at": ""}, "필수 항목"),
        ({"format": "online", "place": ""}, "온라인 주소(Zoom, YouTube 등)를 입력하세요."),
        ({"format": "offline", "place": ""}, "장소를 입력하세요."),
        ({"capacity": "0"}, "0"),
        ({"online_url": "zoom 회의실", "format": "hybrid"}, "주소를 확인해 주세요."),
    ],
)
def test_bad_session_input_is_explained(staff_client, overrides, message):
    response = staff_client.post(
        "/education/staff/sessions/add/", session_data(CourseFactory(), **overrides)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Session.objects.exists()


def test_end_before_start_is_refused(staff_client):
    data = session_data(CourseFactory())
    data["ends_at"] = data["starts_at"]
    response = staff_client.post("/education/staff/sessions/add/", data)
    assert "종료 일시는 시작 일시보다 뒤여야 합니다." in response.content.decode()
    assert not Session.objects.exists()


def test_materials_checked_by_content(staff_client):
    fake = SimpleUploadedFile("자료.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = staff_client.post(
        "/education/staff/sessions/add/", {**session_data(CourseFactory()), "materials": fake}
    )
    assert "올릴 수 없는 파일 형식입니다." in response.content.decode()
    assert not Session.objects.exists()


def test_capacity_cannot_drop_below_confirmed_sign_ups(staff_client):
    session = SessionFactory(capacity=3)
    for _ in range(3):
        RegistrationFactory(session=session)
    data = session_data(session.course, capacity="2")
    response = staff_client.post(f"/education/staff/sessions/{session.pk}/edit/", data)
    assert "이미 3명이 신청했습니다." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 3


def test_course_form_refuses_duplicates_and_zero_required_sessions(staff_client):
    course = CourseFactory(title="ICA 리더십 과정")
    data = {
        "type": course.type_id,
        "title": "ICA 리더십 과정",
        "year": course.year,
        "required_sessions": "4",
    }
    response = staff_client.post("/education/staff/courses/add/", data)
    assert "같은 연도·유형에 같은 이름의 교육 과정이 이미 있습니다." in response.content.decode()
    response = staff_client.post(
        "/education/staff/courses/add/", {**data, "title": "새 과정", "required_sessions": "0"}
    )
    assert response.status_code == 200 and Course.objects.count() == 1
    staff_client.post("/education/staff/courses/add/", {**data, "title": "새 과정"})
    assert Course.objects.get(title="새 과정").required_sessions == 4


def test_instructor_phone_is_checked(staff_client):
    response = staff_client.post(
        "/education/staff/instructors/add/", {"name": "강사", "phone": "12", "is_active": "on"}
    )
    assert "전화번호를 확인해 주세요." in response.content.decode()
    staff_client.post(
        "/education/staff/instructors/add/",
        {"name": "강사", "phone": "0212345678", "is_active": "on"},
    )
    assert Instructor.objects.get().phone == "02-1234-5678"


def test_course_types_are_for_managers(client, staff_user, manager_user):
    client.force_login(staff_user)
    assert client.get("/education/staff/types/").status_code == 403
    client.force_login(manager_user)
    manager_client = client
    response = manager_client.post(
        "/education/staff/types/add/",
        {"name": "협동조합 심화교육", "order": "20", "is_active": "on"},
    )
    assert response.status_code == 302
    new = CourseType.objects.get(name="협동조합 심화교육")
    assert new.code is None
    intro = CourseType.objects.get(code="intro")
    manager_client.post(
        f"/education/staff/types/{intro.pk}/edit/",
        {"name": "찾아가는 입문교육", "order": "0", "is_outreach": "on", "is_active": "on"},
    )
    intro.refresh_from_db()
    assert (
        intro.name == "찾아가는 입문교육" and intro.code == "intro"
    )  # the indicator link survives
    bad = manager_client.post("/education/staff/types/add/", {"name": "", "order": "x"})
    assert "필수 항목" in bad.content.decode()


def test_staff_register_a_phone_sign_up_and_cancel_it(staff_client):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    url = f"/education/staff/sessions/{session.pk}/register/"
    bad = staff_client.post(url, {"name": "전화신청", "phone": "x", "email": "bad"})
    assert bad.status_code == 400 and "전화번호를 확인해 주세요." in bad.content.decode()
    staff_client.post(url, {"name": "전화신청", "phone": "010-6666-7777", "email": "t@example.com"})
    reg = session.registrations.get(name="전화신청")
    assert reg.status == "waitlisted" and reg.source == "staff"
    first = session.registrations.get(status="registered")
    staff_client.post(f"/education/staff/sessions/{session.pk}/registrations/{first.pk}/cancel/")
    reg.refresh_from_db()
    assert reg.status == "registered"
    body = staff_client.get(f"/education/staff/sessions/{session.pk}/").content.decode()
    assert "전**청" in body and "010-6666-****" in body and "010-6666-7777" not in body
