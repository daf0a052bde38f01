"""One submission is one record: idempotency keys for every POST.

Every `{% csrf_token %}` also renders a hidden `idempotency_key`, a fresh
random key per render (`core.templatetags.idempotency` overrides the
built-in tag, so no form can forget it). `IdempotencyMiddleware` claims the
key in the database before the view runs (a unique constraint decides who
is first, across processes) and keeps the first answer:

- HTML forms: a repeated POST with the same key and the same fields is
  answered with a redirect to where the first one went ("이미 저장되었습니다"),
  so Enter Enter, a double click or a resent form make one record. The same
  key with *changed* fields is a new submission (the user went back and
  edited the form) and is processed normally.
- JSON APIs: an `Idempotency-Key` header; the same key and body replay the
  first 2xx response (status and body), the same key with another body is
  refused with 422, a request still in progress with 409.

Only successful answers are kept (a redirect for forms, 2xx for APIs);
anything else releases the key so the user can correct and resend. Keys
expire after `IDEMPOTENCY_TTL_HOURS` (`purge_expired` runs from beat, and a
claim over an expired key takes it over); a claim left pending by a dead
process is taken over after `IDEMPOTENCY_PENDING_SECONDS`.
"""

import datetime as dt
import hashlib
import json
import logging
import re
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone

from core.models import IdempotencyKey

logger = logging.getLogger("core.idempotency")

FIELD_NAME = "idempotency_key"
HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 100
# What a key may contain (ours are URL-safe base64; clients' UUIDs fit too).
KEY_RE = re.compile(rf"[A-Za-z0-9_.:~+/=-]{{1,{MAX_KEY_LENGTH}}}")
SAVED_MESSAGE = "이미 저장되었습니다. 같은 양식이 두 번 제출되어 한 번만 처리했습니다."
DONE_MESSAGE = "이미 처리된 요청입니다. 같은 양식이 두 번 제출되어 한 번만 처리했습니다."
PENDING_MESSAGE = "같은 양식을 아직 처리하고 있습니다. 잠시 후 결과를 확인하세요."


def new_key() -> str:
    return secrets.token_urlsafe(24)


def _ttl() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "IDEMPOTENCY_TTL_HOURS", 24))


def purge_expired(now=None) -> int:
    """Delete keys past their lifetime; returns how many."""
    now = now or timezone.now()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=now - _ttl()).delete()
    return deleted


# --- the request side -----------------------------------------------------------------


def _owner(request, api: bool) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"{'api:' if api else ''}u:{user.pk}"
    if api:
        return "api"
    secret = request.META.get("CSRF_COOKIE") or request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    session = getattr(request, "session", None)
    basis = secret or (session.session_key if session is not None else "") or ""
    return "a:" + hashlib.sha256(basis.encode()).hexdigest()[:40]


def _form_fingerprint(request) -> str:
    fields = sorted(
        (name, values)
        for name, values in request.POST.lists()
        if name not in (FIELD_NAME, "csrfmiddlewaretoken")
    )
    files = sorted((name, f.name, f.size) for name, f in request.FILES.items())
    payload = json.dumps([request.path, fields, files], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _body_fingerprint(request) -> str:
    return hashlib.sha256(request.path.encode() + b"\0" + request.body).hexdigest()


def _safe_path(request) -> str:
    """The path as a storable string (crafted paths may hold NUL or be long)."""
    return request.path.replace("\x00", "")[:300]


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def _claim(request, *, api: bool, key: str, fingerprint: str):
    """(row, True) when this request is first; (existing row, False) otherwise."""
    owner, path = _owner(request, api=api), _safe_path(request)
    now = timezone.now()
    stale_pending = now - dt.timedelta(
        seconds=getattr(settings, "IDEMPOTENCY_PENDING_SECONDS", 120)
    )
    for _ in range(2):
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    owner=owner, key=key, fingerprint=fingerprint, path=path, created_at=now
                )
            return row, True
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(owner=owner, key=key).first()
            if existing is None:
                continue  # released meanwhile: try again
            expired = existing.created_at < now - _ttl()
            abandoned = existing.completed_at is None and existing.created_at < stale_pending
            if expired or abandoned:
                IdempotencyKey.objects.filter(
                    pk=existing.pk, created_at=existing.created_at
                ).delete()
                continue
            return existing, False
    return IdempotencyKey.objects.filter(owner=owner, key=key).first(), False


