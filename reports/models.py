import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from center.models import Indicator, ProgramUnit, fiscal_year_fk
from core.fields import user_fk
from core.models import Ordered, TrackedTask
from core.uploads import random_upload_path

from .formats import FORMATS, filename


class ReportExport(TrackedTask):
    """One export of the annual report, built by a Celery task.

    The task records its progress (step of STEPS) here so the page can show
    a moving bar; the file is written under one name per export, so a retry
    overwrites rather than adds a second file.

    States: queued → running → done | failed (`core.models.TrackedTask`). A
    queued or running export whose task was lost (broker down when it was
    requested, worker killed) becomes interrupted (중단됨) once `touched_at`
    is older than REPORT_EXPORT_STALE_AFTER; from there 다시 시도 queues it
    again and 취소 ends it (cancelled). A failed export can be retried too."""

    CANCELLED = "cancelled"
    STATUSES = [
        (TrackedTask.QUEUED, "대기"),
        (TrackedTask.RUNNING, "생성 중"),
        (TrackedTask.DONE, "완료"),
        (TrackedTask.FAILED, "실패"),
        (TrackedTask.INTERRUPTED, "중단됨"),
        (CANCELLED, "취소됨"),
    ]
    RETRYABLE = (TrackedTask.FAILED, TrackedTask.INTERRUPTED)
    CANCELLABLE = (*TrackedTask.ACTIVE, TrackedTask.INTERRUPTED)

    fiscal_year = fiscal_year_fk("report_exports", on_delete=models.CASCADE, verbose_name="연도")
    fmt = models.CharField("형식", max_length=10, choices=[(k, v[0]) for k, v in FORMATS.items()])
    status = models.CharField("상태", max_length=12, choices=STATUSES, default=TrackedTask.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    total_steps = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=random_upload_path("reports"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    is_draft = models.BooleanField(
        "초안", default=False, help_text="검토하지 않은 작년 문구가 남아 초안으로 만든 파일"
    )
    touched_at = models.DateTimeField(
        "마지막 진행", default=timezone.now, help_text="대기·진행 상태가 바뀔 때마다 기록"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "보고서 내보내기"

    def __str__(self):
        return f"{self.fiscal_year} {self.get_fmt_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("reports:export", args=[self.pk])

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
        return filename(self.fiscal_year, self.fmt, draft=self.is_draft)


class SectionTable(Ordered):
    """A sub-table a program unit's report section shows (초기 성장지원 →
    its grants), built from the registered table source `source`
    (`core.registry.register_table`) for the section's year."""

    unit = models.ForeignKey(
        ProgramUnit, on_delete=models.CASCADE, related_name="report_tables", verbose_name="단위사업"
    )
    source = models.CharField("표", max_length=100)
    title = models.CharField(
        "제목", max_length=100, blank=True, help_text="비워 두면 표의 이름을 씁니다."
    )

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "보고서 표"
        constraints = [
            models.UniqueConstraint(fields=["unit", "source"], name="unique_section_table"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.title or self.source}"


class SectionReview(models.Model):
    """A manager's 검토 완료 of one section's text in one year.

    `section` is "plan" (II. 주요사업 계획) or "unit:<pk>"; `digest` is the
    hash of the text reviewed, so editing the text afterwards asks for a new
    review of the lines carried over from the previous year."""

    fiscal_year = fiscal_year_fk("section_reviews", on_delete=models.CASCADE, verbose_name="연도")
    section = models.CharField("부분", max_length=30)
    digest = models.CharField(max_length=64)
    reviewed_by = user_fk("검토자", related_name=None, blank=False)
    reviewed_at = models.DateTimeField("검토 시각", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "문구 검토"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "section"], name="unique_section_review"
            ),
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.section} 검토"


class IndicatorMark(models.Model):
    """미실시 / 해당없음 of an indicator in its year: the report prints '-' with
    the note as a footnote instead of a computed (or missing) figure."""

    NOT_HELD = "not_held"
    NOT_APPLICABLE = "not_applicable"
    STATUSES = [(NOT_HELD, "미실시"), (NOT_APPLICABLE, "해당없음")]

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="report_mark", verbose_name="성과지표"
    )
    status = models.CharField("표시", max_length=20, choices=STATUSES)
    note = models.CharField("주석", max_length=300)
    marked_by = user_fk("표시한 사람", related_name=None, blank=False)
    marked_at = models.DateTimeField("표시 시각", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "성과지표 미실시 표시"
        constraints = [
            models.CheckConstraint(condition=~models.Q(note=""), name="indicator_mark_has_note"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.get_status_display()}"
