"""Survey questions are written by a service (not the view), which re-checks
under the survey's lock that nobody has answered yet."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ServiceError
from outreach import services
from outreach.models import Survey, SurveyRecipient

pytestmark = pytest.mark.django_db


def _survey():
    return Survey.objects.create(
        title="2025 만족도",
        year=2025,
        opens_on=dt.date(2025, 11, 1),
        closes_on=dt.date(2025, 11, 30),
    )


def test_save_survey_numbers_the_questions_from_one():
    survey = services.save_survey(survey=_survey(), questions=["친절했나요?", "다시 이용할까요?"])
    assert list(survey.questions.values_list("order", "text")) == [
        (1, "친절했나요?"),
        (2, "다시 이용할까요?"),
    ]
    services.save_survey(survey=survey, questions=["하나만"])
    assert list(survey.questions.values_list("order", "text")) == [(1, "하나만")]


def test_questions_of_an_answered_survey_are_refused_next_to_the_field():
    survey = services.save_survey(survey=_survey(), questions=["친절했나요?"])
    SurveyRecipient.objects.create(survey=survey, email="a@example.com", answered_at=timezone.now())
    with pytest.raises(ServiceError) as caught:
        services.save_survey(survey=survey, questions=["바꾼 문항"])
    assert caught.value.field == "questions"
    assert list(survey.questions.values_list("text", flat=True)) == ["친절했나요?"]
    # Saving the rest of the survey without touching its questions still works.
    survey.title = "2025 만족도 조사"
    services.save_survey(survey=survey, questions=None)
    survey.refresh_from_db()
    assert survey.title == "2025 만족도 조사"


def test_survey_edit_page_writes_questions_through_the_service(manager_client):
    survey = services.save_survey(survey=_survey(), questions=["친절했나요?"])
    data = {
        "title": "2025 만족도",
        "year": "2025",
        "opens_on": "2025-11-01",
        "closes_on": "2025-11-30",
        "intro": "",
        "questions": "첫 문항\n\n둘째 문항",
    }
    response = manager_client.post(f"/outreach/surveys/{survey.pk}/edit/", data, follow=True)
    assert "저장했습니다." in response.content.decode()
    assert list(survey.questions.values_list("order", "text")) == [(1, "첫 문항"), (2, "둘째 문항")]
