"""개인정보 처리방침 (개인정보보호법 §30): the versions managers publish, and
the part of the policy generated from the code.

Each save is a new version with its effective date; earlier versions stay
readable at their own URL. What the portal collects, why and for how long is
not typed by anyone: `processing_purposes()` reads the consent texts of every
public form (`consent_purpose`/`consent_items` of the PublicFormMixin
subclasses) and `retention_schedule()` the registered retention rules
(`core.registry.register_retention`), so the policy cannot drift from what
the forms ask and the retention job destroys.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import get_resolver

from core.models import PrivacyPolicy  # noqa: F401

from .privacy import consent_text
from .public_forms import PublicFormMixin
from .registry import retention_rules

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
    get_resolver().url_patterns  # noqa: B018  (imports every view and form)
    found, todo = [], list(PublicFormMixin.__subclasses__())
    while todo:
        cls = todo.pop(0)
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda cls: (cls.__module__, cls.__name__))


def processing_purposes() -> list[Purpose]:
    """수집·이용 목적, 항목, 보유기간: one row per distinct consent text."""

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
