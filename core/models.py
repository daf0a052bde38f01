"""The kernel's own tables: closure days, the mail outbox, idempotency keys,
the personal-data access log with its signed checkpoints, the privacy
policy's versions and background jobs; and the abstract bases the apps'
models share (`Ordered`, `CitizenContact`, `UploadedDocument`, `TrackedTask`).

They were created by the `center` app before the kernel had its own app, so
each keeps its table name (`db_table`); core's first migration only takes them
over in Django's state.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .fields import unique, user_fk
from .uploads import random_upload_path

# --- shared bases -------------------------------------------------------------


class Ordered(models.Model):
    """A row staff put in place by hand (순서), ties broken by age. A child
    with its own Meta keeps the ordering with `class Meta(Ordered.Meta):`."""

    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class CitizenContact(models.Model):
    """Who a citizen says they are on a public form: name, mobile number and
    e-mail. Personal data: lists mask them (`mask_name`, `mask_phone`,
    `mask_email`) and the app's retention rule scrubs them."""

    name = models.CharField("이름", max_length=50)
    phone = models.CharField("휴대전화", max_length=20)
    email = models.EmailField("이메일")

    class Meta:
        abstract = True


class UploadedDocument(models.Model):
    """A file a citizen attached to a public form (an application's
    documents, an online question's), content-checked by `core.uploads`
    before it is stored. The subclass declares `file` with its own upload
    path; the name the citizen gave it, its checked format and its size are
    kept here, and the row reads as that name."""

    original_name = models.CharField("파일 이름", max_length=200)
    kind = models.CharField("형식", max_length=10)
    size = models.PositiveIntegerField("크기(바이트)")

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @staticmethod
    def from_upload(upload, kind: str) -> dict:
        """The fields a stored document takes from an upload and its checked
        format (`core.uploads.validate_upload`): `Model(**from_upload(...))`."""
        return {
            "file": upload,
            "original_name": upload.name[:200],
            "kind": kind,
            "size": upload.size,
        }


