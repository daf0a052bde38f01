"""The center's own data: profile, fiscal years, budget and its execution, the
plan and the performance indicators every other app reports into.

Money is integer won (BigIntegerField); the report shows thousand won.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.fields import (
    at_least,
    fiscal_year_number,
    lines,
    one_per_line,
    optional_fk,
    unique,
    user_fk,
)
from core.models import Ordered
from core.uploads import random_upload_path


class Organisation(models.Model):
    """The center's profile. One row (pk=1); `current()` returns it."""

    name = models.CharField("기관명", max_length=100)
    facility_name = models.CharField("시설명", max_length=100, blank=True)
    address = models.CharField("주소", max_length=200)
    floor_area = models.DecimalField(
        "면적(㎡)", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    phone = models.CharField("대표번호", max_length=20)
    email = models.EmailField("이메일", blank=True)
    legal_basis = one_per_line("추진근거")
    opening_hours = models.CharField("운영시간", max_length=100, blank=True)
    directions = models.TextField(
        "찾아오는 길",
        blank=True,
        help_text="지하철역과 출구, 버스 정류장, 걸어서 걸리는 시간. 한 줄에 하나씩 적습니다.",
    )
    map_image = models.ImageField(
        "약도", upload_to=random_upload_path("center/map"), blank=True, help_text="PNG 또는 JPEG"
    )
    map_credit = models.CharField(
        "약도 출처", max_length=200, blank=True, help_text="지도 자료의 저작권 표시"
    )
    history = HistoricalRecords(excluded_fields=["map_image"])

    class Meta:
        verbose_name = verbose_name_plural = "기관 정보"

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()

    def legal_basis_lines(self):
        return lines(self.legal_basis)


class HistoryEntry(models.Model):
    """A dated milestone (주요연혁); operator terms carry the term and center heads."""

    date = models.DateField("일자")
    text = models.CharField("내용", max_length=200)
    term = models.PositiveSmallIntegerField("수탁 기수", null=True, blank=True)
    operator = models.CharField("수탁기관", max_length=100, blank=True)
    heads = models.CharField("센터장", max_length=100, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "주요연혁"

    def __str__(self):
        return f"{self.date} {self.text}"


class CommissionedTask(Ordered):
    """A line of 위탁사무 및 사업 내용."""

    text = models.CharField("내용", max_length=200)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "위탁사무"

    def __str__(self):
        return self.text


class FiscalYear(models.Model):
    """회계연도: the unit budgets, plans and targets hang off."""

    year = fiscal_year_number("연도", unique=True)
    report_date = models.DateField("보고일", null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "회계연도"

    def __str__(self):
        return f"{self.year}년"


def fiscal_year_fk(
    related_name: str,
    *,
    on_delete=models.PROTECT,
    verbose_name: str | None = None,
    one_to_one: bool = False,
):
    """The link of a record that belongs to one fiscal year (README, naming
    scheme). PROTECT by default: a year with records cannot be deleted; the
    center's own rows of a year (budget, plan, staffing) CASCADE with it."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        FiscalYear, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name
    )


class StaffPosition(Ordered):
    """Staffing by position (센터장/팀장/매니저) with 정원 and 현원, per year."""

    fiscal_year = fiscal_year_fk("positions", on_delete=models.CASCADE)
    title = models.CharField("직위", max_length=50)
    quota = models.PositiveSmallIntegerField("정원(명)")
    current = models.PositiveSmallIntegerField("현원(명)")

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "직원 현황"
        constraints = [unique("fiscal_year", "title", name="unique_position_per_year")]

    def __str__(self):
        return self.title


class BudgetLine(Ordered):
    """A node of the budget tree (민간위탁금 합계 → 소계 → 분야 → 세목).

    Only leaves carry a planned amount and expenditures; a group's planned and
    executed amounts are the sums of its leaves (computed, never typed).
    """

    fiscal_year = fiscal_year_fk("budget_lines", on_delete=models.CASCADE)
    parent = optional_fk("self", models.PROTECT, "상위 항목", related_name="children")
    name = models.CharField("항목명", max_length=100)
    planned = models.BigIntegerField(
        "예산액(원)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "예산 항목"
        constraints = [
            unique("fiscal_year", "parent", "name", name="unique_budget_line_name"),
            models.UniqueConstraint(
                fields=["fiscal_year", "name"],
                condition=Q(parent__isnull=True),
                name="unique_budget_root_name",
            ),
            at_least("planned", 0, name="budget_planned_not_negative", optional=True),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("center:budget_line", args=[self.pk])


class Expenditure(models.Model):
    """One entry of the execution ledger, in won, against a leaf budget line."""

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenditures", verbose_name="예산 항목"
    )
    date = models.DateField("집행일")
    amount = models.BigIntegerField("금액(원)", validators=[MinValueValidator(1)])
    payee = models.CharField("지급처", max_length=100)
    memo = models.CharField("적요", max_length=200, blank=True)
    evidence = models.CharField("증빙번호", max_length=100, blank=True)
    is_overrun = models.BooleanField(
        "초과집행",
        default=False,
        help_text="예산액을 넘는 집행을 관리자가 사유와 함께 기록할 때만 표시합니다.",
    )
    overrun_reason = models.CharField("초과집행 사유", max_length=200, blank=True)
    is_refund = models.BooleanField(
        "반환", default=False, editable=False, help_text="지원금 반환처럼 집행액을 줄이는 내역"
    )
    created_by = user_fk(related_name=None, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = verbose_name_plural = "집행 내역"
        constraints = [
            # A spending is positive; a refund (반환) is the one negative entry.
            models.CheckConstraint(
                condition=Q(is_refund=False, amount__gt=0) | Q(is_refund=True, amount__lt=0),
                name="expenditure_amount_sign",
            ),
            models.CheckConstraint(
                condition=Q(is_overrun=False) | ~Q(overrun_reason=""),
                name="expenditure_overrun_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["budget_line", "date"])]

    def __str__(self):
        return f"{self.date} {self.payee} {self.amount:,}원"

    def owner(self):
        """The record that created this entry through its own service (e.g. a
        grant disbursement), found through any one-to-one link to it; such an
        entry is changed there, not in the ledger."""
        for relation in self._meta.related_objects:
            if relation.one_to_one:
                related = getattr(self, relation.get_accessor_name(), None)
                if related is not None:
                    return related
        return None


class Plan(models.Model):
    """The year's plan: vision and focus (II. 주요사업 계획)."""

    fiscal_year = fiscal_year_fk(
        "plan", on_delete=models.CASCADE, verbose_name=None, one_to_one=True
    )
    vision = models.CharField("비전", max_length=200)
    focus = models.TextField(
        "중점 추진내용", blank=True, help_text="한 줄에 하나씩, 세부 내용은 줄 앞에 '-'를 붙입니다."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "사업 계획"

    def __str__(self):
        return f"{self.fiscal_year} 사업 계획"

    def focus_lines(self):
        return [line.rstrip() for line in self.focus.splitlines() if line.strip()]


class Strategy(Ordered):
    """A strategic goal (목표 및 방향) with its ◆ actions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategies")
    title = models.CharField("전략", max_length=100)
    actions = one_per_line("세부 방향")

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "전략"

    def __str__(self):
        return self.title

    def action_lines(self):
        return lines(self.actions)


class PlanArea(Ordered):
    """One of the 3 areas (분야) of the key tasks."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    title = models.CharField("분야", max_length=100)
    slogan = models.CharField("설명", max_length=200, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "추진 분야"

    def __str__(self):
        return self.title


class KeyTask(models.Model):
    """One of the 10 key tasks (추진과제) with its main activities."""

    area = models.ForeignKey(PlanArea, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField("연번")
    title = models.CharField("추진 항목", max_length=100)
    activities = models.CharField("주요 사업", max_length=300)

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = verbose_name_plural = "추진과제"

    def __str__(self):
        return f"{self.number}. {self.title}"


class ProgramArea(Ordered):
    """A chapter of III. 사업 계획 및 실적 (협동조합 상담지원, 교육지원 …)."""

    fiscal_year = fiscal_year_fk("program_areas", on_delete=models.CASCADE)
    name = models.CharField("분야명", max_length=100)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "사업 분야"
        constraints = [unique("fiscal_year", "name", name="unique_area_per_year")]

    def __str__(self):
        return self.name


class ProgramUnit(Ordered):
    """A program unit (기초상담, 전문상담 …) with its overview, the budget lines
    it is paid from (홍보 및 정보제공 draws on two) and the narrative staff
    write for the report."""

    area = models.ForeignKey(ProgramArea, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("사업명", max_length=100)
    target_group = models.CharField("대상", max_length=200, blank=True)
    budget_lines = models.ManyToManyField(
        BudgetLine,
        blank=True,
        related_name="program_units",
        verbose_name="예산 항목",
        help_text="소요예산은 고른 항목의 예산액 합계입니다.",
    )
    overview = models.TextField("사업개요", blank=True)
    narrative = models.TextField("추진내용", blank=True)
    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "단위사업"
        constraints = [unique("area", "name", name="unique_unit_per_area")]

    def __str__(self):
        return self.name


class Indicator(Ordered):
    """A performance indicator (성과지표) of one program unit in one year.

    The actual is computed by a registered source (see `core.registry`)
    when `source` is set, otherwise entered by staff.
    """

    UNITS = [(u, u) for u in ("건", "회", "명", "조합", "팀", "부", "종", "점")]

    unit = models.ForeignKey(ProgramUnit, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("지표명", max_length=100)
    measure = models.CharField("단위", max_length=10, choices=UNITS)
    target = models.BigIntegerField("목표", validators=[MinValueValidator(0)])
    source = models.CharField("실적 산출", max_length=100, blank=True)
    entered_actual = models.BigIntegerField(
        "실적(직접 입력)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    actual_note = models.CharField(
        "실적 비고", max_length=50, blank=True, help_text="실적이 없을 때 표시할 말 (예: 진행 중)"
    )
    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "성과지표"
        constraints = [
            unique("unit", "name", "measure", name="unique_indicator_per_unit"),
            at_least("target", 0, name="indicator_target_not_negative"),
            at_least("entered_actual", 0, name="indicator_actual_not_negative", optional=True),
        ]

    def __str__(self):
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.source)
