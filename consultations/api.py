"""The booking API (django-ninja router, mounted under /api/ by apps.py):
`GET /api/slots/` and `POST /api/bookings/`.

The Django forms stay the rules (the same Korean messages as the booking
page); the pydantic models below are the published contract, and a body
that breaks it (a number where a string belongs, `"true"` for `true`) is
refused even where the form would have coerced it. Both endpoints answer
JSON built directly (no second serialisation pass).
"""

import datetime as dt
import json
from typing import Literal

from django.http import HttpResponse, JsonResponse
from ninja import Router, Schema
from pydantic import Field
from pydantic import ValidationError as PydanticError

from core.api import korean_descriptions, responses
from core.api_errors import ApiError, error_response, json_object, validation_response
from core.errors import ServiceError
from core.permissions import public
from core.privacy import client_ip
from core.public_forms import ratelimit

from . import services, slots
from .forms import BookingApiForm, SlotRangeForm

router = Router(tags=["상담 예약"])

DATE = {"format": "date", "examples": ["2021-11-04"]}
EMAIL = {"format": "email", "examples": ["hong@example.com"]}


class SlotOut(Schema):
    date: dt.date = Field(description="날짜 (YYYY-MM-DD, 서울 시간)")
    time: str = Field(pattern=r"^\d{2}:\d{2}$", description="시작 시각 (24시간, HH:MM)")
    kind: Literal["visit", "video"] = Field(
        description="상담 종류: visit 방문상담(60분), video 화상상담(Zoom, 40분)"
    )
    available: bool = Field(description="예약할 수 있으면 true, 이미 예약되었으면 false")


class BookingIn(Schema):
    date: str = Field(
        description="날짜 (YYYY-MM-DD). 평일, 오늘부터 예약 가능 기간 안", json_schema_extra=DATE
    )
    time: str = Field(
        pattern=r"^\d{2}:\d{2}$", description="시각 (HH:MM). /api/slots/가 알려 주는 시각"
    )
    kind: Literal["visit", "video"] = Field(description="상담 종류: visit 또는 video")
    name: str = Field(min_length=1, max_length=50, description="신청인 이름")
    phone: str = Field(min_length=1, max_length=20, description="휴대전화 번호 (예: 010-1234-5678)")
    email: str = Field(
        min_length=1,
        max_length=254,
        description="이메일 (확인 메일을 보냅니다)",
        json_schema_extra=EMAIL,
    )
    topic: str | int = Field(description="상담 주제: 이름(예: 설립) 또는 번호")
    cooperative_name: str | None = Field(
        default=None, max_length=100, description="협동조합명 (선택)"
    )
    description: str | None = Field(
        default=None, max_length=2000, description="상담받고 싶은 내용 (선택)"
    )
    consent: Literal[True] = Field(
        description="개인정보 수집·이용 동의. 동의 문구는 예약 페이지(/booking/new/)에 있으며, "
        "JSON true만 동의로 봅니다."
    )


class BookingOut(Schema):
    reference: str = Field(description="예약번호 (전화 문의 때 말씀해 주세요)")
    cancel_url: str = Field(description="예약 확인·취소 페이지 주소 (본인만 알도록 보관)")


def _json(payload, status: int = 200) -> JsonResponse:
    return JsonResponse(
        payload, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def _form_errors(form) -> dict[str, list[str]]:
    return {
        field: [e["message"] for e in errs] for field, errs in form.errors.get_json_data().items()
    }


TYPE_HINTS = {
    "string_type": "문자열로 보내 주세요.",
    "literal_error": "허용된 값 중 하나로 보내 주세요.",
    "string_too_long": "너무 깁니다.",
    "string_too_short": "비어 있으면 안 됩니다.",
    "string_pattern_mismatch": "형식이 올바르지 않습니다.",
    "missing": "꼭 보내야 하는 항목입니다.",
}


def _contract_errors(payload: dict) -> dict[str, list[str]]:
    """Where the body breaks the published schema (types, lengths, literals)."""
    try:
        BookingIn.model_validate(payload, strict=True)
    except PydanticError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "__all__"
            hint = TYPE_HINTS.get(error["type"], "형식이 올바르지 않습니다.")
            errors.setdefault(field, [f"{field}: {hint}"])
        return errors
    return {}


SLOTS_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": True,
        "schema": {"type": "string", **DATE},
        "description": text,
    }
    for name, text in (
        ("from", "조회 시작일 (YYYY-MM-DD)"),
        ("to", f"조회 종료일 (YYYY-MM-DD, 시작일부터 {SlotRangeForm.MAX_DAYS}일까지)"),
    )
]


