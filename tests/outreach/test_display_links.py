"""E-mail links come from PUBLIC_BASE_URL, never from the host of the request
that triggered the mail (issue 13 item 4)."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from outreach.models import SurveyRecipient

from .factories import QuestionFactory, RecipientFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@override_settings(PUBLIC_BASE_URL="https://coop.seoul.example")
def test_survey_invitations_link_to_the_public_base_url(
    client, manager_user, django_capture_on_commit_callbacks
):
    survey = SurveyFactory()
    QuestionFactory.create_batch(2, survey=survey)
    RecipientFactory(survey=survey, email="a@example.org")
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/outreach/surveys/{survey.pk}/send/")
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    token = SurveyRecipient.objects.get().token
    body = mail.outbox[0].body
    assert f"https://coop.seoul.example/survey/{token}/" in body
    assert "testserver" not in body
    assert re.findall(r"https?://[^/\s]+", body) == ["https://coop.seoul.example"] * len(
        re.findall(r"https?://[^/\s]+", body)
    )
