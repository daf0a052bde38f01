"""경영지원 programs: calls and applications, reviews, grants and their
execution, coaching, outcomes, small events with crowdfunding, policy work.

Money is integer won. Personal data fields are listed in PERSONAL_FIELDS so
masking, the access log and retention know them.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from center.models import BudgetLine, Expenditure, FiscalYear
from core.uploads import random_upload_path

# Stable codes of the four programs the indicators are computed for.
STARTUP = "startup"
SCALEUP = "scaleup"
SMALL_EVENT = "small-event"
DORMANT = "dormant"

# (model, fields) holding personal data, for masking and retention.
PERSONAL_FIELDS = {
    "Application": ["representative", "phone", "email"],
    "Expert": ["phone", "email"],
}


def attachment_upload_to(instance, filename):
    return random_upload_path("programs/applications")(instance, filename)


def receipt_upload_to(instance, filename):
    return random_upload_path("programs/receipts")(instance, filename)


class Program(models.Model):
    """초기성장지원, 스케일업지원 … (managers add more)."""

    code = models.SlugField(
        "코드", max_length=40, unique=True, help_text="영문 소문자와 - 로 된 고유 코드"
    )
    name = models.CharField("사업명", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("순서", default=0)
    description = models.TextField("사업 소개", blank=True)
    budget_line_name = models.CharField(
        "예산 항목명",
        max_length=100,
        blank=True,
        help_text="지원금이 나가는 센터 예산의 세목 이름 (예: 협동조합 초기성장지원)",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "지원사업"
        verbose_name_plural = "지원사업"

    def __str__(self):
        return self.name


class Call(models.Model):
    """공개모집: one program's call for one fiscal year."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="calls", verbose_name="지원사업"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="program_calls", verbose_name="회계연도"
    )
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
        verbose_name = "공개모집"
        verbose_name_plural = "공개모집"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0),
                name="call_max_amount_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:call", args=[self.pk])

    def is_open(self, now) -> bool:
        return self.published and self.opens_at <= now < self.closes_at

    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria.all())


class Criterion(models.Model):
    """A selection criterion with its weight; a call's weights sum to 100."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("심사 기준", max_length=100)
    weight = models.PositiveSmallIntegerField(
        "배점(가중치)", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "심사 기준"
        verbose_name_plural = "심사 기준"
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="unique_criterion_per_call"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class DocumentType(models.Model):
    """A document applicants attach (사업계획서, 정관 …)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="document_types")
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("서류명", max_length=100)
    required = models.BooleanField("필수", default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "제출 서류"
        verbose_name_plural = "제출 서류"
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="unique_document_per_call"),
        ]

    def __str__(self):
        return self.name


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
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)
    decision_note = models.TextField("결정 사유·안내", blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "신청"
        verbose_name_plural = "신청"
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gt=0), name="application_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["call", "organisation", "project_name"],
                name="unique_application_per_call",
            ),
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


