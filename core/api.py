"""The public JSON API (django-ninja): one `NinjaAPI` under /api/, its
OpenAPI 3.1 schema at /api/openapi.json and a Korean docs page at /api/docs/.

Apps add their endpoints in `AppConfig.ready()` with `add_router(prefix,
router)`; every operation is marked `@public` (or carries ninja `auth=`), and
`urlpatterns()` refuses an unmarked one, so nothing is open by accident.

Errors: every error answer is the one shape of `core.api_errors`
(`{"error": {"code", "message"}, "errors"?: {field: [messages]}}`). Ninja's
own errors (its validation, Http404, HttpError, anything unexpected) are
routed through `error_response` here; what happens outside ninja (no such
URL, 405, 413, the 503 of a database restart) `ApiErrorMiddleware` converts.

The docs page is rendered by Django from the generated schema (no Swagger
UI from a CDN, nothing inline, so the strict CSP holds).
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from pydantic import Field

from .api_errors import CODES, MESSAGES, error_response
from .permissions import public

TITLE = "서울시협동조합지원센터 공개 API"
DESCRIPTION = (
    "서울특별시협동조합지원센터의 방문·화상 상담 예약을 다른 누리집이나 앱에서 쓸 수 있게 "
    "공개하는 JSON API입니다. 로그인이나 키 없이 쓸 수 있고, 요청 수는 클라이언트(접속 주소)마다 "
    "제한합니다. 모든 오류는 같은 모양의 JSON으로 답합니다: "
    '`{"error": {"code": "…", "message": "…"}, "errors": {"필드": ["…"]}}` — '
    "`code`는 프로그램이 읽는 영문 코드, `message`는 사람이 읽는 한국어 설명이고, "
    "`errors`는 입력값 오류일 때만 있습니다."
)


class ErrorDetail(Schema):
    code: str = Field(description="오류 코드 (영문, 프로그램용). 예: invalid, slot_taken")
    message: str = Field(description="오류 설명 (한국어, 사람용)")


class ErrorOut(Schema):
    """The one error shape of every /api/ answer from 400 up."""

    error: ErrorDetail
    errors: dict[str, list[str]] | None = Field(
        default=None, description="입력값 오류일 때 필드별 오류 문구"
    )


# Korean descriptions of the answers an operation can give.
STATUS_TEXT = {
    200: "성공",
    201: "만들었습니다",
    400: "요청 또는 입력값이 올바르지 않습니다 (필드별 오류는 errors에)",
    404: "없는 주소입니다",
    405: "이 주소에서 받지 않는 요청 방식입니다 (Allow 헤더에 받는 방식)",
    409: "현재 상태와 맞지 않습니다 (이미 예약된 시간, 예약 한도, 같은 키의 요청이 처리 중)",
    413: "요청 본문이 너무 큽니다",
    422: "같은 Idempotency-Key로 다른 내용의 요청이 이미 있었습니다",
    429: "요청이 너무 많습니다 (Retry-After 헤더의 초만큼 기다렸다가 다시 보내세요)",
    500: "서버 오류",
    503: "잠시 쓸 수 없습니다 (Retry-After 헤더 뒤에 다시 시도하세요)",
}
COMMON_ERRORS = (404, 405, 429, 500, 503)


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The `response=` of an operation: its successes plus the error shape
    for `errors` and the statuses every endpoint can give."""
    return {**ok, **dict.fromkeys(sorted({*errors, *COMMON_ERRORS}), ErrorOut)}


def korean_descriptions(statuses) -> dict:
    """`openapi_extra` that gives each response its Korean description."""
    every = sorted({*statuses, *COMMON_ERRORS})
    return {"responses": {status: {"description": STATUS_TEXT[status]} for status in every}}


class KoreanDocs(DocsBase):
    """/api/docs/: the schema as a Korean page (endpoints, parameters, body
    fields, answers), rendered on the server."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "core/api_docs.html",
            {
                "schema": schema,
                "operations": _operations(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/components/schemas/"):
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return node


def _type_label(node: dict) -> str:
    if "anyOf" in node:
        return " 또는 ".join(_type_label(n) for n in node["anyOf"] if n.get("type") != "null")
    if "const" in node:
        return f"{node.get('type', '')} ({str(node['const']).lower()})".strip()
    if "enum" in node:
        return "문자열: " + ", ".join(str(v) for v in node["enum"])
    label = node.get("type", "객체" if "$ref" in node else "")
    if node.get("format"):
        label += f" ({node['format']})"
    if node.get("type") == "array":
        label = "배열"
    return label


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolve(schema, node)
    required = set(node.get("required", ()))
    return [
        {
            "name": name,
            "type": _type_label(prop),
            "required": name in required,
            "description": prop.get("description", ""),
            "max_length": prop.get("maxLength"),
            "pattern": prop.get("pattern"),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def _operations(schema: dict) -> list[dict]:
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            body = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"query": "쿼리", "header": "헤더", "path": "경로"}.get(
                                p["in"], p["in"]
                            ),
                            "type": _type_label(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(schema, body) if body else [],
                    "responses": [
                        {"status": status, "description": answer.get("description", "")}
                        for status, answer in sorted(
                            op["responses"].items(), key=lambda i: int(i[0])
                        )
                    ],
                }
            )
    return found


api = NinjaAPI(
    title=TITLE,
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs=KoreanDocs(),
    docs_url="/docs/",
    docs_decorator=public,
)


def add_router(prefix: str, router: Router) -> None:
    api.add_router(prefix, router)


# --- ninja's errors in the one shape ------------------------------------------------


@api.exception_handler(NinjaValidationError)
def _validation(request, exc):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "header")]
        fields.setdefault(".".join(loc) or "__all__", []).append("값의 형식이 올바르지 않습니다.")
    return error_response(400, "입력값을 확인해 주세요.", code="invalid", fields=fields)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    status = exc.status_code
    return error_response(status, MESSAGES.get(status), code=CODES.get(status))


# Anything unexpected is re-raised by ninja's default handler: Django logs it
# and mails ADMINS as for any 500, and ApiErrorMiddleware answers the shape.


def urlpatterns() -> list:
    """The API's URL patterns, each callback marked for the URL-walking
    permission test. An operation without `@public` is refused here."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                func = operation.view_func
                if not getattr(func, "is_public", False) and not operation.auth_callbacks:
                    raise ImproperlyConfigured(
                        f"API operation {func.__module__}.{func.__name__} is neither @public "
                        "nor protected by ninja auth="
                    )
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.is_public = True
    return patterns, app_name, namespace
