"""Pages of the trust layer: the second factor (TOTP enrol, verify, remove),
the generic change history of any record with django-simple-history, the
managers' monthly review of the personal-data access log, and the error
handler that turns database outages into a 503."""

import base64
import datetime as dt
import io
import json
import re
import sys

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts
from .display import format_date, format_datetime, format_month
from .middleware import DATABASE_ERRORS, SESSION_KEY, database_unavailable_response
from .permissions import manager_required, staff_required
from .privacy import (
    AccessLogCheckpoint,
    PersonalDataAccess,
    mask_email,
    mask_name,
    mask_phone,
    record_checkpoint,
    retention_rules,
    signed_checkpoint_file,
    verify_log,
)
from .privacy_views import require_reason
from .querystring import parse_int, query_id
from .roles import is_manager

# --- errors ---------------------------------------------------------------------


def server_error(request, *args, **kwargs):
    """handler500: a database outage outside the view (session, middleware)
    still gets the Korean 503 page; Django calls this inside its `except`."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response()
    return django_server_error(request, *args, **kwargs)


# --- second factor ----------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label="인증 코드 (6자리)",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "인증 앱에 표시된 6자리 숫자를 입력하세요.",
            "min_length": "6자리 숫자를 입력하세요.",
            "max_length": "6자리 숫자를 입력하세요.",
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("숫자만 입력하세요.")
        return token


class VerifyTokenForm(TokenForm):
    """After the password: the app's 6 digits, or one 8-character backup code."""

    token = forms.CharField(
        label="인증 코드 (6자리) 또는 백업 코드 (8자리)",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={
            "required": "인증 앱에 표시된 6자리 숫자나 백업 코드를 입력하세요.",
            "min_length": "6자리 숫자나 8자리 백업 코드를 입력하세요.",
            "max_length": "6자리 숫자나 8자리 백업 코드를 입력하세요.",
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().lower().replace(" ", "")
        if len(token) == 6 and token.isdigit():
            return token
        if len(token) == 8 and token.isalnum():
            return token
        if len(token) == 6:
            raise forms.ValidationError("숫자만 입력하세요. 백업 코드는 8자리입니다.")
        raise forms.ValidationError("6자리 숫자나 8자리 백업 코드를 입력하세요.")


def _next_url(request, default="center:dashboard"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _qr_data_uri(text: str) -> str | None:
    """The otpauth URI as an SVG QR code in a data: URI (the CSP allows data:
    images, and an <img> needs no inline style)."""
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # the otpauth URI and the key are shown in text anyway
        return None
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@manager_required
@never_cache
def otp_setup(request):
    """Enrol a TOTP device: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed and request.method == "GET":
        return render(request, "core/security/otp_status.html", {"device": confirmed})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            request.session[SESSION_KEY] = True
            messages.success(request, "2단계 인증을 등록했습니다. 다음 로그인부터 코드를 묻습니다.")
            return redirect(_next_url(request))
        form.add_error("token", "코드가 맞지 않습니다. 휴대전화의 시간이 정확한지 확인하세요.")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "core/security/otp_setup.html",
        {
            "form": form,
            "otpauth_uri": device.config_url,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": user.is_superuser,
            "next": request.GET.get("next", ""),
        },
    )


@manager_required
@never_cache
def otp_verify(request):
    """The step after the password for users with a confirmed device.
    django-otp throttles repeated wrong codes per device."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = VerifyTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", "코드가 맞지 않습니다. 잠시 후 새 코드로 다시 입력하세요.")
    return render(
        request,
        "core/security/otp_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@manager_required
@never_cache
def otp_remove(request):
    """Managers may switch the second factor off again; superusers may not."""
    if request.method != "POST":
        return redirect("otp_setup")
    if request.user.is_superuser:
        messages.error(request, "최고관리자는 2단계 인증을 끌 수 없습니다.")
        return redirect("otp_setup")
    if not request.user.is_verified():
        return redirect("otp_verify")
    accounts.remove_second_factor(user=request.user)
    request.session[SESSION_KEY] = False
    messages.success(request, "2단계 인증을 해제했습니다.")
    return redirect("center:dashboard")


# --- change history of any record ------------------------------------------------------


def history_models() -> dict[str, type[models.Model]]:
    """`app_label.modelname` → model, for every model tracked by simple-history."""
    from simple_history.models import registered_models

    return {
        model._meta.label_lower: model
        for model in registered_models.values()
        if not model._meta.label_lower.startswith(("auth.", "axes.", "otp_"))
    }


_TYPES = {"+": "생성", "~": "수정", "-": "삭제"}


def _display(field, value, related_names):
    if value is None or value == "":
        return "-"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return "예" if value else "아니요"
    if field.is_relation:
        return related_names.get((field.related_model, value), f"#{value}")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _label(field) -> str:
    """The field's Korean label; a relation left with Django's default
    (English) verbose name takes the related model's name (fiscal year → 회계연도)."""
    label = str(field.verbose_name)
    if field.is_relation and label == field.name.replace("_", " "):
        return str(field.related_model._meta.verbose_name)
    return label


# Personal data in the change history. A model's personal fields are found
# generically: its `personal_fields` declaration, the text fields its
# retention rules scrub (the same list retention and the privacy policy
# use), and any e-mail field or field named like a phone number. The page
# shows them masked; managers may see them whole through `?full=1`, which asks
# the reason (require_reason) and writes one access-log entry. Phone numbers
# and e-mail addresses anywhere else on the page (notes, related records'
# names) are masked too.

_PHONE_HINTS = ("phone", "mobile", "tel", "fax")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d-])(?:\+82[- ]?|0)\d{1,2}[- ]?\d{3,4}[- ]?\d{4}(?![\d-])")


def personal_fields(model) -> set[str]:
    """attnames of `model`'s personal-data text fields (also for its historical model)."""
    model = getattr(model, "instance_type", None) or model
    declared = set(getattr(model, "personal_fields", ()) or ())
    tracked = getattr(getattr(model, "history", None), "model", None)
    for rule in retention_rules():
        if rule.model in (model, tracked):
            declared.update(rule.scrub)
    found = set()
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if (
            field.name in declared
            or isinstance(field, models.EmailField)
            or any(hint in field.name for hint in _PHONE_HINTS)
        ):
            found.add(field.attname)
    return found


def _redact(text: str) -> str:
    text = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    return _PHONE.sub(lambda m: mask_phone(m.group()), text)


def _mask(field, value) -> str:
    text = str(value)
    if isinstance(field, models.EmailField) or "@" in text:
        return mask_email(text)
    if any(hint in field.name for hint in _PHONE_HINTS):
        return mask_phone(text)
    if len(text) <= 20:
        return mask_name(text)
    return f"(개인정보 가림, {len(text):,}자)"


def masked_str(obj) -> str:
    """str(obj) with its personal fields' values masked."""
    text = str(obj)
    for attname in sorted(personal_fields(type(obj))):
        value = getattr(obj, attname, None)
        if value:
            field = obj._meta.get_field(attname)
            text = text.replace(str(value), _mask(field, value))
    return _redact(text)


def change_rows(model, records, *, unmasked: bool = False):
    """Field-level diffs between consecutive historical records, newest
    first, with Korean labels; personal data masked unless `unmasked`.
    Related objects are named with one query per related model, whatever
    the number of records."""
    fields = {
        f.attname: f
        for f in model._meta.concrete_fields
        if f.attname not in ("id",) and not f.primary_key
    }
    personal = set() if unmasked else personal_fields(model)
    chronological = list(reversed(records))
    raw = []
    previous = None
    for record in chronological:
        changes = []
        for attname, field in fields.items():
            new = getattr(record, attname, None)
            old = getattr(previous, attname, None) if previous is not None else None
            if previous is None and record.history_type == "+":
                if new in (None, ""):
                    continue
                changes.append((field, None, new))
            elif previous is not None and old != new:
                changes.append((field, old, new))
        raw.append((record, changes))
        previous = record
    wanted: dict = {}
    for _record, changes in raw:
        for field, old, new in changes:
            if field.is_relation:
                for value in (old, new):
                    if value is not None:
                        wanted.setdefault(field.related_model, set()).add(value)
    related_names = {}
    for related_model, pks in wanted.items():
        for obj in related_model._base_manager.filter(pk__in=pks):
            related_names[(related_model, obj.pk)] = str(obj) if unmasked else masked_str(obj)

    def show(field, value):
        if value is None:
            return "-"
        if field.attname in personal and value != "":
            return _mask(field, value)
        text = _display(field, value, related_names)
        return text if unmasked else _redact(text)

    rows = []
    for record, changes in reversed(raw):
        rows.append(
            {
                "record": record,
                "type": _TYPES.get(record.history_type, record.history_type),
                "user": record.history_user,
                "changes": [
                    {"label": _label(field), "old": show(field, old), "new": show(field, new)}
                    for field, old, new in changes
                ],
            }
        )
    return rows


def _history_page(request, model_class, pk, *, unmasked: bool):
    records = list(
        model_class.history.filter(**{model_class._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:200]
    )
    if not records:
        raise Http404("이력이 없습니다.")
    current = model_class._base_manager.filter(pk=pk).first()
    shown = current if current is not None else records[0].instance
    return render(
        request,
        "core/security/history.html",
        {
            "verbose_name": model_class._meta.verbose_name,
            "title": str(shown) if unmasked else masked_str(shown),
            "deleted": current is None,
            "rows": change_rows(model_class, records, unmasked=unmasked),
            "unmasked": unmasked,
            "has_personal": bool(personal_fields(model_class)),
            "may_unmask": is_manager(request.user),
        },
    )


def _describe_history(request, model, pk):
    model_class = history_models()[model.lower()]
    current = model_class._base_manager.filter(pk=pk).first()
    return current, f"변경 이력: {model_class._meta.verbose_name} #{pk}"


@require_reason(action="view", describe=_describe_history, title="변경 이력 전체 보기")
def _unmasked_history(request, model, pk):
    return _history_page(request, history_models()[model.lower()], pk, unmasked=True)


@staff_required
def record_history(request, model, pk):
    """Who changed what and when, for one record of any tracked model.
    Read-only: the page has no form, and nothing in the portal edits history.
    Personal data is masked; `?full=1` shows it to managers after they give
    a reason, and the look is logged."""
    model_class = history_models().get(model.lower())
    if model_class is None:
        raise Http404("변경 이력을 보관하지 않는 종류입니다.")
    if request.GET.get("full") == "1":
        if not is_manager(request.user):
            raise PermissionDenied("개인정보를 가리지 않은 이력은 관리자만 볼 수 있습니다.")
        if not model_class.history.filter(**{model_class._meta.pk.attname: pk}).exists():
            raise Http404("이력이 없습니다.")
        return _unmasked_history(request, model=model, pk=pk)
    return _history_page(request, model_class, pk, unmasked=False)


# --- access log review ---------------------------------------------------------------


def _month(value: str | None) -> dt.date:
    today = timezone.localdate()
    year, _, month = (value or "").partition("-")
    year = parse_int(year, min_value=1000, max_value=2999)
    month = parse_int(month, min_value=1, max_value=12)
    if year is None or month is None:
        return today.replace(day=1)
    return dt.date(year, month, 1)


def _review_action(request, month):
    """POST on the review page: mark the month reviewed (records the chain's
    head in a signed checkpoint), or export a signed checkpoint file."""
    what = request.POST.get("do")
    if what == "review":
        checkpoint = record_checkpoint(kind="review", user=request.user, month=month)
        messages.success(
            request,
            f"{format_month(month)} 접근 기록을 점검 완료로 표시했습니다 "
            f"(기록 {checkpoint.count:,}건까지 서명해 두었습니다).",
        )
    elif what == "checkpoint":
        checkpoint = record_checkpoint(kind="export", user=request.user)
        body = json.dumps(signed_checkpoint_file(checkpoint), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localtime(checkpoint.at).strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = (
            f'attachment; filename="access-log-checkpoint-{stamp}.json"'
        )
        return response
    return redirect(f"{reverse('core:access_log')}?month={month:%Y-%m}")


@manager_required
def access_log(request):
    """Managers' monthly review of who looked at which personal data, with
    the chain's integrity check against every signed checkpoint."""
    month = _month(request.GET.get("month") or request.POST.get("month"))
    if request.method == "POST":
        return _review_action(request, month)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_month, dt.time.min, tzinfo=tz)
    entries = PersonalDataAccess.objects.filter(at__gte=start, at__lt=end)
    users = (
        get_user_model()
        .objects.filter(pk__in=entries.values("user"))
        .order_by("username")
        .only("pk", "username", "first_name", "last_name")
    )
    user_filter = request.GET.get("user", "")
    user_id = query_id(request, "user")
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    action = request.GET.get("action", "")
    if action in dict(PersonalDataAccess.ACTIONS):
        entries = entries.filter(action=action)
    entries = entries.order_by("-at", "-pk")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    broken, problems = verify_log()
    reviews = AccessLogCheckpoint.objects.filter(kind="review", month=month).order_by("-at")
    return render(
        request,
        "core/security/access_log.html",
        {
            "page_obj": page,
            "entries": page.object_list,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "previous_month": f"{(month - dt.timedelta(days=1)):%Y-%m}",
            "next_month": f"{next_month:%Y-%m}",
            "users": users,
            "user_filter": user_filter,
            "actions": PersonalDataAccess.ACTIONS,
            "action": action,
            "broken": broken,
            "problems": problems,
            "reviews": list(reviews[:5]),
        },
    )
