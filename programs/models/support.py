"""Support for teams: experts and coaching, outcomes, demo days, small events and crowdfunding."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from center.models import fiscal_year_fk
from core.fields import dates_in_order, optional_fk, unique
from core.rates import achievement_rate

from .applications import Application
from .calls import Program, fiscal_date_errors

__all__ = [
    "CoachingAssignment",
    "CoachingSession",
    "DemoDay",
    "Expert",
    "Outcome",
    "PromoContent",
    "SmallEvent",
]

# --- coaching ---------------------------------------------------------------------------


class Expert(models.Model):
    """경영 전문가 풀: coaches and consultants."""

    name = models.CharField("이름", max_length=50)
    affiliation = models.CharField("소속", max_length=100, blank=True)
    field = models.CharField("전문 분야", max_length=100)
    phone = models.CharField("연락처", max_length=20, blank=True)
    email = models.EmailField("이메일", blank=True)
    active = models.BooleanField("활동 중", default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "전문가"
        verbose_name_plural = "경영 전문가 풀"

    def __str__(self):
        return f"{self.name} ({self.field})"


class CoachingAssignment(models.Model):
    COACHING = "coaching"
    CONSULTING = "consulting"
    KINDS = [(COACHING, "코칭"), (CONSULTING, "컨설팅")]

    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="assignments", verbose_name="전문가"
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="coaching",
        verbose_name="지원 팀(조합)",
    )
    kind = models.CharField("구분", max_length=12, choices=KINDS, default=COACHING)
    started_on = models.DateField("배정일")

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = verbose_name_plural = "코칭·컨설팅 배정"
        constraints = [unique("expert", "application", "kind", name="unique_coaching_assignment")]

    def __str__(self):
        return f"{self.application.organisation} ← {self.expert.name} ({self.get_kind_display()})"


class CoachingSession(models.Model):
    assignment = models.ForeignKey(
        CoachingAssignment, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField("일자", db_index=True)
    topic = models.CharField("주제", max_length=150)
    notes = models.TextField("내용", blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "코칭·컨설팅 회차"

    def __str__(self):
        return f"{self.date} {self.topic}"


# --- outcomes and demo day ----------------------------------------------------------------


class Outcome(models.Model):
    """A supported project's results: numbers where they are numbers, and the story."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="outcome"
    )
    sales_before = models.BigIntegerField(
        "지원 전 매출(원)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    sales_after = models.BigIntegerField(
        "지원 후 매출(원)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    sales_note = models.CharField(
        "매출 비교 기간", max_length=100, blank=True, help_text="예: 2021년 8월 → 9월"
    )
    jobs_created = models.PositiveIntegerField("일자리 창출(명)", default=0)
    products_developed = models.PositiveIntegerField("개발 제품(종)", default=0)
    participants = models.PositiveIntegerField(
        "참여·모니터링 인원(명)", default=0, help_text="모니터단, 수혜자 등"
    )
    founded = models.BooleanField("협동조합 설립", default=False)
    founded_on = models.DateField("설립일", null=True, blank=True)
    story = models.TextField("주요 성과", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "성과"
        constraints = [
            models.CheckConstraint(
                condition=Q(founded=True) | Q(founded_on__isnull=True),
                name="outcome_founded_date_needs_flag",
            ),
            models.CheckConstraint(
                condition=(Q(sales_before__isnull=True) | Q(sales_before__gte=0))
                & (Q(sales_after__isnull=True) | Q(sales_after__gte=0)),
                name="outcome_sales_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.application} 성과"

    @property
    def sales_growth(self):
        """Percent of sales_after over sales_before (the report's 203%)."""
        return achievement_rate(self.sales_after, self.sales_before)


class DemoDay(models.Model):
    """A demo day / IR pitching event and the teams that pitched."""

    fiscal_year = fiscal_year_fk("demo_days", verbose_name="회계연도")
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="demo_days", verbose_name="지원사업"
    )
    title = models.CharField("행사명", max_length=150)
    date = models.DateField("개최일")
    place = models.CharField("장소", max_length=150, blank=True)
    description = models.TextField("내용", blank=True)
    teams = models.ManyToManyField(
        Application, related_name="demo_days", blank=True, verbose_name="발표 팀"
    )

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = verbose_name_plural = "데모데이"

    def __str__(self):
        return self.title


# --- small events and crowdfunding ------------------------------------------------------------


class SmallEvent(models.Model):
    """작은행사 지원: a cooperative's event funded by crowdfunding plus the
    center's indirect support."""

    fiscal_year = fiscal_year_fk("small_events", verbose_name="회계연도")
    application = optional_fk(
        Application, models.PROTECT, "선정 신청", one_to_one=True, related_name="small_event"
    )
    cooperative = models.CharField("(사회적)협동조합명", max_length=100)
    title = models.CharField("행사 내용", max_length=150)
    held_on = models.DateField("행사일", null=True, blank=True)
    funding_url = models.URLField("모금 페이지", blank=True)
    funding_from = models.DateField("모금 시작", null=True, blank=True)
    funding_to = models.DateField("모금 종료", null=True, blank=True)
    amount_raised = models.BigIntegerField(
        "모금액(원)", default=0, validators=[MinValueValidator(0)]
    )
    backers = models.PositiveIntegerField("참여 시민(명)", default=0)
    indirect_support = models.BigIntegerField(
        "간접지원액(원)", default=0, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "pk"]
        verbose_name = verbose_name_plural = "작은행사"
        constraints = [
            unique("fiscal_year", "cooperative", "title", name="unique_small_event"),
            models.CheckConstraint(
                condition=Q(amount_raised__gte=0) & Q(indirect_support__gte=0),
                name="small_event_amounts_not_negative",
            ),
            dates_in_order(
                "funding_from", "funding_to", name="small_event_funding_period", optional=True
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} · {self.title}"

    def date_errors(self) -> dict[str, str]:
        """Every date rule of an event: inside its fiscal year, funding ends after it starts."""
        errors = fiscal_date_errors(self, ("held_on", "funding_from", "funding_to"))
        start, end = self.funding_from, self.funding_to
        if start and end and end < start:
            errors.setdefault("funding_to", "모금 종료일은 시작일보다 앞설 수 없습니다.")
        return errors

    def clean(self):
        if errors := self.date_errors():
            raise ValidationError(errors)


class PromoContent(models.Model):
    """Content produced for a small event (모금 홍보 콘텐츠)."""

    KINDS = [("video", "영상"), ("cardnews", "카드뉴스"), ("article", "기사·글"), ("other", "기타")]

    event = models.ForeignKey(SmallEvent, on_delete=models.CASCADE, related_name="contents")
    title = models.CharField("제목", max_length=150)
    kind = models.CharField("형식", max_length=10, choices=KINDS, default="cardnews")
    url = models.URLField("주소", blank=True)
    published_on = models.DateField("게시일")

    class Meta:
        ordering = ["published_on", "pk"]
        verbose_name = verbose_name_plural = "홍보 콘텐츠"

    def __str__(self):
        return self.title