@router.get(
    "/slots/",
    response=responses({200: list[SlotOut]}, 400),
    summary="상담 시간 조회",
    description=(
        "기간 안의 방문·화상 상담 시간과 예약 가능 여부를 시간순으로 돌려줍니다. 지난 시간, "
        "주말·공휴일·센터 휴무일, 예약 가능 기간(오늘부터 며칠) 밖의 날짜는 빠집니다."
    ),
    operation_id="list_slots",
    url_name="slots",
    openapi_extra={"parameters": SLOTS_PARAMETERS, **korean_descriptions((200, 400))},
)
@public
def api_slots(request):
    form = SlotRangeForm({"start": request.GET.get("from"), "end": request.GET.get("to")})
    if not form.is_valid():
        renamed = {
            {"start": "from", "end": "to"}.get(k, k): v for k, v in _form_errors(form).items()
        }
        return validation_response(renamed)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]

    def body() -> str:
        found = slots.slots_between(start, end)
        return json.dumps([s.as_json() for s in found], ensure_ascii=False)

    return HttpResponse(
        slots.cached_render("api", f"{start}:{end}", body), content_type="application/json"
    )


IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_.:~+/=-]{1,100}$"},
    "description": (
        "같은 요청을 다시 보낼 때(네트워크 오류 뒤 재시도) 한 번만 처리되게 하는 키. 같은 키와 "
        "같은 본문은 첫 응답을 그대로 다시 돌려주고(Idempotent-Replayed: true), 같은 키에 다른 "
        "본문은 422입니다. 24시간 동안 유지됩니다."
    ),
}


# CSRF-exempt (as every ninja view) on purpose: this endpoint is for clients
# without our cookies; it acts on no session or login, so there is nothing
# for a forged cross-site request to abuse. Floods and slot hoarding are held
# off by the per-client rate limit, which wraps it (the outermost check).
@router.post(
    "/bookings/",
    response=responses({201: BookingOut}, 400, 409, 413, 422),
    summary="상담 예약 신청",
    description=(
        "빈 상담 시간 하나를 예약 신청합니다. 신청은 센터 담당자가 확인한 뒤 확정되며, 확인 "
        "메일(일정 파일 .ics 첨부)과 확정 메일이 신청인에게 갑니다. 한 사람(휴대전화·이메일)은 "
        "앞으로의 예약을 정해진 건수까지, 한 접속 주소는 하루 정해진 건수까지 신청할 수 있습니다. "
        "이미 예약된 시간이나 한도를 넘으면 409입니다."
    ),
    operation_id="create_booking",
    url_name="bookings",
    openapi_extra={
        "parameters": [IDEMPOTENCY_PARAMETER],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BookingIn.model_json_schema()}},
        },
        **korean_descriptions((201, 400, 409, 413, 422)),
    },
)
@public
@ratelimit("booking-api", limit=10, period=60, json=True)
def api_bookings(request):
    try:
        payload = json_object(request)
    except ApiError as exc:
        return validation_response({"__all__": [exc.message]})
    form = BookingApiForm.from_json(payload)
    errors = _form_errors(form) if not form.is_valid() else {}
    for field, messages in _contract_errors(payload).items():
        errors.setdefault(field, messages)
    if errors:
        return validation_response(errors)
    try:
        booking = services.book_slot(**form.booking_request(), client_address=client_ip(request))
    except services.SlotTaken as exc:
        return error_response(409, exc.message, code="slot_taken", fields={"time": [exc.message]})
    except services.BookingLimitReached as exc:
        return error_response(
            409, exc.message, code="booking_limit", fields={exc.field or "__all__": [exc.message]}
        )
    except ServiceError as exc:
        return validation_response({exc.field or "__all__": [exc.message]})
    return _json(
        {
            "reference": booking.reference,
            "cancel_url": request.build_absolute_uri(booking.get_public_url()),
        },
        201,
    )
