"""Bookings of visit and video slots (방문·화상 상담 예약).

A `Slot` row exists per (date, time, kind) once someone books it, so the
booking service can lock it; the database allows one active (not cancelled)
booking per slot. `BOOKING_PERSONAL_FIELDS` are what retention scrubs.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.calendar import add_business_days
from core.display import format_date, format_time
from core.fields import optional_fk, unique, within
from core.models import CitizenContact

__all__ = [
    "BOOKING_PERSONAL_FIELDS",
    "DURATION_MINUTES",
    "KINDS",
    "VIDEO",
    "VISIT",
    "VISIT_TIMES",
    "WEEKDAYS",
    "Booking",
    "Slot",
    "VideoSlotRule",
    "new_ics_uid",
    "new_token",
]

VISIT = "visit"
VIDEO = "video"
KINDS = [(VISIT, "방문상담"), (VIDEO, "화상상담")]
DURATION_MINUTES = {VISIT: 60, VIDEO: 40}
# 방문상담: 日 2회 — 오전 10시 30분, 오후 2시 (2021 주요업무보고).
VISIT_TIMES = (dt.time(10, 30), dt.time(14, 0))

WEEKDAYS = [(0, "월요일"), (1, "화요일"), (2, "수요일"), (3, "목요일"), (4, "금요일")]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CitizenRecord(CitizenContact):
    """A citizen's own record (a booking, a question): who they are, their
    consent and what it shows them: a short number to quote on the phone
    (prefix, local date, id) and the private page behind its token.
    Subclasses name the prefix, the date field and the staff and public URL
    names."""

    reference_prefix = ""
    reference_date_field = ""
    staff_url_name = ""
    public_url_name = ""

    cooperative_name = models.CharField("협동조합명", max_length=100, blank=True)
    consent_version = models.CharField("동의 문구 버전", max_length=20)
    consent_at = models.DateTimeField("동의 일시")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    personal_data_destroyed = models.BooleanField("개인정보 파기", default=False)

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        stamp = timezone.localtime(getattr(self, self.reference_date_field))
        return f"{self.reference_prefix}{stamp:%y%m%d}-{self.pk:05d}"

    def get_absolute_url(self) -> str:
        return reverse(self.staff_url_name, args=[self.pk])

    def get_public_url(self) -> str:
        return reverse(self.public_url_name, args=[self.token])


class VideoSlotRule(models.Model):
    """Managers decide when video (Zoom) consultations are offered: a weekday
    and a start time; each rule gives a 40-minute slot on that weekday when
    it is a business day."""

    weekday = models.PositiveSmallIntegerField("요일", choices=WEEKDAYS)
    start = models.TimeField("시작 시각")
    active = models.BooleanField("사용", default=True)

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = verbose_name_plural = "화상상담 시간"
        constraints = [
            unique("weekday", "start", name="unique_video_slot_rule"),
            within("weekday", 0, 4, name="video_rule_weekday_mon_fri"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}"

    @property
    def end(self) -> dt.time:
        return (dt.datetime.combine(dt.date.min, self.start) + dt.timedelta(minutes=40)).time()


class Slot(models.Model):
    date = models.DateField("날짜")
    time = models.TimeField("시각")
    kind = models.CharField("종류", max_length=10, choices=KINDS)

    class Meta:
        ordering = ["date", "time", "kind"]
        verbose_name = verbose_name_plural = "상담 시간"
        constraints = [unique("date", "time", "kind", name="unique_slot")]

    def __str__(self):
        return f"{format_date(self.date)} {format_time(self.time)} {self.get_kind_display()}"

    @property
    def weekday_ko(self) -> str:
        return "월화수목금토일"[self.date.weekday()]

    @property
    def duration(self) -> int:
        return DURATION_MINUTES[self.kind]

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.time))

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration)

    @property
    def key(self) -> str:
        """The value the booking form and calendar use: 2021-11-04T10:30-visit."""
        return f"{self.date.isoformat()}T{self.time:%H:%M}-{self.kind}"


def new_ics_uid() -> str:
    from core.ics import new_uid

    return new_uid()


BOOKING_PERSONAL_FIELDS = ("name", "phone", "email", "cooperative_name", "description")


class Booking(CitizenRecord):
    reference_prefix, reference_date_field = "B", "created_at"
    staff_url_name = "consultations:booking_detail"
    public_url_name = "consultations:booking_private"

    REQUESTED, CONFIRMED, ATTENDED, NO_SHOW, CANCELLED = (
        "requested",
        "confirmed",
        "attended",
        "no_show",
        "cancelled",
    )
    STATUSES = [
        (REQUESTED, "신청"),
        (CONFIRMED, "확정"),
        (ATTENDED, "상담 완료"),
        (NO_SHOW, "불참"),
        (CANCELLED, "취소"),
    ]
    ACTIVE = (REQUESTED, CONFIRMED)

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name="상담 시간"
    )
    topic = models.ForeignKey(
        "consultations.Category",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name="상담 주제",
    )
    description = models.TextField("상담 내용", max_length=2000, blank=True)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=REQUESTED)
    zoom_link = models.URLField("Zoom 링크", blank=True)
    consultation = optional_fk(
        "consultations.Consultation", models.SET_NULL, "상담 기록", related_name="bookings"
    )
    created_at = models.DateTimeField("신청 일시", default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField("취소 일시", null=True, blank=True)
    # The calendar event: a random UID (never derived from the token) and the
    # revision number calendar programs compare (bumped on change, cancel).
    ics_uid = models.CharField(max_length=64, default=new_ics_uid, editable=False)
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Keyed hash of the requester's address, for the per-address daily limit.
    address_digest = models.CharField(
        "접속 주소 확인값", max_length=64, blank=True, editable=False, db_index=True
    )
    history = HistoricalRecords(excluded_fields=["token", "address_digest"])

    class Meta:
        ordering = ["slot__date", "slot__time"]
        verbose_name = verbose_name_plural = "상담 예약"
        constraints = [
            # One active booking per slot, enforced by the database.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="one_active_booking_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"예약 {self.reference} {self.slot}"

    @property
    def confirm_by(self) -> dt.date:
        """The day staff confirm a request by: the next business day after it
        came in (settings.BOOKING_CONFIRM_BUSINESS_DAYS), never after the slot."""
        due = add_business_days(
            timezone.localdate(self.created_at), settings.BOOKING_CONFIRM_BUSINESS_DAYS
        )
        return min(due, self.slot.date)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
