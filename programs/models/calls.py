"""Programs, their calls (공개모집), the review criteria and the documents a call asks for."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from center.fiscal import check_dates
from center.models import fiscal_year_fk
from core.fields import bounded, dates_in_order, positive, unique, within
from core.models import Ordered

__all__ = [
    "DORMANT",
    "SCALEUP",
    "SMALL_EVENT",
    "STARTUP",
    "Call",
    "Criterion",
    "DocumentType",
    "Program",
]

# Stable codes of the four programs the indicators are computed for.
STARTUP = "startup"
SCALEUP = "scaleup"
SMALL_EVENT = "small-event"
DORMANT = "dormant"


def fiscal_date_errors(instance, names: tuple[str, ...]) -> dict[str, str]:
    """`center.fiscal.check_dates` for the date fields `names` of a record with a
    `fiscal_year`, labelled by their verbose names (the form's labels too)."""
    if not instance.fiscal_year_id:
        return {}
    values = {
        n: (str(instance._meta.get_field(n).verbose_name), getattr(instance, n)) for n in names
    }
    return check_dates(instance.fiscal_year.year, values)


class Program(Ordered):
    """초기성장지원, 스케일업지원 … (managers add more)."""

    code = models.SlugField(
        "코드", max_length=40, unique=True, help_text="영문 소문자와 - 로 된 고유 코드"
    )
    name = models.CharField("사업명", max_length=100, unique=True)
    description = models.TextField("사업 소개", blank=True)
    budget_line_name = models.CharField(
        "예산 항목명",
        max_length=100,
        blank=True,
        help_text="지원금이 나가는 센터 예산의 세목 이름 (예: 협동조합 초기성장지원)",
    )

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "지원사업"

    def __str__(self):
        return self.name


class Call(models.Model):
    """공개모집: one program's call for one fiscal year."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="calls", verbose_name="지원사업"
    )
    fiscal_year = fiscal_year_fk("program_calls", verbose_name="회계연도")
    title = models.CharField("공고명", max_length=150)
    opens_at = models.DateTimeField("접수 시작")
    closes_at = models.DateTimeField("접수 마감")
    eligibility = models.TextField("지원 자격")
    description = models.TextField("사업 내용", blank=True)
    max_amount = models.BigIntegerField(
        "팀당 최대 지원액(원)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    published = models.BooleanField(
        "공개", default=False, help_text="공개해야 신청 페이지에 보입니다."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = verbose_name_plural = "공개모집"
        constraints = [
            dates_in_order("opens_at", "closes_at", name="call_closes_after_opening", strict=True),
            positive("max_amount", name="call_max_amount_positive", optional=True),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:call", args=[self.pk])

    def date_errors(self) -> dict[str, str]:
        """Every date rule of a call: inside its fiscal year, closing after opening."""
        errors = fiscal_date_errors(self, ("opens_at", "closes_at"))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.setdefault("closes_at", "접수 마감은 접수 시작보다 뒤여야 합니다.")
        return errors

    def clean(self):
        if errors := self.date_errors():
            raise ValidationError(errors)

    def is_open(self, now) -> bool:
        return self.published and self.opens_at <= now < self.closes_at

    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria.all())


class Criterion(Ordered):
    """A selection criterion with its weight; a call's weights sum to 100."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("심사 기준", max_length=100)
    weight = bounded("배점(가중치)", 1, 100)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "심사 기준"
        constraints = [
            unique("call", "name", name="unique_criterion_per_call"),
            within("weight", 1, 100, name="criterion_weight_range"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class DocumentType(Ordered):
    """A document applicants attach (사업계획서, 정관 …)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="document_types")
    name = models.CharField("서류명", max_length=100)
    required = models.BooleanField("필수", default=True)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "제출 서류"
        constraints = [unique("call", "name", name="unique_document_per_call")]

    def __str__(self):
        return self.name
