"""Satisfaction surveys: one answer per registration, after the session, 1–5 only."""

from decimal import Decimal

import pytest
from django.core import mail

from education import selectors, services
from education.models import Attendance, SurveyResponse

from .factories import PastSessionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"q_content": "5", "q_instructor": "4", "q_operation": "5", "q_overall": "4"}


def attended(reg):
    """Only people who came answer (issue 16.4, tests/education/test_survey_attended.py)."""
    Attendance.objects.create(session=reg.session, registration=reg)
    return reg


def test_participant_answers_once_without_login(client):
    reg = attended(RegistrationFactory(session=PastSessionFactory()))
    url = f"/education/survey/{reg.token}/"
    response = client.post(url, {**ANSWERS, "comment": "좋았습니다"})
    assert response.status_code == 200 and "응답해 주셔서 감사합니다" in response.content.decode()
    survey = SurveyResponse.objects.get()
    assert survey.answers() == [5, 4, 5, 4] and survey.comment == "좋았습니다"
    second = client.post(url, {**ANSWERS, "q_content": "1"})
    assert "응답은 신청 한 건에 한 번만" in second.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().q_content == 5
    with pytest.raises(services.ServiceError, match="이미"):
        services.submit_survey(registration_id=reg.pk, answers={k: 3 for k in ANSWERS})


def test_survey_is_closed_before_the_session_ends(client):
    reg = RegistrationFactory(session=SessionFactory())
    response = client.post(f"/education/survey/{reg.token}/", ANSWERS)
    assert "교육이 끝난 뒤에 답할 수 있습니다." in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "", "abc"])
def test_answers_outside_one_to_five_are_refused(client, value):
    reg = attended(RegistrationFactory(session=PastSessionFactory()))
    response = client.post(f"/education/survey/{reg.token}/", {**ANSWERS, "q_overall": value})
    assert response.status_code == 400
    body = response.content.decode()
    assert "1~5점 중 하나를 고르세요." in body or "올바르게 선택해 주세요" in body
    assert not SurveyResponse.objects.exists()


def test_cancelled_registration_cannot_answer(client):
    reg = RegistrationFactory(session=PastSessionFactory(), status="cancelled")
    client.post(f"/education/survey/{reg.token}/", ANSWERS)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "total,answers,expected",
    [(466, 100, "4.7"), (465, 100, "4.7"), (464, 100, "4.6"), (0, 0, None), (15, 4, "3.8")],
)
def test_mean_score_rounds_half_up_to_one_decimal(total, answers, expected):
    result = selectors.mean_score(total, answers)
    assert result == (Decimal(expected) if expected else None)


def test_invitations_go_once_to_each_confirmed_participant(django_capture_on_commit_callbacks):
    session = PastSessionFactory()
    reg = attended(RegistrationFactory(session=session))
    RegistrationFactory(session=session, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_survey_invitations() == 1
        assert services.send_survey_invitations() == 0
    invites = [m for m in mail.outbox if "만족도" in m.subject]
    assert len(invites) == 1 and invites[0].to == [reg.email]
    assert f"/education/survey/{reg.token}/" in invites[0].body
