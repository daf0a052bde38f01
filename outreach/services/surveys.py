import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.display import format_date
from core.errors import ServiceError
from core.mail import queue_email

from ..models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
)

# --- satisfaction survey -----------------------------------------------------------------


def kdate(day: dt.date) -> str:
    return format_date(day)


def save_survey(*, survey: Survey, questions: list[str] | None) -> Survey:
    """Save a survey and, when given, replace its questions (numbered from 1).
    Once anyone has answered, the questions stay as they were answered."""
    with transaction.atomic():
        if survey.pk:
            Survey.objects.select_for_update().filter(pk=survey.pk).first()
            answered = survey.recipients.filter(answered_at__isnull=False).exists()
            if questions is not None and answered:
                raise ServiceError("questions", "응답이 있어 문항을 바꿀 수 없습니다.")
        survey.save()
        if questions is not None:
            survey.questions.all().delete()
            SurveyQuestion.objects.bulk_create(
                SurveyQuestion(survey=survey, order=i, text=text)
                for i, text in enumerate(questions, start=1)
            )
    return survey


def add_recipients(*, survey, emails: list[str], group: str = "") -> int:
    """Add recipients (duplicates ignored); returns how many are new."""
    before = survey.recipients.count()
    SurveyRecipient.objects.bulk_create(
        [SurveyRecipient(survey=survey, email=e.strip().lower(), group=group) for e in emails],
        ignore_conflicts=True,
    )
    return survey.recipients.count() - before


def send_survey(*, survey, base_url: str) -> int:
    """E-mail each recipient not yet invited their own answer link."""
    count = 0
    with transaction.atomic():
        recipients = survey.recipients.select_for_update().filter(sent_at__isnull=True)
        for recipient in recipients:
            link = base_url + reverse("outreach:survey_answer", args=[recipient.token])
            queued = queue_email(
                to=recipient.email,
                subject=f"[서울시협동조합지원센터] {survey.title} 참여 요청",
                body=(
                    f"{survey.intro}\n\n"
                    f"조사 기간: {kdate(survey.opens_on)} ~ {kdate(survey.closes_on)}\n"
                    f"아래 주소에서 응답해 주세요 (문항마다 0~100점):\n{link}\n"
                ).strip(),
                key=f"outreach-survey-{recipient.pk}",
            )
            recipient.sent_at = timezone.now()
            recipient.save(update_fields=["sent_at"])
            count += queued is not None
    return count


def answer_survey(*, recipient: SurveyRecipient, values: dict[int, int]) -> None:
    """Store every answer of one recipient at once; a second submission is refused."""
    if any(not 0 <= v <= 100 for v in values.values()):
        raise ServiceError(None, "점수는 0에서 100 사이여야 합니다.")
    with transaction.atomic():
        recipient = SurveyRecipient.objects.select_for_update().get(pk=recipient.pk)
        if recipient.answered_at is not None:
            raise ServiceError(None, "이미 응답하셨습니다. 참여해 주셔서 감사합니다.")
        if not recipient.survey.is_open():
            raise ServiceError(None, "조사 기간이 아닙니다.")
        question_ids = set(recipient.survey.questions.values_list("pk", flat=True))
        if set(values) != question_ids:
            raise ServiceError(None, "모든 문항에 답해 주세요.")
        SurveyAnswer.objects.bulk_create(
            [SurveyAnswer(recipient=recipient, question_id=q, value=v) for q, v in values.items()]
        )
        recipient.answered_at = timezone.now()
        recipient.save(update_fields=["answered_at"])
