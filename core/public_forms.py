"""What every public form shares: the separate personal-data consent
(unchecked by default, stating purpose, items, retention and the right to
refuse), a honeypot field for bots, and per-client rate limiting."""

import logging
import threading
import time
from functools import wraps

from django import forms
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render
from django.utils import timezone

from .api_errors import error_response
from .cache import redis_client
from .privacy import client_ip, consent_text

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


class PublicFormMixin(forms.Form):
    """Adds `consent` and the honeypot. Subclasses set `consent_purpose` and
    `consent_items`; `consent_record()` returns the fields to store."""

    consent_purpose = "상담 신청 접수 및 결과 안내"
    consent_items = "이름, 휴대전화 번호, 이메일"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent_text(self.consent_purpose, self.consent_items)
        self.fields["consent"] = forms.BooleanField(
            label="개인정보 수집·이용에 동의합니다. (필수)",
            required=True,
            help_text=self.consent.as_text(),
            error_messages={"required": "개인정보 수집·이용에 동의해야 신청할 수 있습니다."},
        )
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="홈페이지 주소 (비워 두세요)",
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Bots fill every field; people never see this one. Refuse at
            # once: a delay would hold a web worker, not the bot.
            raise forms.ValidationError("신청을 처리할 수 없습니다. 잠시 후 다시 시도해 주세요.")
        return cleaned

    def consent_record(self) -> dict:
        return {"consent_version": self.consent.version, "consent_at": timezone.now()}


# When the shared cache (Redis) fails, each web process counts in its own
# memory for a while: the limit then holds per process instead of across
# all of them, which is far better than refusing every citizen (a 500) or
# not limiting at all. After FALLBACK_SECONDS the cache is tried again.
FALLBACK_SECONDS = 30
_fallback = LocMemCache("ratelimit-fallback", {"MAX_ENTRIES": 10_000})
_cache_down_until = 0.0
_fallback_lock = threading.Lock()


def _count(store, key: str, period: int) -> int:
    client = redis_client() if store is cache else None
    if client is not None:
        # One round trip: create the window's counter (expiring with the
        # window) unless it exists, and count this request. Django's Redis
        # cache stores integers as Redis integers, so cache.get reads it.
        pipe = client.pipeline(transaction=False)
        name = cache.make_and_validate_key(key)
        pipe.set(name, 0, nx=True, ex=period)
        pipe.incr(name)
        return int(pipe.execute()[1])
    if store.add(key, 1, timeout=period):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, timeout=period)
        return 1


def _peek(store, key: str, period: int) -> int:
    return (store.get(key) or 0) + 1


def rate_limited(request, scope: str, limit: int, period: int, *, peek: bool = False) -> bool:
    """Count this client's request in `scope`; True when over `limit` per `period` s.
    With `peek`, only ask whether one more would be over the limit (count the
    request later, e.g. only once it was accepted).

    Uses the cache (Redis in production, so all web processes share counts);
    when the cache fails, this process's memory, with a warning in the log.
    Never raises because of the cache."""
    global _cache_down_until
    key = f"ratelimit:{scope}:{client_ip(request)}:{int(time.time() // period)}"
    if time.monotonic() >= _cache_down_until:
        try:
            return (_peek if peek else _count)(cache, key, period) > limit
        except Exception:  # redis.ConnectionError, TimeoutError, …
            with _fallback_lock:
                _cache_down_until = time.monotonic() + FALLBACK_SECONDS
            logger.warning(
                "rate limit: cache unavailable, counting in process memory for %s s",
                FALLBACK_SECONDS,
                exc_info=True,
            )
    return (_peek if peek else _count)(_fallback, key, period) > limit


def reset_rate_limit_fallback() -> None:
    """Forget the fallback's counts and try the cache again (tests)."""
    global _cache_down_until
    _cache_down_until = 0.0
    _fallback.clear()


def ratelimit(scope: str, limit: int = 10, period: int = 60, methods=("POST",), json=False):
    """Decorator: answer 429 with a Korean message when a client sends too many."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and rate_limited(request, scope, limit, period):
                if json:
                    response = error_response(429)  # the API's one error shape
                else:
                    response = render(request, "429.html", status=429)
                response["Retry-After"] = str(period)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
