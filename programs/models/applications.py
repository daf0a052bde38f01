"""Applications to a call, consortium members, attachments, reviewer assignments and reviews."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.fields import bounded, optional_fk, positive, unique, within
from core.models import Ordered, UploadedDocument
from core.uploads import random_upload_path

from .calls import Call, Criterion, DocumentType

__all__ = [
    "Application",
    "Attachment",
    "ConsortiumMember",
    "HeldUpload",
    "Review",
    "ReviewAssignment",
    "Score",
    "attachment_upload_to",
    "held_upload_to",
]


def attachment_upload_to(instance, filename):
    return random_upload_path("programs/applications")(instance, filename)


def held_upload_to(instance, filename):
    return random_upload_path("programs/held")(instance, filename)


class Application(models.Model):
    """An organisation's (or consortium lead's) application to a call."""

    RECEIVED = "received"
    REVIEWING = "reviewing"
    SELECTED = "selected"
    REJECTED = "rejected"
    STATUSES = [
        (RECEIVED, "접수"),
        (REVIEWING, "심사중"),
        (SELECTED, "선정"),
        (REJECTED, "탈락"),
    ]
    KINDS = [
        ("pre", "예비 협동조합(창업팀)"),
        ("coop", "협동조합"),
        ("social", "사회적협동조합"),
        ("federation", "연합회·협의회"),
        ("other", "기타"),
    ]

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name="공개모집"
    )
    organisation = models.CharField("조합(팀)명", max_length=100)
    kind = models.CharField("조직 형태", max_length=12, choices=KINDS, default="coop")
    representative = models.CharField("대표자(담당자) 이름", max_length=50)
    phone = models.CharField("연락처", max_length=20)
    email = models.EmailField("이메일")
    project_name = models.CharField("사업(프로젝트)명", max_length=150)
    plan = models.TextField("사업 계획")
    requested_amount = models.BigIntegerField("신청 금액(원)", validators=[MinValueValidator(1)])
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=RECEIVED)
    submitted_at = models.DateTimeField("접수 일시", db_index=True)
    consent_version = models.CharField(max_length=20, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # The applicant's confirmation for other people's data they hand in (the
    # 참여자 명단 of members and participants), separate from their own consent.
    participants_consent_version = models.CharField(max_length=20, blank=True)
    participants_consent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)
    decision_note = models.TextField("결정 사유·안내", blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = verbose_name_plural = "신청"
        constraints = [
            positive("requested_amount", name="application_amount_positive"),
            unique("call", "organisation", "project_name", name="unique_application_per_call"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.organisation} · {self.project_name}"

    def get_absolute_url(self):
        return reverse("programs:application", args=[self.pk])

    def status_url(self):
        return reverse("programs:status", args=[self.token])

    @property
    def is_decided(self) -> bool:
        return self.status in (self.SELECTED, self.REJECTED)


class ConsortiumMember(Ordered):
    """A member of a consortium application (the lead is the applicant)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("참여 조합명", max_length=100)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "컨소시엄 참여 조합"
        constraints = [unique("application", "name", name="unique_member")]

    def __str__(self):
        return self.name


class Attachment(UploadedDocument):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    document_type = optional_fk(DocumentType, models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to)

    class Meta:
        ordering = ["document_type__order", "pk"]
        verbose_name = verbose_name_plural = "첨부 서류"


class HeldUpload(UploadedDocument):
    """A document a citizen attached to an application form that was sent
    back for another field: kept (content-checked, under a random name) for
    the same form, so it need not be chosen again. `form_key` is the form's
    random hidden key; rows and files are removed when the application is
    submitted, and after HOURS by `services.purge_held_uploads`."""

    HOURS = 24

    form_key = models.UUIDField(db_index=True)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="held_uploads")
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.CASCADE, related_name="held_uploads"
    )
    file = models.FileField(upload_to=held_upload_to)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "임시 보관 첨부"
        constraints = [unique("form_key", "document_type", name="unique_held_upload_per_form")]


class ReviewAssignment(models.Model):
    """An outside reviewer (심사위원) may see and score only assigned applications."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )

    class Meta:
        verbose_name = verbose_name_plural = "심사 배정"
        constraints = [unique("application", "reviewer", name="unique_review_assignment")]

    def __str__(self):
        return f"{self.application} → {self.reviewer}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="program_reviews"
    )
    weighted_total = models.DecimalField(
        "가중 점수", max_digits=5, decimal_places=2, default=0, editable=False
    )
    comment = models.TextField("심사 의견", blank=True)
    submitted_at = models.DateTimeField("제출 일시", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = verbose_name_plural = "심사"
        constraints = [
            unique("application", "reviewer", name="one_review_each"),
            within("weighted_total", 0, 100, name="review_total_range"),
        ]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"


class Score(models.Model):
    """One criterion's score (0–100점); the weighted total is Σ score × weight / 100."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = bounded("점수", 0, 100)

    class Meta:
        verbose_name = verbose_name_plural = "항목 점수"
        constraints = [
            unique("review", "criterion", name="one_score_per_criterion"),
            within("score", 0, 100, name="score_range"),
        ]

    def __str__(self):
        return f"{self.criterion.name} {self.score}점"