class TrackedTask(models.Model):
    """A background task a person started and watches on a page with a
    progress bar (`Job`: list exports, imports, the annual report).

    States: queued → running → done | failed; a queued or running task whose
    worker was lost becomes interrupted. The task records its progress as
    `step` of `total_steps` (declared by each model) and `step_label`."""

    QUEUED, RUNNING, DONE, FAILED, INTERRUPTED = (
        "queued",
        "running",
        "done",
        "failed",
        "interrupted",
    )
    ACTIVE = (QUEUED, RUNNING)

    step_label = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField("오류", max_length=300, blank=True)
    created_by = user_fk("요청자", related_name=None, blank=False)
    created_at = models.DateTimeField("요청 시각", auto_now_add=True)
    finished_at = models.DateTimeField("완료 시각", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        return min(99, round(100 * self.step / max(self.total_steps, 1)))

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


# --- calendar -----------------------------------------------------------------


class Closure(models.Model):
    """A day the center is closed besides weekends and public holidays."""

    date = models.DateField("휴무일", unique=True)
    reason = models.CharField("사유", max_length=100)

    class Meta:
        db_table = "center_closure"
        ordering = ["date"]
        verbose_name = verbose_name_plural = "센터 휴무일"

    def __str__(self):
        return f"{self.date} {self.reason}"


# --- mail ---------------------------------------------------------------------

# After this many failed attempts an e-mail is given up (the outbox page shows
# it as failed, with its error and a resend button).
OUTBOX_MAX_ATTEMPTS = 10


class OutboxEmail(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    to = models.EmailField("받는 사람")
    subject = models.CharField("제목", max_length=200)
    body = models.TextField("본문")
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(blank=True, default=b"")
    key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="같은 메일을 두 번 만들지 않기 위한 키 (예: booking-12-confirm)",
    )
    sent_at = models.DateTimeField("발송", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "center_outboxemail"
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "발송 메일"

    def __str__(self):
        return f"{self.to} {self.subject}"


# --- idempotency --------------------------------------------------------------


class IdempotencyKey(models.Model):
    """A claimed key and, once the first request finished, its answer."""

    owner = models.CharField(max_length=80)
    key = models.CharField(max_length=140)
    fingerprint = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    saved = models.BooleanField(default=False)

    class Meta:
        db_table = "center_idempotencykey"
        verbose_name = verbose_name_plural = "중복 제출 방지 키"
        constraints = [unique("owner", "key", name="idempotency_key_unique")]

    def __str__(self):
        return f"{self.path} {self.key[:8]}…"


# --- privacy ------------------------------------------------------------------


class PersonalDataAccess(models.Model):
    """Append-only log of every look at unmasked personal data.

    Each entry carries the keyed hash of the previous one, so removing or
    editing an entry breaks the chain (`verify_chain`)."""

    ACTIONS = [
        ("view", "열람"),
        ("edit", "수정"),
        ("export", "내보내기"),
        ("print", "출력"),
        ("delete", "삭제"),
    ]

    at = models.DateTimeField("일시", default=timezone.now, db_index=True)
    user = user_fk("사용자", related_name=None, blank=False)
    username = models.CharField("사용자 아이디", max_length=150)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("작업", max_length=10, choices=ACTIONS)
    subject = models.CharField("대상", max_length=200, help_text="예: 상담 #12 (김*용)")
    object_type = models.CharField("대상 종류", max_length=100)
    object_id = models.CharField("대상 번호", max_length=64, blank=True)
    reason = models.CharField("사유", max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        db_table = "center_personaldataaccess"
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = "개인정보 접근 기록"

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.subject}"
        )

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("개인정보 접근 기록은 수정할 수 없습니다.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("개인정보 접근 기록은 삭제할 수 없습니다.")

    def payload(self) -> str:
        return entry_payload(
            self.at,
            self.username,
            self.ip,
            self.action,
            self.subject,
            self.object_type,
            self.object_id,
            self.reason,
            self.prev_hash,
        )

    def compute_hash(self, key: bytes | None = None) -> str:
        return sign(self.payload(), key)


GENESIS = "0" * 64


def entry_payload(at, username, ip, action, subject, object_type, object_id, reason, prev_hash):
    return json.dumps(
        [at.isoformat(), username, ip, action, subject, object_type, object_id, reason, prev_hash],
        ensure_ascii=False,
    )


def access_log_key() -> bytes:
    """The chain's key: ACCESS_LOG_KEY, or a key derived from SECRET_KEY
    (HMAC(SECRET_KEY, "access-log")) when it is unset. Neither is stored in
    the database."""
    configured = getattr(settings, "ACCESS_LOG_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"access-log", hashlib.sha256).digest()


def sign(text: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of `text` with the access-log key, in hex."""
    return hmac.new(key or access_log_key(), text.encode(), hashlib.sha256).hexdigest()


class AccessLogCheckpoint(models.Model):
    """A signed record of the chain's head at one moment: how many entries
    there were, the last one's pk and hash. A later chain with fewer entries
    up to that pk, or without that head, has been truncated or rewritten."""

    KINDS = [("review", "월별 점검"), ("export", "검증점 내보내기"), ("migration", "키 전환")]

    at = models.DateTimeField("일시", default=timezone.now)
    kind = models.CharField("종류", max_length=10, choices=KINDS)
    month = models.DateField("점검한 달", null=True, blank=True)
    user = user_fk("사용자", related_name=None, blank=False)
    username = models.CharField("사용자 아이디", max_length=150, blank=True)
    count = models.PositiveIntegerField("기록 수")
    head_pk = models.BigIntegerField("마지막 기록 번호", null=True)
    head_hash = models.CharField("마지막 기록 해시", max_length=64)
    note = models.CharField("비고", max_length=300, blank=True)
    signature = models.CharField(max_length=64, editable=False)

    class Meta:
        db_table = "center_accesslogcheckpoint"
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = "접근 기록 검증점"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.count}건"

    def as_dict(self) -> dict:
        return checkpoint_dict(
            head_pk=self.head_pk,
            head_hash=self.head_hash,
            count=self.count,
            at=self.at,
            kind=self.kind,
            month=self.month,
        )


def checkpoint_dict(*, head_pk, head_hash, count, at, kind, month=None) -> dict:
    return {
        "head_pk": head_pk,
        "head_hash": head_hash,
        "count": count,
        "at": at.isoformat() if hasattr(at, "isoformat") else at,
        "kind": kind,
        "month": month.isoformat() if hasattr(month, "isoformat") else month,
    }


# --- privacy_policy -----------------------------------------------------------


class PrivacyPolicy(models.Model):
    """One published version. Never edited: a change is a new version."""

    effective_on = models.DateField("시행일", default=timezone.localdate)
    officer_name = models.CharField("개인정보 보호책임자 성명", max_length=50)
    officer_position = models.CharField("개인정보 보호책임자 직책", max_length=50)
    officer_contact = models.CharField(
        "개인정보 보호책임자 연락처", max_length=200, help_text="전화번호와 이메일"
    )
    body = models.TextField(
        "본문",
        help_text="처리 위탁, 정보주체의 권리와 행사 방법, 안전성 확보조치, 파기 절차 등. "
        "수집 항목·목적·보유기간 표는 포털이 자동으로 만듭니다.",
    )
    created_at = models.DateTimeField("작성 일시", auto_now_add=True)
    created_by = user_fk("작성자")

    class Meta:
        db_table = "center_privacypolicy"
        ordering = ["-effective_on", "-pk"]
        verbose_name = verbose_name_plural = "개인정보 처리방침"

    def __str__(self):
        return f"개인정보 처리방침 ({self.effective_on:%Y-%m-%d} 시행)"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("게시한 개인정보 처리방침은 고칠 수 없습니다. 새 판을 만드세요.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("privacy_policy_version", args=[self.pk])

    @classmethod
    def current(cls, today=None):
        """The version in force: the latest whose effective date has come."""
        today = today or timezone.localdate()
        return cls.objects.filter(effective_on__lte=today).first()


# --- background jobs ----------------------------------------------------------


class Job(TrackedTask):
    """An export or import a person started, run as a task (core.jobs): list
    exports, imports, and files an app builds (the annual report).

    States (`TrackedTask`): queued → running → done | failed; a queued or
    running job untouched for JOB_STALE_AFTER (its task was lost) becomes
    interrupted; a failed or interrupted job can be started again (다시 시작),
    and an interrupted one cancelled (취소됨, no file). An export's file and an
    import's upload are stored under random names, and `result` keeps what the
    page shows when it ends (an import's preview, errors, rows saved; a
    report's 초안 flag)."""

    EXPORT, PREVIEW, IMPORT = "export", "preview", "import"
    KINDS = [(EXPORT, "내보내기"), (PREVIEW, "가져오기 미리보기"), (IMPORT, "가져오기")]
    CANCELLED = "cancelled"
    STATUSES = [
        (TrackedTask.QUEUED, "대기"),
        (TrackedTask.RUNNING, "진행 중"),
        (TrackedTask.DONE, "완료"),
        (TrackedTask.FAILED, "실패"),
        (TrackedTask.INTERRUPTED, "중단됨"),
        (CANCELLED, "취소됨"),
    ]
    RESTARTABLE = (TrackedTask.FAILED, TrackedTask.INTERRUPTED)
    CANCELLABLE = (*TrackedTask.ACTIVE, TrackedTask.INTERRUPTED)

    kind = models.CharField("종류", max_length=10, choices=KINDS)
    name = models.CharField("대상", max_length=60, help_text="등록된 내보내기·가져오기 이름")
    label = models.CharField("제목", max_length=120)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField("상태", max_length=12, choices=STATUSES, default=TrackedTask.QUEUED)
    step = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=1)
    upload = models.FileField(upload_to=random_upload_path("jobs/uploads"), blank=True)
    upload_name = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=random_upload_path("jobs/files"), blank=True)
    filename = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField("시도", default=0)
    touched_at = models.DateTimeField("마지막 진행", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "name", "-created_at"]),
            models.Index(fields=["name", "-created_at"]),
        ]
        verbose_name = verbose_name_plural = "작업"

    def __str__(self):
        return f"{self.label} #{self.pk}"

    def get_absolute_url(self):
        return reverse("core:job", args=[self.pk])

    @property
    def can_restart(self) -> bool:
        return self.status in self.RESTARTABLE

    @property
    def can_cancel(self) -> bool:
        """취소 is offered once the job stopped moving (interrupted); a running
        job can be cancelled by the code that owns it, not from the page."""
        return self.status == self.INTERRUPTED


class MonthlyRollup(models.Model):
    """The grouped totals of one registered rollup (core.rollups) for one
    closed month: e.g. `consultations.by_channel` for 2021-03 →
    {"phone": 612, "web": 14, …}. `totals` is NULL when a write into that
    month made it stale; `generation` counts those writes, so a total
    computed before a write is never stored after it."""

    key = models.CharField("집계", max_length=80)
    month = models.DateField("월")  # the first day of the month
    totals = models.JSONField("합계", null=True, blank=True)
    generation = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField("집계 시각", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "month"], name="core_rollup_key_month"),
        ]
        verbose_name = verbose_name_plural = "월별 집계"

    def __str__(self):
        return f"{self.key} {self.month:%Y-%m}"