def _wait_for_result(row: IdempotencyKey) -> IdempotencyKey | None:
    """The first request's finished row, waiting a little while it runs."""
    deadline = time.monotonic() + getattr(settings, "IDEMPOTENCY_WAIT_SECONDS", 8)
    while True:
        current = IdempotencyKey.objects.filter(pk=row.pk).first()
        if current is None or current.completed_at is not None:
            return current
        if time.monotonic() > deadline:
            return current
        time.sleep(0.05)


def _queued_success(request) -> bool:
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None) or []
    return any(m.level == messages.SUCCESS for m in queued)


def _store(row: IdempotencyKey, response, *, api: bool, request) -> bool:
    """Keep the answer if it is a success; returns whether it was kept."""
    if api:
        if not 200 <= response.status_code < 300 or getattr(response, "streaming", False):
            return False
        row.body = bytes(response.content)
        row.content_type = response.get("Content-Type", "")[:100]
    else:
        if response.status_code not in (301, 302, 303, 307, 308):
            return False
        row.location = response["Location"]
        row.saved = _queued_success(request)
    row.status = response.status_code
    row.completed_at = timezone.now()
    row.save(update_fields=["status", "location", "content_type", "body", "saved", "completed_at"])
    return True


def _replay(request, row: IdempotencyKey, *, api: bool):
    if api:
        response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type)
        response["Idempotent-Replayed"] = "true"
        return response
    if hasattr(request, "_messages"):
        messages.info(request, SAVED_MESSAGE if row.saved else DONE_MESSAGE)
    return HttpResponseRedirect(row.location)


class IdempotencyMiddleware:
    """Claims the key of every POST that carries one (see the module doc)."""

    methods = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.methods:
            return self.get_response(request)
        header = request.META.get(HEADER)
        if header is not None:
            return self._handle_api(request, header.strip())
        key = ""
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                key = (request.POST.get(FIELD_NAME) or "").strip()
            except Exception:  # an unreadable body: the view answers as before
                key = ""
        if not KEY_RE.fullmatch(key):  # none, or not one we issued: no replay
            return self.get_response(request)
        return self._handle_form(request, key)

    def _run(self, request, row: IdempotencyKey, *, api: bool):
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(pk=row.pk).delete()
            raise
        try:
            kept = _store(row, response, api=api, request=request)
        except Exception:  # never let bookkeeping turn a saved record into an error
            logger.exception("could not store the idempotent answer for %s", request.path)
            kept = False
        if not kept:
            IdempotencyKey.objects.filter(pk=row.pk, completed_at=None).delete()
        return response

    def _handle_form(self, request, key: str):
        fingerprint = _form_fingerprint(request)
        # Changed fields under the same key are a new submission: own claim.
        scoped = f"{key}:{fingerprint[:32]}"
        row, first = _claim(request, api=False, key=scoped, fingerprint=fingerprint)
        if first:
            return self._run(request, row, api=False)
        done = _wait_for_result(row)
        if done is None:  # the first one failed and released the key: run this one
            return self._handle_form(request, key)
        if done.completed_at is None:
            if hasattr(request, "_messages"):
                messages.warning(request, PENDING_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())
        return _replay(request, done, api=False)

    def _handle_api(self, request, key: str):
        if not KEY_RE.fullmatch(key):
            return _api_error(
                400,
                "invalid_idempotency_key",
                f"Idempotency-Key 헤더는 영문자·숫자·-_.:~+/= 로 된 1~{MAX_KEY_LENGTH}자여야 합니다.",
            )
        try:
            fingerprint = _body_fingerprint(request)
        except Exception:  # e.g. a body over the size limit: the view answers it
            return self.get_response(request)
        row, first = _claim(request, api=True, key=key, fingerprint=fingerprint)
        if first:
            return self._run(request, row, api=True)
        if row.fingerprint != fingerprint:
            return _api_error(
                422,
                "idempotency_key_reused",
                "같은 Idempotency-Key로 다른 내용의 요청이 이미 있었습니다. 새 키를 쓰세요.",
            )
        done = _wait_for_result(row)
        if done is None:
            return self._handle_api(request, key)
        if done.completed_at is None:
            return _api_error(
                409,
                "idempotency_in_progress",
                "같은 Idempotency-Key의 요청을 아직 처리하고 있습니다. 잠시 후 다시 시도하세요.",
            )
        return _replay(request, done, api=True)
