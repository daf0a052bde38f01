"""Outreach (홍보): channel metrics, the portal's own page-view counter,
content items, the newsletter, youth reporters, campaigns, ICA support and
the user satisfaction survey.

Personal data fields of this app (masking, access log): Subscriber.email,
Reporter.name, SurveyRecipient.email. Nothing else here names a person.
"""

import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from center.fiscal import FiscalDatesModel, registered_year
from core import fields
from core.display import staff_name
from core.models import Ordered


def content_upload_to(instance, filename: str) -> str:
    """`outreach/<yyyy>/<random>.<ext>`: the original name is kept in the model."""
    import os

    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"outreach/{timezone.now():%Y}/{secrets.token_hex(16)}{ext}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Metric(models.TextChoices):
    VISITS = "visits", "방문"
    VIEWS = "views", "조회"
    REACH = "reach", "도달"
    FOLLOWERS = "followers", "팔로워"
    SENDS = "sends", "발송"
    OPENS = "opens", "열람"


class Channel(Ordered):
    """A place the center publishes to (홈페이지, 블로그 …) and the metrics it reports."""

    name = models.CharField("채널명", max_length=50, unique=True)
    slug = models.SlugField(
        "식별자",
        max_length=30,
        unique=True,
        help_text="영문 소문자 (예: homepage). 자동 집계와 성과지표 연결에 씁니다.",
    )
    metrics = models.JSONField("지표", default=list, help_text="이 채널에서 입력받는 지표")
    url = models.URLField("주소", blank=True)
    active = models.BooleanField("사용", default=True)
    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "홍보 채널"

    def __str__(self):
        return self.name

    def metric_choices(self) -> list[tuple[str, str]]:
        labels = dict(Metric.choices)
        return [(m, labels[m]) for m in Metric.values if m in self.metrics]


class MonthlyFigure(models.Model):
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="figures", verbose_name="채널"
    )
    metric = models.CharField("지표", max_length=20, choices=Metric.choices)
    year = fields.fiscal_year_number("연도")
    month = fields.bounded("월", 1, 12)
    value = models.BigIntegerField("값", validators=[MinValueValidator(0)])
    updated_at = models.DateTimeField("수정일시", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "month", "channel__order", "metric"]
        verbose_name = verbose_name_plural = "월별 채널 실적"
        constraints = [
            fields.unique("channel", "metric", "year", "month", name="unique_figure_per_month"),
            fields.at_least("value", 0, name="figure_value_not_negative"),
            fields.within("month", 1, 12, name="figure_month_in_range"),
        ]

    def __str__(self):
        return f"{self.channel} {self.get_metric_display()} {self.year}-{self.month:02d}"


class DailyPageView(models.Model):
    """The portal's own count of its public pages for one day.

    `salt` is random per day and is wiped (with the day's visitor digests)
    when the day is rolled into the monthly figures, so a digest can never
    be linked back to an address afterwards."""

    date = models.DateField("일자", unique=True)
    views = models.PositiveIntegerField("페이지뷰", default=0)
    visitors = models.PositiveIntegerField("방문자(추정)", default=0)
    salt = models.CharField(max_length=64, blank=True)
    rolled_up = models.BooleanField("월별 실적 반영", default=False)

    class Meta:
        ordering = ["-date"]
        verbose_name = verbose_name_plural = "일별 홈페이지 방문"

    def __str__(self):
        return f"{self.date} {self.views}"


class DailyVisitor(models.Model):
    """One salted hash of (IP, user agent) seen on a day; deleted at roll-up."""

    date = models.DateField(db_index=True)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [fields.unique("date", "digest", name="unique_visitor_per_day")]

    def __str__(self):
        return f"{self.date} {self.digest[:8]}"


# --- content -------------------------------------------------------------------------


class ContentKind(models.TextChoices):
    CARD_NEWS = "card_news", "카드뉴스"
    YOUTUBE = "youtube", "유튜브"
    ACTIVITY_NEWS = "activity_news", "활동소식"
    NEWSLETTER = "newsletter", "뉴스레터"
    PRESS = "press", "보도자료"
    PRINTED = "printed", "홍보물"
    VIDEO = "video", "동영상"
    ANNUAL_REPORT = "annual_report", "연차보고서"


