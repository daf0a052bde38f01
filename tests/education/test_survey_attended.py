"""Issue 16.4: only people who attended answer the satisfaction survey, and
staff enter paper questionnaires per session (counts per score for each
question), merged with the online answers into the x.x/5.0 figure."""

from decimal import Decimal

import pytest
from django.core import mail

from core.errors import ServiceError
from education import indicators, selectors, services
from education.models import Attendance, SurveyResponse

from .factories import PastSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FIVES = {"q_content": 5, "q_instructor": 5, "q_operation": 5, "q_overall": 5}


def _attended(reg):
    Attendance.objects.create(session=reg.session, registration=reg)
    return reg


def test_a_registrant_who_did_not_come_cannot_answer(client):
    reg = RegistrationFactory(session=PastSessionFactory())
    with pytest.raises(ServiceError, match="참석한 분만"):
        services.submit_survey(registration_id=reg.pk, answers=FIVES)
    body = client.get(f"/education/survey/{reg.token}/").content.decode()
    assert "참석한 분만 만족도 조사에 답할 수 있습니다." in body
    assert not SurveyResponse.objects.exists()
    _attended(reg)
    services.submit_survey(registration_id=reg.pk, answers=FIVES)
    assert SurveyResponse.objects.count() == 1


def test_invitations_go_only_to_attendees(django_capture_on_commit_callbacks):
    session = PastSessionFactory()
    came = _attended(RegistrationFactory(session=session))
    RegistrationFactory(session=session)  # registered, never came
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_survey_invitations() == 1
    assert [m.to for m in mail.outbox if "만족도" in m.subject] == [[came.email]]


def _paper(session, forms, scores):
    """`scores`: question → {score: count}."""
    return services.record_paper_surveys(
        session_id=session.pk,
        forms=forms,
        tallies={(q, s): n for q, by_score in scores.items() for s, n in by_score.items()},
    )


def test_paper_questionnaires_merge_with_online_answers():
    session = PastSessionFactory()
    reg = _attended(RegistrationFactory(session=session))
    services.submit_survey(registration_id=reg.pk, answers=FIVES)  # 4 answers of 5
    # Three paper forms: every question answered 4, 4, 3.
    _paper(session, 3, {q: {4: 2, 3: 1} for q in FIVES})
    # (5*4 + (4+4+3)*4) / 16 = 64/16 = 4.0
    mean, respondents = selectors.satisfaction_by_session([session.pk])[session.pk]
    assert (mean, respondents) == (Decimal("4.0"), 4)
    [row] = selectors.yearly_figures(session.starts_at.year)
    assert row.satisfaction == Decimal("4.0") and row.responses == 4
    code = session.course.type.code
    assert indicators.satisfaction_mean([code], session.starts_at.year) == Decimal("4.0")


def test_entering_a_session_again_replaces_its_paper_counts():
    session = PastSessionFactory()
    _paper(session, 2, {q: {5: 2} for q in FIVES})
    _paper(session, 2, {q: {1: 2} for q in FIVES})
    assert selectors.satisfaction_by_session([session.pk])[session.pk] == (Decimal("1.0"), 2)


@pytest.mark.parametrize(
    ("forms", "scores", "field", "message"),
    [
        (2, {"q_content": {5: 3}}, "q_content", "응답 수의 합(3)이 설문지 수(2)보다 많습니다."),
        (0, {"q_content": {5: 1}}, "forms", "설문지 수를 1장 이상 적어 주세요."),
        (2, {"q_content": {5: -1}}, "q_content", "응답 수는 0 이상이어야 합니다."),
    ],
)
def test_impossible_paper_counts_are_refused_whole(forms, scores, field, message):
    session = PastSessionFactory()
    with pytest.raises(ServiceError) as caught:
        _paper(session, forms, scores)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert selectors.satisfaction_by_session([session.pk]) == {}


def test_staff_enter_paper_questionnaires_on_a_page(staff_client):
    session = PastSessionFactory()
    url = f"/education/staff/sessions/{session.pk}/paper-surveys/"
    page = staff_client.get(url)
    assert page.status_code == 200 and "종이 설문" in page.content.decode()
    data = {"forms": "2"}
    for q in FIVES:
        data.update({f"{q}_5": "1", f"{q}_4": "1", f"{q}_3": "0", f"{q}_2": "0", f"{q}_1": "0"})
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert selectors.satisfaction_by_session([session.pk])[session.pk] == (Decimal("4.5"), 2)
    bad = staff_client.post(url, {**data, "q_overall_5": "9"})
    assert bad.status_code == 200
    assert "응답 수의 합(10)이 설문지 수(2)보다 많습니다." in bad.content.decode()
    assert selectors.satisfaction_by_session([session.pk])[session.pk] == (Decimal("4.5"), 2)