class ConsortiumMember(models.Model):
    """A member of a consortium application (the lead is the applicant)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("참여 조합명", max_length=100)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "컨소시엄 참여 조합"
        verbose_name_plural = "컨소시엄 참여 조합"
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="unique_member"),
        ]

    def __str__(self):
        return self.name


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="attachments", null=True, blank=True
    )
    file = models.FileField(upload_to=attachment_upload_to)
    original_name = models.CharField("파일 이름", max_length=200)
    kind = models.CharField("형식", max_length=10)
    size = models.PositiveIntegerField("크기(바이트)")

    class Meta:
        ordering = ["document_type__order", "pk"]
        verbose_name = "첨부 서류"
        verbose_name_plural = "첨부 서류"

    def __str__(self):
        return self.original_name


class ReviewAssignment(models.Model):
    """An outside reviewer (심사위원) may see and score only assigned applications."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )

    class Meta:
        verbose_name = "심사 배정"
        verbose_name_plural = "심사 배정"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="unique_review_assignment"
            ),
        ]

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
        verbose_name = "심사"
        verbose_name_plural = "심사"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each"),
            models.CheckConstraint(
                condition=Q(weighted_total__gte=0) & Q(weighted_total__lte=100),
                name="review_total_range",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"


class Score(models.Model):
    """One criterion's score (0–100점); the weighted total is Σ score × weight / 100."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        "점수", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "항목 점수"
        verbose_name_plural = "항목 점수"
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="score_range"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name} {self.score}점"


class Grant(models.Model):
    """The support granted to a selected application, paid from a budget line.

    `disbursed` and `spent` are running totals kept by the services under a
    row lock; the constraints make exceeding the grant impossible in the
    database itself."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name="선정 신청"
    )
    amount = models.BigIntegerField("지원 결정액(원)", validators=[MinValueValidator(1)])
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="program_grants",
        verbose_name="예산 항목",
    )
    disbursed = models.BigIntegerField("지급액(원)", default=0, editable=False)
    spent = models.BigIntegerField("사용액(원)", default=0, editable=False)
    note = models.TextField("비고", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application__call", "application__organisation", "pk"]
        verbose_name = "지원금"
        verbose_name_plural = "지원금"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0) & Q(disbursed__lte=F("amount")),
                name="grant_disbursed_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(spent__gte=0) & Q(spent__lte=F("amount")),
                name="grant_spent_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.application.organisation} {self.amount:,}원"

    def get_absolute_url(self):
        return reverse("programs:grant", args=[self.pk])

    @property
    def remaining(self) -> int:
        return self.amount - self.spent

    @property
    def is_settled(self) -> bool:
        return hasattr(self, "settlement")


class GrantItem(models.Model):
    """An item the grant may be spent on (홈페이지 제작, 시제품 제작 …)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("지원 항목", max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = "지원 항목"
        verbose_name_plural = "지원 항목"
        constraints = [
            models.UniqueConstraint(fields=["grant", "name"], name="unique_grant_item"),
        ]

    def __str__(self):
        return self.name


class Disbursement(models.Model):
    """A payment of the grant, booked in the center's ledger (one Expenditure each)."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="disbursements")
    date = models.DateField("지급일")
    amount = models.BigIntegerField("지급액(원)", validators=[MinValueValidator(1)])
    expenditure = models.OneToOneField(
        Expenditure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_disbursement",
        verbose_name="집행 내역",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "지급"
        verbose_name_plural = "지급"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive"),
        ]

    def __str__(self):
        return f"{self.date} {self.amount:,}원"


class Spending(models.Model):
    """The grantee's spending evidence: date, item, amount, receipt."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="spendings")
    date = models.DateField("사용일")
    item = models.ForeignKey(
        GrantItem, on_delete=models.PROTECT, related_name="spendings", verbose_name="지원 항목"
    )
    amount = models.BigIntegerField("금액(원)", validators=[MinValueValidator(1)])
    description = models.CharField("내용", max_length=200)
    receipt = models.FileField("영수증", upload_to=receipt_upload_to, blank=True)
    receipt_name = models.CharField("영수증 파일 이름", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "사용 내역"
        verbose_name_plural = "사용 내역"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_positive"),
        ]

    def __str__(self):
        return f"{self.date} {self.item} {self.amount:,}원"


class Settlement(models.Model):
    """정산: a snapshot at closing. unspent = granted − spent; refund = disbursed − spent."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="settlement")
    settled_on = models.DateField("정산일")
    granted = models.BigIntegerField("지원 결정액(원)")
    disbursed = models.BigIntegerField("지급액(원)")
    spent = models.BigIntegerField("사용액(원)")
    unspent = models.BigIntegerField("미사용액(원)")
    refund = models.BigIntegerField("반환액(원)")
    refund_expenditure = models.OneToOneField(
        Expenditure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="program_refund",
        verbose_name="반환 집행 내역",
    )
    note = models.TextField("정산 의견", blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "정산"
        verbose_name_plural = "정산"
        constraints = [
            models.CheckConstraint(
                condition=Q(spent__gte=0) & Q(spent__lte=F("granted")),
                name="settlement_spent_within_grant",
            ),
            models.CheckConstraint(
                condition=Q(unspent=F("granted") - F("spent")), name="settlement_unspent_sum"
            ),
            models.CheckConstraint(
                condition=Q(refund__gte=0) & Q(disbursed__lte=F("granted")),
                name="settlement_refund_sane",
            ),
        ]

    def __str__(self):
        return f"{self.grant} 정산"


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
        verbose_name = "코칭·컨설팅 배정"
        verbose_name_plural = "코칭·컨설팅 배정"
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "application", "kind"], name="unique_coaching_assignment"
            ),
        ]

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
        verbose_name = "코칭·컨설팅 회차"
        verbose_name_plural = "코칭·컨설팅 회차"

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
        verbose_name = "성과"
        verbose_name_plural = "성과"
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
        from core.rates import achievement_rate

        return achievement_rate(self.sales_after, self.sales_before)