PRINTED_KINDS = (ContentKind.PRINTED, ContentKind.ANNUAL_REPORT)


class ReporterCohort(FiscalDatesModel, models.Model):
    number = models.PositiveSmallIntegerField("기수", unique=True)
    year = fields.fiscal_year_number("연도")
    term_start = models.DateField("활동 시작")
    term_end = models.DateField("활동 종료")
    note = models.TextField("활동 내용", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("term_start", "term_end")

    class Meta:
        ordering = ["-number"]
        verbose_name = verbose_name_plural = "청년기자단 기수"
        constraints = [fields.dates_in_order("term_start", "term_end", name="cohort_term_in_order")]

    def __str__(self):
        return f"{self.number}기"


class Reporter(models.Model):
    cohort = models.ForeignKey(
        ReporterCohort, on_delete=models.CASCADE, related_name="members", verbose_name="기수"
    )
    name = models.CharField("이름", max_length=50)
    joined_on = models.DateField("위촉일")
    left_on = models.DateField("활동 종료일", null=True, blank=True)

    class Meta:
        ordering = ["cohort", "pk"]
        verbose_name = verbose_name_plural = "청년기자"

    def __str__(self):
        from core.privacy import mask_name

        return f"{mask_name(self.name)} ({self.cohort})"


class ReporterMeeting(models.Model):
    cohort = models.ForeignKey(
        ReporterCohort, on_delete=models.CASCADE, related_name="meetings", verbose_name="기수"
    )
    date = models.DateField("일자")
    title = models.CharField("모임명", max_length=100)
    attendees = models.PositiveSmallIntegerField("참석 인원", default=0)
    notes = models.TextField("내용", blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "청년기자단 모임"

    def __str__(self):
        return f"{self.date} {self.title}"


class ContentItem(FiscalDatesModel, models.Model):
    kind = models.CharField("유형", max_length=20, choices=ContentKind.choices)
    title = models.CharField("제목", max_length=200)
    date = models.DateField("게시일", db_index=True)
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="content_items", verbose_name="게시 채널"
    )
    url = models.URLField("링크", blank=True)
    file = models.FileField("파일", upload_to=content_upload_to, blank=True)
    file_name = models.CharField("원래 파일 이름", max_length=200, blank=True)
    author_user = fields.user_fk("작성 직원", on_delete=models.SET_NULL)
    author_reporter = fields.optional_fk(
        Reporter, models.SET_NULL, "작성 청년기자", related_name="articles"
    )
    copies = models.PositiveIntegerField(
        "제작 부수", null=True, blank=True, help_text="인쇄물(홍보물, 연차보고서)만 적습니다."
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    fiscal_date_fields = ("date",)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = verbose_name_plural = "홍보 콘텐츠"
        constraints = [
            models.CheckConstraint(
                condition=Q(author_user__isnull=True) | Q(author_reporter__isnull=True),
                name="content_one_author",
            ),
            models.CheckConstraint(
                condition=Q(copies__isnull=True) | Q(kind__in=[k.value for k in PRINTED_KINDS]),
                name="content_copies_only_printed",
            ),
        ]

    def __str__(self):
        return self.title

    def fiscal_year_for_dates(self) -> int | None:
        # An item belongs to the fiscal year of its date, which must be one the center keeps.
        return registered_year(self.date)

    @property
    def author_display(self) -> str:
        if self.author_reporter_id:
            return f"청년기자 {self.author_reporter}"
        if self.author_user_id:
            return staff_name(self.author_user)
        return "-"


# --- newsletter ----------------------------------------------------------------------


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "확인 대기"
        CONFIRMED = "confirmed", "구독 중"
        UNSUBSCRIBED = "unsubscribed", "구독 해지"

    email = models.EmailField("이메일", unique=True)
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.PENDING)
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token)
    confirm_sent_at = models.DateTimeField("확인 메일 발송", null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    consent_version = models.CharField("동의 문구 판", max_length=20)
    consent_at = models.DateTimeField("동의 일시")
    created_at = models.DateTimeField("신청일시", default=timezone.now)
    confirmed_at = models.DateTimeField("구독 확인", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("구독 해지", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "뉴스레터 구독자"

    def __str__(self):
        from core.privacy import mask_email

        return mask_email(self.email)


class NewsletterIssue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "작성 중"
        SENDING = "sending", "발송 중"
        SENT = "sent", "발송 완료"

    title = models.CharField("제목", max_length=200)
    body = models.TextField("본문")
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.DRAFT)
    base_url = models.URLField(blank=True, help_text="발송 시 구독 해지 링크의 주소")
    content_item = fields.optional_fk(
        "ContentItem",
        models.SET_NULL,
        "콘텐츠 기록",
        one_to_one=True,
        related_name="newsletter_issue",
        help_text="발송을 마치면 홍보 콘텐츠(뉴스레터)로 기록됩니다.",
    )
    created_by = fields.user_fk(on_delete=models.SET_NULL, blank=False)
    created_at = models.DateTimeField("작성일시", default=timezone.now)
    send_started_at = models.DateTimeField("발송 시작", null=True, blank=True)
    sent_at = models.DateTimeField("발송 완료", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "뉴스레터"

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One (issue, subscriber) send. Claimed by an atomic status change
    pending → sending before the e-mail goes out, so a retried or duplicated
    batch never sends it twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "대기"
        SENDING = "sending", "발송 중"
        SENT = "sent", "발송"
        SKIPPED = "skipped", "제외 (구독 해지)"
        FAILED = "failed", "실패"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [fields.unique("issue", "subscriber", name="unique_delivery")]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"


# --- campaigns and ICA support -------------------------------------------------------------


class Campaign(models.Model):
    name = models.CharField("캠페인명", max_length=100)
    start = models.DateField("시작일")
    end = models.DateField("종료일")
    website = models.URLField("웹사이트", blank=True)
    description = models.TextField("내용", blank=True)
    participants = models.PositiveIntegerField("참여 인원", null=True, blank=True)
    partners = fields.one_per_line("협력 기관", blank=True)
    results = models.TextField("성과", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        verbose_name = verbose_name_plural = "캠페인"
        constraints = [fields.dates_in_order("start", "end", name="campaign_period_in_order")]

    def __str__(self):
        return self.name

    def partner_lines(self):
        return fields.lines(self.partners)


class IcaSupport(models.Model):
    """A supported young activist (registration fee) or an exhibition booth."""

    class Kind(models.TextChoices):
        ACTIVIST = "activist", "청년 협동조합 활동가 지원"
        BOOTH = "booth", "전시부스 운영 지원"

    kind = models.CharField("지원 구분", max_length=10, choices=Kind.choices)
    recipient = models.CharField(
        "지원 대상", max_length=100, help_text="협동조합명 (활동가는 소속 협동조합)"
    )
    date = models.DateField("지원일")
    amount = models.BigIntegerField(
        "지원금액(원)", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.CharField("비고", max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "date", "pk"]
        verbose_name = verbose_name_plural = "ICA 지원"
        constraints = [fields.at_least("amount", 0, name="ica_amount_not_negative", optional=True)]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient}"


# --- user satisfaction survey ---------------------------------------------------------


class Survey(FiscalDatesModel, models.Model):
    title = models.CharField("조사명", max_length=200)
    year = fields.fiscal_year_number("회계연도")
    opens_on = models.DateField("조사 시작일")
    closes_on = models.DateField("조사 종료일")
    intro = models.TextField("안내문", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("opens_on", "closes_on")

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = verbose_name_plural = "서비스 만족도 조사"
        constraints = [
            fields.dates_in_order("opens_on", "closes_on", name="survey_period_in_order")
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class SurveyQuestion(Ordered):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("문항", max_length=200)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "조사 문항"

    def __str__(self):
        return self.text


class SurveyRecipient(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField("이메일")
    group = models.CharField("대상 구분", max_length=50, blank=True, help_text="예: 상담 이용자")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField("발송", null=True, blank=True)
    answered_at = models.DateTimeField("응답", null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [fields.unique("survey", "email", name="unique_survey_recipient")]

    def __str__(self):
        from core.privacy import mask_email

        return mask_email(self.email)


class SurveyAnswer(models.Model):
    recipient = models.ForeignKey(SurveyRecipient, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = fields.bounded("점수", 0, 100)

    class Meta:
        constraints = [
            fields.unique("recipient", "question", name="unique_answer"),
            fields.within("value", 0, 100, name="answer_in_range"),
        ]

    def __str__(self):
        return f"{self.question} {self.value}"
