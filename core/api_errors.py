"""JSON errors for the JSON API (every path under /api/).

One shape for every error a client of the API can get, whatever raised it:

    {"error": {"code": "invalid", "message": "입력값을 확인해 주세요."},
     "errors": {"topic": ["없는 상담 주제입니다."]}}   # field errors, when there are

`error.code` is stable English for programs, `error.message` Korean for
people; `errors` (field → messages) is only there for validation errors.

- Views answer errors with `error_response()` or raise `ApiError`, and read
  their body with `json_object()` (invalid UTF-8, a JSON array, string or
  null, nesting deep enough to exhaust the parser: all a 400).
- `ApiErrorMiddleware` turns whatever else goes wrong under /api/ into the
  same shape: Django's HTML 404 (no such URL), 405 (`require_POST`), 400,
  403, the 500 page, the 503 of `DatabaseUnavailableMiddleware`, a 429 of the
  rate limiter; a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before any
  middleware or view reads it (Django itself would answer a 400 page).
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException, RequestDataTooBig

logger = logging.getLogger("center.api")

API_PREFIX = "/api/"

CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}

MESSAGES = {
    400: "요청이 올바르지 않습니다.",
    403: "이 요청을 처리할 권한이 없습니다.",
    404: "요청한 주소를 찾을 수 없습니다.",
    405: "이 주소에서 지원하지 않는 요청 방식입니다.",
    409: "요청이 현재 상태와 맞지 않습니다.",
    413: "요청 본문이 너무 큽니다.",
    429: "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
    500: "서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
    503: "서비스를 잠시 사용할 수 없습니다. 잠시 후 다시 시도해 주세요.",
}

# Response headers worth keeping when an error page becomes JSON.
KEEP_HEADERS = ("Allow", "Retry-After", "Cache-Control")


class ApiError(Exception):
    def __init__(self, status: int, message: str | None = None, *, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(
    status: int,
    message: str | None = None,
    *,
    code: str | None = None,
    fields: dict[str, list[str]] | None = None,
) -> JsonResponse:
    """The one JSON error shape (see the module docstring)."""
    payload: dict = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message or MESSAGES.get(status, MESSAGES[400 if status < 500 else 500]),
        }
    }
    if fields:
        payload["errors"] = fields
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def validation_response(fields: dict[str, list[str]], status: int = 400) -> JsonResponse:
    """A 400 for a form's errors: the first message as the summary."""
    first = next((messages[0] for messages in fields.values() if messages), None)
    return error_response(status, first or "입력값을 확인해 주세요.", code="invalid", fields=fields)


def json_object(request: HttpRequest) -> dict:
    """The request body as a JSON object; ApiError(400) for anything else."""
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError, RawPostDataException):
        # RawPostDataException: a form-encoded body, already parsed as request.POST
        # by a middleware before the view could read it as bytes.
        raise ApiError(400, "JSON 형식이 올바르지 않습니다.", code="invalid_json") from None
    if not isinstance(payload, dict):
        raise ApiError(400, "JSON 객체({…})를 보내 주세요.", code="invalid_json")
    return payload


def _too_big(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django's own parsing refuses it (a 400 page, converted below)
    return limit is not None and length > limit


def _has_error_shape(response: HttpResponse) -> bool:
    if "json" not in response.get("Content-Type", ""):
        return False
    try:
        payload = json.loads(response.content)
    except ValueError:
        return False
    error = payload.get("error") if isinstance(payload, dict) else None
    return isinstance(error, dict) and "code" in error and "message" in error


def _as_json(response: HttpResponse) -> JsonResponse:
    message = None
    if "json" in response.get("Content-Type", ""):
        try:
            payload = json.loads(response.content)
        except ValueError:
            payload = None
        if isinstance(payload, dict) and isinstance(payload.get("error"), str):
            message = payload["error"]  # e.g. {"error": "요청이 너무 많습니다…"}
    if response.status_code == 405 and response.get("Allow"):
        message = f"이 주소는 {response['Allow']} 요청만 받습니다."
    converted = error_response(response.status_code, message)
    for header in KEEP_HEADERS:
        if header in response:
            converted[header] = response[header]
    return converted


class ApiErrorMiddleware:
    """Place it near the top of MIDDLEWARE, so it sees every response,
    including the error pages produced below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        if _too_big(request):
            return error_response(413)
        response = self.get_response(request)
        if response.status_code >= 400 and not _has_error_shape(response):
            return _as_json(response)
        return response

    def process_exception(self, request, exception):
        if not is_api(request):
            return None
        if isinstance(exception, ApiError):
            return error_response(exception.status, exception.message, code=exception.code)
        if isinstance(exception, RequestDataTooBig):
            return error_response(413)
        if isinstance(exception, (SuspiciousOperation, BadRequest)):
            return error_response(400)
        if isinstance(exception, Http404):
            return error_response(404)
        if isinstance(exception, PermissionDenied):
            return error_response(403)
        return None  # a 500: Django logs it, renders handler500, __call__ converts