class DemoDay(models.Model):
    """A demo day / IR pitching event and the teams that pitched."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="demo_days", verbose_name="회계연도"
    )
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
        verbose_name = "데모데이"
        verbose_name_plural = "데모데이"

    def __str__(self):
        return self.title


# --- small events and crowdfunding ------------------------------------------------------------


class SmallEvent(models.Model):
    """작은행사 지원: a cooperative's event funded by crowdfunding plus the
    center's indirect support."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="small_events", verbose_name="회계연도"
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="small_event",
        null=True,
        blank=True,
        verbose_name="선정 신청",
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
        verbose_name = "작은행사"
        verbose_name_plural = "작은행사"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "cooperative", "title"], name="unique_small_event"
            ),
            models.CheckConstraint(
                condition=Q(amount_raised__gte=0) & Q(indirect_support__gte=0),
                name="small_event_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding_from__isnull=True)
                | Q(funding_to__isnull=True)
                | Q(funding_to__gte=F("funding_from")),
                name="small_event_funding_period",
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} · {self.title}"


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
        verbose_name = "홍보 콘텐츠"
        verbose_name_plural = "홍보 콘텐츠"

    def __str__(self):
        return self.title


# --- policy work ------------------------------------------------------------------------------


class AdvisoryMember(models.Model):
    """제도개선 자문단 위원."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="advisory_members"
    )
    name = models.CharField("이름", max_length=50)
    affiliation = models.CharField("소속·직위", max_length=100, blank=True)
    role = models.CharField("역할", max_length=20, default="위원")

    class Meta:
        ordering = ["pk"]
        verbose_name = "자문위원"
        verbose_name_plural = "자문위원"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "name", "affiliation"], name="unique_advisory_member"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class PolicyMeeting(models.Model):
    ADVISORY = "advisory"
    FORUM = "forum"
    KINDS = [(ADVISORY, "제도개선 자문회의"), (FORUM, "제도개선 토론회")]

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="policy_meetings"
    )
    kind = models.CharField("구분", max_length=10, choices=KINDS)
    title = models.CharField("회의명", max_length=150)
    date = models.DateField("일자", db_index=True)
    place = models.CharField("장소", max_length=150, blank=True)
    attendees = models.ManyToManyField(
        AdvisoryMember, blank=True, related_name="meetings", verbose_name="참석 위원"
    )
    other_attendees = models.CharField("그 밖의 참석자", max_length=300, blank=True)
    agenda = models.TextField("안건")
    minutes = models.TextField("회의록", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "정책 회의"
        verbose_name_plural = "정책 회의"

    def __str__(self):
        return self.title


class PolicyIssue(models.Model):
    """The register of institutional problems found (제도개선 과제)."""

    FOUND = "found"
    REVIEWING = "reviewing"
    PROPOSED = "proposed"
    RESOLVED = "resolved"
    HELD = "held"
    STATUSES = [
        (FOUND, "발굴"),
        (REVIEWING, "검토 중"),
        (PROPOSED, "개선 제안"),
        (RESOLVED, "해결"),
        (HELD, "보류"),
    ]

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="policy_issues"
    )
    number = models.PositiveSmallIntegerField("연번")
    title = models.CharField("과제", max_length=200)
    area = models.CharField("분야", max_length=50, blank=True)
    description = models.TextField("내용", blank=True)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=FOUND)
    priority = models.BooleanField("우선 해결과제", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-priority", "number", "pk"]
        verbose_name = "제도개선 과제"
        verbose_name_plural = "제도개선 과제"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="unique_policy_issue_number"
            ),
        ]

    def __str__(self):
        return self.title
