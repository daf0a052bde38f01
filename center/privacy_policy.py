"""개인정보 처리방침 (개인정보보호법 §30): the versions managers publish, and
the part of the policy generated from the code.

Each save is a new version with its effective date; earlier versions stay
readable at their own URL. What the portal collects, why and for how long is
not typed by anyone: `processing_purposes()` reads the consent texts of every
public form (`consent_purpose`/`consent_items` of the PublicFormMixin
subclasses) and `retention_schedule()` the registered retention rules
(`center.privacy.register_retention`), so the policy cannot drift from what
the forms ask and the retention job destroys.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="작성자",
    )

    class Meta:
        app_label = "center"
        ordering = ["-effective_on", "-pk"]
        verbose_name = "개인정보 처리방침"
        verbose_name_plural = "개인정보 처리방침"

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


# --- the generated part ------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    purpose: str
    items: str
    retention: str


@dataclass(frozen=True)
class RetentionEntry:
    label: str
    fields: str
    period: str


def public_form_classes() -> list[type]:
    """Every public form (a PublicFormMixin subclass) the portal serves.

    The forms are defined in the apps' view modules' imports, so the URLconf
    is loaded first; it is whenever the portal serves a request."""
    from django.urls import get_resolver

    from .public_forms import PublicFormMixin

    get_resolver().url_patterns  # noqa: B018  (imports every view and form)
    found, todo = [], list(PublicFormMixin.__subclasses__())
    while todo:
        cls = todo.pop(0)
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda cls: (cls.__module__, cls.__name__))


def processing_purposes() -> list[Purpose]:
    """수집·이용 목적, 항목, 보유기간: one row per distinct consent text."""
    from .privacy import consent_text

    rows = []
    for form in public_form_classes():
        text = consent_text(form.consent_purpose, form.consent_items)
        row = Purpose(text.purpose, text.items, text.retention)
        if row not in rows:
            rows.append(row)
    return rows


def _field(model, path: str):
    """The model field at `path` ("survey__closes_on" follows relations)."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field


def _personal_fields(rule) -> list[str]:
    names = []
    for name in rule.scrub:
        try:
            field = _field(rule.model, name)
        except FieldDoesNotExist:
            continue
        # Markers the scrub sets (personal_data_destroyed, scrubbed_at) are not data.
        if isinstance(field, (models.BooleanField, models.DateTimeField, models.DateField)):
            continue
        names.append(str(field.verbose_name))
    return names


def _from(word: str) -> str:
    """word + 로부터/으로부터 (로 after a vowel or ㄹ)."""
    last = word[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - ord("가")) % 28
        return word + ("로부터" if final in (0, 8) else "으로부터")
    return word + "(으)로부터"


def retention_schedule() -> list[RetentionEntry]:
    """보유기간과 파기: one row per registered retention rule."""
    from .privacy import retention_rules

    years = settings.PERSONAL_DATA_RETENTION_YEARS
    entries = []
    for rule in retention_rules():
        try:
            start = str(_field(rule.model, rule.date_field).verbose_name)
        except FieldDoesNotExist:
            start = rule.date_field
        entries.append(
            RetentionEntry(
                label=rule.label,
                fields=", ".join(_personal_fields(rule)) or "-",
                period=f"{_from(start)} {years}년이 지나면 지체 없이 파기",
            )
        )
    return entries
