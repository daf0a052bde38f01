from django.db import models
from django.utils import timezone

from center.models import Indicator, ProgramUnit, fiscal_year_fk
from core.fields import user_fk
from core.models import Ordered


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
