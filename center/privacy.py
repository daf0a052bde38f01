"""Personal data: masking, consent, the access log, and retention.

One function per rule, used everywhere: lists and exports show masked values
(김*용, 010-1234-****); pages that show them whole call `log_access`.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

# --- masking -------------------------------------------------------------------


def mask_name(name: str | None) -> str:
    """김철용 → 김*용, 이순 → 이*, 남궁민수 → 남**수."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


_DIGITS = re.compile(r"\D")


def mask_phone(phone: str | None) -> str:
    """010-1234-5678 → 010-1234-****; keeps the caller's grouping."""
    phone = (phone or "").strip()
    digits = _DIGITS.sub("", phone)
    if len(digits) < 7:
        return "*" * len(phone)
    formatted = format_phone(phone)
    head, _, _tail = formatted.rpartition("-")
    return f"{head}-****" if head else formatted[:-4] + "****"


def format_phone(phone: str | None) -> str:
    """Normalise Korean numbers to dashes: 01012345678 → 010-1234-5678."""
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if len(digits) == 8 and digits[:2] in ("15", "16", "18"):
        return f"{digits[:4]}-{digits[4:]}"
    if len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    return (phone or "").strip()


def mask_email(email: str | None) -> str:
    """hong@example.com → ho**@example.com."""
    email = (email or "").strip()
    local, at, domain = email.partition("@")
    if not at:
        return mask_name(email)
    keep = local[:2] if len(local) > 2 else local[:1]
    return f"{keep}{'*' * max(1, len(local) - len(keep))}@{domain}"


# --- consent (개인정보보호법 §15) ------------------------------------------------------


@dataclass(frozen=True)
class ConsentText:
    version: str
    purpose: str
    items: str
    retention: str

    def as_text(self) -> str:
        return (
            f"수집·이용 목적: {self.purpose}\n"
            f"수집 항목: {self.items}\n"
            f"보유·이용 기간: {self.retention}\n"
            "귀하는 개인정보 수집·이용에 동의하지 않을 권리가 있습니다. "
            "다만 동의하지 않으면 신청을 접수할 수 없습니다."
        )


def consent_text(purpose: str, items: str) -> ConsentText:
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    return ConsentText(
        version="2026-11",
        purpose=purpose,
        items=items,
        retention=f"신청일로부터 {years}년 (보유기간이 지나면 지체 없이 파기합니다)",
    )


# --- access log --------------------------------------------------------------------


class PersonalDataAccess(models.Model):
    """Append-only log of every look at unmasked personal data.

    Each entry carries the hash of the previous one, so removing or editing
    an entry breaks the chain (`verify_chain`)."""

    ACTIONS = [
        ("view", "열람"),
        ("edit", "수정"),
        ("export", "내보내기"),
        ("print", "출력"),
        ("delete", "삭제"),
    ]

    at = models.DateTimeField("일시", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name="사용자"
    )
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
        app_label = "center"
        ordering = ["-at", "-pk"]
        verbose_name = "개인정보 접근 기록"
        verbose_name_plural = "개인정보 접근 기록"

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
        return json.dumps(
            [
                self.at.isoformat(),
                self.username,
                self.ip,
                self.action,
                self.subject,
                self.object_type,
                self.object_id,
                self.reason,
                self.prev_hash,
            ],
            ensure_ascii=False,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload().encode()).hexdigest()


GENESIS = "0" * 64


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_access(request, obj, action: str = "view", *, subject: str = "", reason: str = ""):
    """Record that `request.user` saw `obj`'s personal data unmasked."""
    with transaction.atomic():
        # Serialise writers so every entry links to its true predecessor.
        last = PersonalDataAccess.objects.select_for_update().order_by("-pk").only("hash").first()
        entry = PersonalDataAccess(
            user=request.user if request.user.is_authenticated else None,
            username=request.user.get_username() if request.user.is_authenticated else "",
            ip=client_ip(request),
            action=action,
            subject=(subject or str(obj))[:200],
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            reason=reason[:200],
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def verify_chain() -> list[int]:
    """Return the pks of entries whose hash or link is broken (empty = intact)."""
    broken = []
    previous = GENESIS
    for entry in PersonalDataAccess.objects.order_by("pk").iterator():
        if entry.prev_hash != previous or entry.compute_hash() != entry.hash:
            broken.append(entry.pk)
        previous = entry.hash
    return broken


# --- retention ---------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """Personal data fields of one model and how to find expired rows.

    `expired(cutoff)` returns the queryset of rows older than the cutoff whose
    personal data is still present; `scrub` maps each field to the value it
    is replaced with. Counts stay (the rows remain), the person is gone.
    """

    label: str
    model: type
    date_field: str
    scrub: dict
    not_yet_scrubbed: dict

    def expired(self, cutoff):
        return self.model.objects.filter(**{f"{self.date_field}__lt": cutoff}).exclude(
            **self.not_yet_scrubbed
        )


_retention_rules: list[RetentionRule] = []


def register_retention(rule: RetentionRule) -> None:
    _retention_rules.append(rule)


def retention_rules() -> list[RetentionRule]:
    return list(_retention_rules)


def destroy_expired_personal_data(now=None) -> dict[str, int]:
    """Scrub personal data older than the retention period; returns counts."""
    from dateutil.relativedelta import relativedelta

    now = now or timezone.now()
    cutoff = now - relativedelta(years=settings.PERSONAL_DATA_RETENTION_YEARS)
    result = {}
    for rule in _retention_rules:
        with transaction.atomic():
            result[rule.label] = rule.expired(cutoff).update(**rule.scrub)
    return result
