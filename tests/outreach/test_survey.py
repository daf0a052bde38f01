import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from outreach import selectors
from outreach.indicators import survey_points
from outreach.models import SurveyAnswer, SurveyRecipient

from .factories import QuestionFactory, RecipientFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory()
    QuestionFactory.create_batch(3, survey=survey)
    return survey


def answer(client, recipient, values):
    questions = list(recipient.survey.questions.all())
    data = {f"q{q.pk}": v for q, v in zip(questions, values, strict=True)}
    return client.post(f"/survey/{recipient.token}/", data)


def test_score_is_the_mean_of_all_answers_one_decimal_half_up(client, survey):
    a, b = RecipientFactory.create_batch(2, survey=survey)
    answer(client, a, [90, 85, 100])
    answer(client, b, [80, 95, 70])
    # (90+85+100+80+95+70) / 6 = 86.666… → 86.7
    assert selectors.survey_score_of(survey) == Decimal("86.7")
    assert survey_points(2021) == 87


def test_half_up_not_half_even(client, survey):
    # answers 86, 87, 86, 86: mean 86.25 → 86.3 (half-even would give 86.2)
    questions = list(survey.questions.all())
    r = RecipientFactory(survey=survey)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(recipient=r, question=q, value=v)
        for q, v in zip(questions[:2], [86, 87], strict=True)
    )
    r2 = RecipientFactory(survey=survey)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(recipient=r2, question=q, value=v)
        for q, v in zip(questions[:2], [86, 86], strict=True)
    )
    assert selectors.survey_score_of(survey) == Decimal("86.3")
    assert survey_points(2021) == 86


def test_no_answers_no_score(survey):
    assert selectors.survey_score_of(survey) is None
    assert survey_points(2021) is None


def test_out_of_range_answer_is_refused_next_to_the_question(client, survey):
    recipient = RecipientFactory(survey=survey)
    body = answer(client, recipient, [101, -1, 50]).content.decode()
    assert "100점 이하여야 합니다." in body and "0점 이상이어야 합니다." in body
    assert not SurveyAnswer.objects.exists()
    recipient.refresh_from_db()
    assert recipient.answered_at is None


def test_a_recipient_answers_once(client, survey):
    recipient = RecipientFactory(survey=survey)
    answer(client, recipient, [90, 90, 90])
    body = answer(client, recipient, [10, 10, 10]).content.decode()
    assert "이미 응답하셨습니다" in body
    assert sorted(SurveyAnswer.objects.values_list("value", flat=True)) == [90, 90, 90]


def test_closed_survey_takes_no_answers(client):
    survey = SurveyFactory(
        opens_on=timezone.localdate() - dt.timedelta(days=20),
        closes_on=timezone.localdate() - dt.timedelta(days=10),
    )
    QuestionFactory(survey=survey)
    recipient = RecipientFactory(survey=survey)
    body = client.post(f"/survey/{recipient.token}/", {}).content.decode()
    assert "조사 기간이 아닙니다" in body
    assert not SurveyAnswer.objects.exists()


def test_manager_adds_recipients_and_sends_each_a_private_link(
    client, manager_user, survey, django_capture_on_commit_callbacks
):
    client.force_login(manager_user)
    response = client.post(
        f"/outreach/surveys/{survey.pk}/recipients/",
        {"group": "상담 이용자", "emails": "a@example.org\nB@example.org, a@example.org\nwrong"},
    )
    assert "올바르지 않은 이메일이 있습니다: wrong" in response.content.decode()
    assert not SurveyRecipient.objects.exists()
    client.post(
        f"/outreach/surveys/{survey.pk}/recipients/",
        {"group": "상담 이용자", "emails": "a@example.org\nB@example.org, a@example.org"},
    )
    assert sorted(SurveyRecipient.objects.values_list("email", flat=True)) == [
        "a@example.org",
        "b@example.org",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/outreach/surveys/{survey.pk}/send/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/outreach/surveys/{survey.pk}/send/")  # nobody twice
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    tokens = {r.email: r.token for r in SurveyRecipient.objects.all()}
    for message in mail.outbox:
        base = re.escape(settings.PUBLIC_BASE_URL)
        path = re.search(rf"{base}(/survey/[^/\s]+/)", message.body).group(1)
        assert path == f"/survey/{tokens[message.to[0]]}/"


def test_survey_created_with_questions(manager_client):
    response = manager_client.post(
        "/outreach/surveys/add/",
        {
            "title": "2022년 서비스만족도조사",
            "year": "2022",
            "opens_on": "2022-11-01",
            "closes_on": "2022-10-01",
            "questions": "전반적 만족도\n친절도\n",
        },
    )
    assert "종료일은 시작일보다 빠를 수 없습니다." in response.content.decode()
    manager_client.post(
        "/outreach/surveys/add/",
        {
            "title": "2022년 서비스만족도조사",
            "year": "2022",
            "opens_on": "2022-11-01",
            "closes_on": "2022-11-30",
            "questions": "전반적 만족도\n친절도\n",
        },
    )
    from outreach.models import Survey

    survey = Survey.objects.get(year=2022)
    assert list(survey.questions.values_list("order", "text")) == [
        (1, "전반적 만족도"),
        (2, "친절도"),
    ]
