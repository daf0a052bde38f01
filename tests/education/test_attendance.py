"""Roster check-in (htmx), walk-ins, XLSX export with masking and the access log."""

import io

import pytest
from openpyxl import load_workbook

from core.privacy import PersonalDataAccess
from education.models import Attendance

from .factories import PastSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_with_roster():
    session = PastSessionFactory()
    regs = [
        RegistrationFactory(session=session, name=name, phone=f"010-4444-{i:04d}")
        for i, name in enumerate(["김철용", "이순신", "박지원"])
    ]
    RegistrationFactory(session=session, name="취소자", status="cancelled")
    return session, regs


def test_checkin_page_lists_names_and_logs_the_access(staff_client, session_with_roster):
    session, _regs = session_with_roster
    body = staff_client.get(f"/education/staff/sessions/{session.pk}/checkin/").content.decode()
    assert "김철용" in body and "이순신" in body and "취소자" not in body
    assert "010-4444-****" in body and "010-4444-0000" not in body
    assert PersonalDataAccess.objects.filter(action="view", object_id=str(session.pk)).exists()


def test_ticking_a_name_with_htmx_records_attendance(staff_client, session_with_roster):
    session, regs = session_with_roster
    url = f"/education/staff/sessions/{session.pk}/checkin/{regs[0].pk}/"
    response = staff_client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "✓ 출석" in body and 'id="checkin-present" hx-swap-oob="true">1<' in body
    assert Attendance.objects.filter(session=session, registration=regs[0]).count() == 1
    staff_client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")  # twice: still one
    assert Attendance.objects.filter(session=session).count() == 1
    staff_client.post(url, {"present": "0"}, HTTP_HX_REQUEST="true")
    assert not Attendance.objects.exists()


def test_someone_elses_registration_cannot_be_ticked(staff_client, session_with_roster):
    session, _ = session_with_roster
    stranger = RegistrationFactory()
    response = staff_client.post(
        f"/education/staff/sessions/{session.pk}/checkin/{stranger.pk}/", {"present": "1"}
    )
    assert response.status_code == 400 and not Attendance.objects.exists()


def test_walk_in_is_added_and_bad_input_is_explained(staff_client, session_with_roster):
    session, _ = session_with_roster
    url = f"/education/staff/sessions/{session.pk}/walk-ins/"
    bad = staff_client.post(url, {"name": "", "phone": "12"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "필수 항목" in body and "전화번호를 확인해 주세요." in body
    assert not Attendance.objects.exists()
    staff_client.post(url, {"name": "현장참석", "phone": "01099998888", "organisation": "마을"})
    walk = Attendance.objects.get()
    assert walk.registration is None and walk.walk_in_phone == "010-9999-8888"


def test_roster_export_masks_names_and_counts_attendance(staff_client, session_with_roster):
    session, regs = session_with_roster
    Attendance.objects.create(session=session, registration=regs[1])
    Attendance.objects.create(session=session, walk_in_name="현장참석")
    response = staff_client.get(f"/education/staff/sessions/{session.pk}/roster.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    names = [r[1] for r in rows[4:8]]
    assert names == ["김*용", "박*원", "이*신", "현**석"]
    assert rows[4][3] == "010-4444-****"
    assert ["출석 합계", 2] == list(rows[-1][:2])
    assert not PersonalDataAccess.objects.filter(action="export").exists()
    # Unmasked export is for managers only, and logged.
    assert (
        staff_client.get(f"/education/staff/sessions/{session.pk}/roster.xlsx?full=1").status_code
        == 404
    )


def test_manager_full_export_is_logged(manager_client, session_with_roster):
    session, _ = session_with_roster
    url = f"/education/staff/sessions/{session.pk}/roster.xlsx?full=1"
    assert "내려받는 목적" in manager_client.get(url).content.decode()  # the reason step first
    response = manager_client.post(url, {"purpose": "안내 발송", "detail": "수료증 발송"})
    response = manager_client.get(response.url)
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "김철용" in [row[1] for row in ws.iter_rows(values_only=True)]
    assert (
        PersonalDataAccess.objects.filter(
            action="export", object_id=str(session.pk), reason="안내 발송: 수료증 발송"
        ).count()
        == 1
    )
