"""The "reason required" step in front of every download of personal data.

Wrap an export view with `@require_reason(...)` (function views; put the role
decorator outside it) or mix `ReasonRequiredMixin` into a class-based view.
The first request shows a small form asking why the data is needed; the
answer is kept in the session under a one-time token and the browser is sent
back to the same address (POST → redirect → GET, so the download itself is
an ordinary GET with the original query string). That GET consumes the
token, runs the export, and records it in the personal-data access log with
the reason. Every download asks again.

No library offers this step; it is small and tied to `core.privacy`.
"""

import secrets
import time
from functools import wraps

from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render

from .privacy import log_access

SESSION_KEY = "_access_reasons"
TOKEN_PARAM = "reason_token"
TOKEN_TTL = 10 * 60

PURPOSES = [
    ("", "선택하세요"),
    ("업무 처리", "상담·교육·사업 업무 처리"),
    ("결과 보고", "실적 집계·결과 보고"),
    ("안내 발송", "참여자 안내 연락"),
    ("정보주체 요청", "정보주체(본인)의 열람·정정 요청 처리"),
    ("감사·점검", "감사·점검 대응"),
    ("기타", "기타 (아래에 적어 주세요)"),
]


class ReasonForm(forms.Form):
    purpose = forms.ChoiceField(
        label="내려받는 목적",
        choices=PURPOSES,
        error_messages={"required": "목적을 고르세요.", "invalid_choice": "목적을 고르세요."},
    )
    detail = forms.CharField(
        label="구체적인 사유",
        max_length=150,
        required=False,
        help_text="예: 11월 교육 수료자에게 수료증 발송. 접근 기록에 남고 관리자가 매달 점검합니다.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "150자 이내로 적어 주세요."},
    )

    def clean(self):
        cleaned = super().clean()
        purpose = cleaned.get("purpose")
        detail = (cleaned.get("detail") or "").strip()
        if purpose == "기타" and len(detail) < 4:
            self.add_error("detail", "기타를 고르면 사유를 4자 이상 적어야 합니다.")
        cleaned["reason"] = f"{purpose}: {detail}" if detail else (purpose or "")
        return cleaned


def _describe(describe, request, args, kwargs):
    if describe is None:
        return None, request.path
    result = describe(request, *args, **kwargs)
    if isinstance(result, tuple):
        return result
    return None, str(result)


def _handle(request, call_view, *, action, describe, args, kwargs, title):
    store = request.session.get(SESSION_KEY, {})
    now = time.time()
    # Forget tokens that were never used.
    store = {k: v for k, v in store.items() if now - v["at"] < TOKEN_TTL}

    token = request.GET.get(TOKEN_PARAM)
    if request.method == "GET" and token and token in store:
        entry = store.pop(token)
        request.session[SESSION_KEY] = store
        if entry["path"] == request.path:
            request.access_reason = entry["reason"]
            response = call_view()
            if response.status_code < 400:
                obj, subject = _describe(describe, request, args, kwargs)
                log_access(request, obj, action, subject=subject, reason=entry["reason"])
            return response

    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(16)
        store[token] = {"path": request.path, "reason": form.cleaned_data["reason"], "at": now}
        request.session[SESSION_KEY] = store
        query = request.GET.copy()
        query[TOKEN_PARAM] = token
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    request.session[SESSION_KEY] = store
    query = request.GET.copy()
    query.pop(TOKEN_PARAM, None)
    return render(
        request,
        "core/security/reason.html",
        {"form": form, "query": query.urlencode(), "title": title, "action": action},
    )


def require_reason(action: str = "export", describe=None, title: str = "개인정보 내려받기"):
    """Decorator: ask for a reason, then log the download with it.

    `describe(request, *args, **kwargs)` returns the subject text for the log,
    or `(obj, text)` to link the entry to a record."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _handle(
                request,
                lambda: view(request, *args, **kwargs),
                action=action,
                describe=describe,
                args=args,
                kwargs=kwargs,
                title=title,
            )

        wrapped.requires_reason = True
        return wrapped

    return decorator


class ReasonRequiredMixin:
    """The same step for class-based views; put it after the role mixin."""

    reason_action = "export"
    reason_title = "개인정보 내려받기"
    requires_reason = True

    def describe_access(self, request, *args, **kwargs):
        return None, request.path

    def dispatch(self, request, *args, **kwargs):
        return _handle(
            request,
            lambda: super(ReasonRequiredMixin, self).dispatch(request, *args, **kwargs),
            action=self.reason_action,
            describe=self.describe_access,
            args=args,
            kwargs=kwargs,
            title=self.reason_title,
        )
