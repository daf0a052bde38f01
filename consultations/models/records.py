"""Consultations: who called or came (Client, Cooperative), what about
(Category) and what the center answered (Consultation), plus expert
consultations and the advisory board.

Personal data lives only on `Client` (name, phone, email); its fields are
listed in `Client.PERSONAL_FIELDS` so masking, the access log and retention
know them.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.fields import bounded, dates_in_order, optional_fk, user_fk, within
from core.models import Ordered
from core.privacy import format_phone, mask_name, mask_phone

__all__ = [
    "DISTRICTS",
    "DISTRICT_CHOICES",
    "Advisor",
    "AdvisoryAnswer",
    "Category",
    "Client",
    "Consultation",
    "Cooperative",
    "ExpertConsultation",
    "Field",
    "phone_digits_of",
]

# Seoul's 25 autonomous districts (자치구), in the city's official order.
DISTRICTS = [
    "종로구",
    "중구",
    "용산구",
    "성동구",
    "광진구",
    "동대문구",
    "중랑구",
    "성북구",
    "강북구",
    "도봉구",
    "노원구",
    "은평구",
    "서대문구",
    "마포구",
    "양천구",
    "강서구",
    "구로구",
    "금천구",
    "영등포구",
    "동작구",
    "관악구",
    "서초구",
    "강남구",
    "송파구",
    "강동구",
]
DISTRICT_CHOICES = [(d, d) for d in DISTRICTS]


class Cooperative(models.Model):
    """A cooperative or pre-cooperative a client speaks for."""

    class Kind(models.TextChoices):
        GENERAL = "general", "일반협동조합"
        SOCIAL = "social", "사회적협동조합"
        FEDERATION = "federation", "연합회"
        PRE = "pre", "예비협동조합"

    name = models.CharField("조합명", max_length=100, unique=True)
    kind = models.CharField("유형", max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    district = models.CharField("자치구", max_length=10, choices=DISTRICT_CHOICES, blank=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "협동조합"
        indexes = [models.Index(fields=["district"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("consultations:cooperative", args=[self.pk])


def phone_digits_of(phone: str | None) -> str:
    """The digits of a phone number, as `Client.phone_digits` stores them."""
    return "".join(ch for ch in phone or "" if ch.isascii() and ch.isdigit())


class Client(models.Model):
    """A person who asked the center (상담 신청인). Personal data."""

    PERSONAL_FIELDS = ("name", "phone", "email")

    name = models.CharField("성명", max_length=50, blank=True)
    phone = models.CharField("전화번호", max_length=20, blank=True, db_index=True)
    # The number's digits alone, kept by save() (and by `phone_digits_of` where
    # rows are bulk-created), so a search for "5678" or "01012345678" is one
    # indexed lookup (a trigram index on PostgreSQL) instead of a scan.
    phone_digits = models.CharField(
        "전화번호 숫자", max_length=20, blank=True, db_index=True, editable=False
    )
    email = models.EmailField("이메일", blank=True)
    cooperative = optional_fk(Cooperative, models.SET_NULL, "소속 협동조합", related_name="clients")
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    scrubbed_at = models.DateTimeField("개인정보 파기일시", null=True, blank=True, editable=False)
    # Contact changes are explicit edits; the earlier number stays findable.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = verbose_name_plural = "상담 신청인"
        indexes = [models.Index(fields=["name"], name="client_name_idx")]

    def __str__(self):
        return self.masked_name or "(익명)"

    def save(self, *args, **kwargs):
        self.phone = format_phone(self.phone)
        self.phone_digits = phone_digits_of(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_digits"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consultations:client", args=[self.pk])

    @property
    def masked_name(self) -> str:
        """The name as lists show it; an empty name says why it is empty."""
        if not self.name:
            return "(파기됨)" if self.scrubbed_at else "이름 미입력"
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Category(Ordered):
    """A consultation topic (상담 분야); managers edit the list."""

    name = models.CharField("분야명", max_length=50, unique=True)
    active = models.BooleanField("사용", default=True)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "상담 분야"

    def __str__(self):
        return self.name


class Consultation(models.Model):
    """One basic consultation (기초상담) on one channel."""

    class Channel(models.TextChoices):
        PHONE = "phone", "전화"
        VISIT = "visit", "방문"
        WEB = "web", "홈페이지"
        VIDEO = "video", "화상"

    channel = models.CharField("상담 방법", max_length=5, choices=Channel.choices)
    started_at = models.DateTimeField("상담일시")
    duration_minutes = bounded("상담시간(분)", 1, 600, default=10)
    client = optional_fk(Client, models.PROTECT, "신청인", related_name="consultations")
    cooperative = optional_fk(Cooperative, models.PROTECT, "협동조합", related_name="consultations")
    categories = models.ManyToManyField(
        Category, blank=True, related_name="consultations", verbose_name="상담 분야"
    )
    summary = models.TextField("상담 내용")
    answer = models.TextField("답변 내용", blank=True)
    follow_up_needed = models.BooleanField("후속 조치 필요", default=False)
    handled_by = user_fk("상담자", related_name="consultations")
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = verbose_name_plural = "기초상담"
        indexes = [
            models.Index(fields=["-started_at", "-id"], name="consult_started_idx"),
            models.Index(fields=["channel", "started_at"], name="consult_channel_idx"),
            models.Index(fields=["handled_by", "started_at"], name="consult_staff_idx"),
            models.Index(fields=["cooperative", "started_at"], name="consult_coop_idx"),
            models.Index(fields=["client", "started_at"], name="consult_client_idx"),
        ]
        constraints = [within("duration_minutes", 1, 600, name="consultation_duration_range")]

    def __str__(self):
        return f"{self.get_channel_display()}상담 #{self.pk}"

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])


# --- expert consultations and the advisory board ---------------------------------------


class Field(models.TextChoices):
    """Advisory fields (전문분야) the report counts by."""

    LEGAL_AFFAIRS = "legal_affairs", "법무"
    LAW = "law", "법률"
    ACCOUNTING = "accounting", "회계세무"
    LABOR = "labor", "인사노무"
    MANAGEMENT = "management", "경영 및 조직운영"


class Advisor(models.Model):
    """A member of an advisory board (자문단), appointed for a term."""

    class Board(models.TextChoices):
        BASIC = "basic", "기초상담자문단"
        EXPERT = "expert", "전문상담자문단"

    name = models.CharField("성명", max_length=50)
    field = models.CharField("전문분야", max_length=15, choices=Field.choices)
    board = models.CharField("자문단", max_length=6, choices=Board.choices)
    affiliation = models.CharField("소속", max_length=100, blank=True)
    term_start = models.DateField("위촉 시작일")
    term_end = models.DateField("위촉 종료일")
    phone = models.CharField("연락처", max_length=20, blank=True)
    email = models.EmailField("이메일", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "field", "name"]
        verbose_name = verbose_name_plural = "자문위원"
        constraints = [dates_in_order("term_start", "term_end", name="advisor_term_order")]

    def __str__(self):
        return f"{self.name} ({self.get_field_display()})"

    def save(self, *args, **kwargs):
        self.phone = format_phone(self.phone)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consultations:advisor", args=[self.pk])


class ExpertConsultation(models.Model):
    """An expert consultation (전문상담): a basic consultation referred to one
    advisor (1:1) or several (多:1 심층 상담), then monitored afterwards."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "예정"
        HELD = "held", "실시"
        CANCELLED = "cancelled", "취소"

    consultation = optional_fk(
        Consultation, models.PROTECT, "의뢰한 기초상담", related_name="referrals"
    )
    cooperative = optional_fk(
        Cooperative, models.PROTECT, "협동조합", related_name="expert_consultations"
    )
    field = models.CharField("상담 분야", max_length=15, choices=Field.choices)
    advisors = models.ManyToManyField(
        Advisor, related_name="expert_consultations", verbose_name="자문위원"
    )
    topic = models.CharField("상담 주제", max_length=200)
    scheduled_at = models.DateTimeField("상담일시")
    status = models.CharField(
        "상태", max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    outcome = models.TextField("상담 결과", blank=True)
    follow_up_on = models.DateField("모니터링 예정일", null=True, blank=True)
    follow_up_note = models.TextField("모니터링 결과", blank=True)
    created_by = user_fk("담당자")
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-scheduled_at", "-pk"]
        verbose_name = verbose_name_plural = "전문상담"
        indexes = [models.Index(fields=["status", "scheduled_at"], name="expert_status_idx")]

    def __str__(self):
        return f"전문상담 #{self.pk} {self.topic}"

    def get_absolute_url(self):
        return reverse("consultations:expert", args=[self.pk])


class AdvisoryAnswer(models.Model):
    """An advisor's written answer to the staff (자문 지원), counted by field."""

    advisor = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="answers", verbose_name="자문위원"
    )
    answered_on = models.DateField("자문일")
    field = models.CharField("분야", max_length=15, choices=Field.choices)
    question = models.TextField("질의 내용")
    answer = models.TextField("자문 내용")
    consultation = optional_fk(
        Consultation, models.SET_NULL, "관련 기초상담", related_name="advisory_answers"
    )
    created_by = user_fk("등록자")
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = verbose_name_plural = "자문 답변"
        indexes = [models.Index(fields=["answered_on", "field"], name="advisory_date_idx")]

    def __str__(self):
        return f"{self.answered_on} {self.get_field_display()} 자문"
