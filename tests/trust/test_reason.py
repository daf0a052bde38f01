"""Downloads of personal data ask for a reason and log it."""

import pytest

from core.privacy import PersonalDataAccess, verify_chain

pytestmark = pytest.mark.urls("tests.trust.urls")
URL = "/trust-test/export/?q=11월"


def test_download_asks_for_a_reason_then_logs_it(staff_client):
    page = staff_client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "내려받는 목적" in body and "김철용" not in body
    assert PersonalDataAccess.objects.count() == 0

    missing = staff_client.post(URL, {"purpose": "기타", "detail": ""})
    assert "기타를 고르면 사유를 4자 이상" in missing.content.decode()
    assert PersonalDataAccess.objects.count() == 0

    response = staff_client.post(URL, {"purpose": "안내 발송", "detail": "수료증 발송"})
    assert response.status_code == 302
    assert "q=11" in response.url and "reason_token=" in response.url
    download = staff_client.get(response.url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "김철용" in download.content.decode() and "11월" in download.content.decode()

    entry = PersonalDataAccess.objects.get()
    assert entry.action == "export"
    assert entry.reason == "안내 발송: 수료증 발송"
    assert entry.subject == "참여자 명단 (시험)"
    assert entry.username == "staff-member"
    assert verify_chain() == []

    # The token is single-use: the same link asks again and logs nothing.
    again = staff_client.get(response.url)
    assert "내려받는 목적" in again.content.decode()
    assert PersonalDataAccess.objects.count() == 1


def test_token_of_one_session_does_not_work_in_another(client, staff_client, staff_user):
    response = staff_client.post(URL, {"purpose": "업무 처리"})
    from django.test import Client

    other = Client()
    other.force_login(staff_user)
    page = other.get(response.url)
    assert "내려받는 목적" in page.content.decode()
    assert PersonalDataAccess.objects.count() == 0


def test_reason_step_keeps_the_role_check(client, outsider_user):
    client.force_login(outsider_user)
    assert client.get(URL).status_code == 403
