"""Online questions (홈페이지 상담) and their documents.

`QUESTION_PERSONAL_FIELDS` are what retention scrubs.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import optional_fk, user_fk
from core.models import UploadedDocument
from core.uploads import random_upload_path

from .booking import CitizenRecord

__all__ = [
    "ANSWER_DAYS",
    "QUESTION_PERSONAL_FIELDS",
    "REVIEW_DAYS",
    "Question",
    "QuestionDocument",
    "question_document_path",
]

_question_upload = random_upload_path("questions")


def question_document_path(instance, filename: str) -> str:
    """Random stored name (a module-level function so migrations can refer to it)."""
    return _question_upload(instance, filename)


QUESTION_PERSONAL_FIELDS = ("name", "phone", "email", "cooperative_name")
ANSWER_DAYS = 3
REVIEW_DAYS = 7


class Question(CitizenRecord):
    """An online question (홈페이지 상담). With documents it is a document
    review: due in 7 business days instead of 3."""

    reference_prefix, reference_date_field = "Q", "submitted_at"
    staff_url_name = "consultations:question_detail"
    public_url_name = "consultations:question_private"

    OPEN, ANSWERED = "open", "answered"
    STATUSES = [(OPEN, "답변 대기"), (ANSWERED, "답변 완료")]

    phone = models.CharField("휴대전화", max_length=20, blank=True)  # optional on a question
    category = models.ForeignKey(
        "consultations.Category",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name="상담 분야",
    )
    title = models.CharField("제목", max_length=100)
    body = models.TextField("질문", max_length=5000)
    document_review = models.BooleanField("서류검토", default=False)
    submitted_at = models.DateTimeField("접수 일시", default=timezone.now, db_index=True)
    due_date = models.DateField("답변 기한", db_index=True)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=OPEN)
    answer = models.TextField("답변", blank=True)
    answered_at = models.DateTimeField("답변 일시", null=True, blank=True)
    answered_by = user_fk("답변자")
    consultation = optional_fk(
        "consultations.Consultation", models.SET_NULL, "상담 기록", related_name="questions"
    )
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["due_date", "submitted_at"]
        verbose_name = verbose_name_plural = "온라인 상담"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(answered_at__isnull=False),
                name="answered_question_has_time",
            ),
        ]

    def __str__(self):
        return f"온라인 상담 {self.reference} {self.title}"

    def sla_state(self, today: dt.date | None = None) -> str:
        """'answered', 'overdue', 'today' or 'open'."""
        if self.status == self.ANSWERED:
            return "answered"
        today = today or timezone.localdate()
        if self.due_date < today:
            return "overdue"
        if self.due_date == today:
            return "today"
        return "open"


class QuestionDocument(UploadedDocument):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField("파일", upload_to=question_document_path)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "첨부 서류"

    def get_download_url(self) -> str:
        return reverse("consultations:question_document", args=[self.question_id, self.pk])


# --- retention -------------------------------------------------------------------
