import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from center.models import FiscalYear
from core.uploads import random_upload_path

from .exporters import FORMATS


class ReportExport(models.Model):
    """One export of the annual report, built by a Celery task.

    The task records its progress (step of STEPS) here so the page can show
    a moving bar; the file is written under one name per export, so a retry
    overwrites rather than adds a second file.

    States: queued → running → done | failed. A queued or running export
    whose task was lost (broker down when it was requested, worker killed)
    becomes interrupted (중단됨) once `touched_at` is older than
    REPORT_EXPORT_STALE_AFTER; from there 다시 시도 queues it again and 취소
    ends it (cancelled). A failed export can be retried too."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    INTERRUPTED, CANCELLED = "interrupted", "cancelled"
    STATUSES = [
        (QUEUED, "대기"),
        (RUNNING, "생성 중"),
        (DONE, "완료"),
        (FAILED, "실패"),
        (INTERRUPTED, "중단됨"),
        (CANCELLED, "취소됨"),
    ]
    ACTIVE = (QUEUED, RUNNING)
    RETRYABLE = (FAILED, INTERRUPTED)
    CANCELLABLE = (QUEUED, RUNNING, INTERRUPTED)

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="report_exports", verbose_name="연도"
    )
    fmt = models.CharField("형식", max_length=10, choices=[(k, v[0]) for k, v in FORMATS.items()])
    status = models.CharField("상태", max_length=12, choices=STATUSES, default=QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    total_steps = models.PositiveSmallIntegerField(default=1)
    step_label = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to=random_upload_path("reports"), blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField("오류", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name="요청자"
    )
    created_at = models.DateTimeField("요청 시각", auto_now_add=True)
    finished_at = models.DateTimeField("완료 시각", null=True, blank=True)
    touched_at = models.DateTimeField(
        "마지막 진행", default=timezone.now, help_text="대기·진행 상태가 바뀔 때마다 기록"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "보고서 내보내기"
        verbose_name_plural = "보고서 내보내기"

    def __str__(self):
        return f"{self.fiscal_year} {self.get_fmt_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("reports:export", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        return min(99, round(100 * self.step / max(self.total_steps, 1)))

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def can_retry(self) -> bool:
        return self.status in self.RETRYABLE

    @property
    def can_cancel(self) -> bool:
        return self.status in self.CANCELLABLE

    @classmethod
    def stale_before(cls) -> dt.datetime:
        return timezone.now() - dt.timedelta(seconds=settings.REPORT_EXPORT_STALE_AFTER)

    def download_name(self) -> str:
        from .exporters import filename

        return filename(self.fiscal_year, self.fmt)
