"""Booking pages: the citizens' calendar, booking form and private page, the
JSON API, and the staff's booking board, detail and video slot rules."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api_errors import ApiError, error_response, json_object, validation_response
from core.display import base_url
from core.permissions import manager_required, public, staff_required
from core.privacy import client_ip, log_access, mask_name
from core.public_forms import ratelimit

from .. import selectors, services
from ..forms import (
    BookingApiForm,
    BookingForm,
    SlotRangeForm,
    VideoSlotRuleForm,
    ZoomLinkForm,
    booking_consent,
)
from ..models import Booking, VideoSlotRule


def _weeks(days):
    """Group calendar days Monday..Sunday into weeks for the grid."""
    weeks, week = [], []
    for day in days:
        if week and day.date.weekday() == 0:
            weeks.append(week)
            week = []
        week.append(day)
    if week:
        weeks.append(week)
    return weeks


# --- public: booking -----------------------------------------------------------


@public
@require_GET
def booking_calendar(request):
    today = timezone.localdate()
    end = selectors.horizon_end(today)
    # Start on this week's Monday so the grid lines up.
    start = today - dt.timedelta(days=today.weekday())
    days = selectors.calendar_days(start, end)
    for day in days:
        day.past = day.date < today
    return render(
        request,
        "consultations/booking_calendar.html",
        {
            "weeks": _weeks(days),
            "today": today,
            "horizon": end,
            "api_from": today.isoformat(),
            "api_to": end.isoformat(),
            "free_count": sum(len(d.free) for d in days),
        },
    )


@public
@never_cache
@ratelimit("booking-form", limit=10, period=60)
@require_http_methods(["GET", "POST"])
def booking_new(request):
    today = timezone.localdate()
    slots = selectors.slots_between(today, selectors.horizon_end(today))
    form = BookingForm(
        request.POST or None, slots=slots, initial={"slot": request.GET.get("slot", "")}
    )
    if request.method == "POST" and form.is_valid():
        day, time, kind = form.cleaned_data["slot"]
        data = form.cleaned_data
        try:
            booking = services.book_slot(
                day=day,
                time=time,
                kind=kind,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                cooperative_name=data["cooperative_name"],
                topic=data["topic"],
                description=data["description"],
                base_url=base_url(),
                client_address=client_ip(request),
                **form.consent_record(),
            )
        except services.SlotTaken as exc:
            form.add_error("slot", exc.message)
        except services.BookingLimitReached as exc:
            form.add_error(None, exc)  # next to the phone or e-mail field
        except ValidationError as exc:
            form.add_error("slot", exc)
        else:
            messages.success(
                request,
                "예약 신청을 받았습니다. 확인 메일을 보냈습니다. "
                "이 페이지 주소로 예약을 확인하거나 취소할 수 있습니다.",
            )
            return redirect(booking.get_public_url())
    return render(
        request,
        "consultations/booking_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _booking_by_token(token: str) -> Booking:
    return get_object_or_404(Booking.objects.select_related("slot", "topic"), token=token)


@public
@never_cache
@ratelimit("booking-private", limit=20, period=60, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def booking_private(request, token):
    booking = _booking_by_token(token)
    if booking.personal_data_destroyed:
        raise Http404("보유기간이 지나 파기된 예약입니다.")
    if request.method == "POST":
        try:
            services.cancel_booking(booking, base_url=base_url(), by_citizen=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, "예약을 취소했습니다. 그 시간은 다른 분이 예약할 수 있습니다."
            )
        return redirect(booking.get_public_url())
    response = render(
        request,
        "consultations/booking_private.html",
        {
            "booking": booking,
            "can_cancel": booking.is_active and booking.slot.starts_at > timezone.now(),
        },
    )
    # The token never leaves in a Referer to another site; "no-referrer"
    # would also blank the Origin of the cancel form and fail the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    return response


# --- public: JSON API --------------------------------------------------------------


def _json_errors(form) -> dict:
    return {
        field: [e["message"] for e in errs] for field, errs in form.errors.get_json_data().items()
    }


@public
@require_GET
def api_slots(request):
    form = SlotRangeForm({"start": request.GET.get("from"), "end": request.GET.get("to")})
    if not form.is_valid():
        errors = _json_errors(form)
        renamed = {{"start": "from", "end": "to"}.get(k, k): v for k, v in errors.items()}
        return validation_response(renamed)
    slots = selectors.slots_between(form.cleaned_data["start"], form.cleaned_data["end"])
    return JsonResponse(
        [s.as_json() for s in slots], safe=False, json_dumps_params={"ensure_ascii": False}
    )


# CSRF-exempt on purpose: this endpoint is for clients without our cookies
# (other sites, apps); it acts on no session or login — a request carries
# everything it needs and grants nothing to a cookie holder, so there is
# nothing for a forged cross-site request to abuse. What remains — floods
# and slot hoarding — is held off by the per-client rate limit, which wraps
# it (it must stay the outermost check).
@csrf_exempt
@public
@ratelimit("booking-api", limit=10, period=60, json=True)
@require_POST
def api_bookings(request):
    def reply(payload, status):
        return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})

    try:
        payload = json_object(request)
    except ApiError as exc:
        return validation_response({"__all__": [exc.message]})
    data = {k: ("" if v is None else v) for k, v in payload.items()}
    if "consent" in data:
        # Only a real JSON true counts as consent ("yes", 1, "false" do not).
        data["consent"] = "on" if payload["consent"] is True else ""
    form = BookingApiForm({k: v if isinstance(v, str) else str(v) for k, v in data.items()})
    if not form.is_valid():
        return validation_response(_json_errors(form))
    d = form.cleaned_data
    try:
        booking = services.book_slot(
            day=d["date"],
            time=d["time"],
            kind=d["kind"],
            name=d["name"],
            phone=d["phone"],
            email=d["email"],
            cooperative_name=d["cooperative_name"],
            topic=d["topic"],
            description=d["description"],
            consent_version=booking_consent().version,
            consent_at=timezone.now(),
            base_url=base_url(),
            client_address=client_ip(request),
        )
    except services.SlotTaken as exc:
        return error_response(409, exc.message, code="slot_taken", fields={"time": [exc.message]})
    except services.BookingLimitReached as exc:
        errors = exc.message_dict
        first = next(iter(errors.values()))[0]
        return reply({"errors": errors, "error": {"code": "booking_limit", "message": first}}, 409)
    except ValidationError as exc:
        return validation_response({"time": exc.messages})
    return reply(
        {
            "reference": booking.reference,
            "cancel_url": request.build_absolute_uri(booking.cancel_url()),
        },
        201,
    )


# --- staff: bookings ---------------------------------------------------------------


def _parse_day(value, default):
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@staff_required
@require_GET
def booking_board(request):
    """Day or week view of bookings, names and phones masked."""
    today = timezone.localdate()
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _parse_day(request.GET.get("date"), today)
    if view == "week":
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        step = dt.timedelta(days=7)
    else:
        start = end = day
        step = dt.timedelta(days=1)
    bookings = list(selectors.bookings_between(start, end))
    days = []
    current = start
    while current <= end:
        days.append((current, [b for b in bookings if b.slot.date == current]))
        current += dt.timedelta(days=1)
    return render(
        request,
        "consultations/booking_board.html",
        {
            "view": view,
            "day": day,
            "start": start,
            "end": end,
            "days": days,
            "prev": (start - step).isoformat(),
            "next": (start + step).isoformat(),
            "today": today,
            "count": sum(1 for b in bookings if b.status != Booking.CANCELLED),
        },
    )


@staff_required
@require_GET
def booking_detail(request, pk):
    booking = get_object_or_404(
        Booking.objects.select_related("slot", "topic", "consultation"), pk=pk
    )
    if not booking.personal_data_destroyed:
        log_access(
            request,
            booking,
            "view",
            subject=f"상담 예약 {booking.reference} ({mask_name(booking.name)})",
        )
    return render(
        request,
        "consultations/booking_detail.html",
        {
            "booking": booking,
            "zoom_form": ZoomLinkForm(initial={"zoom_link": booking.zoom_link}),
            "history": booking.history.select_related("history_user").order_by("-history_date")[
                :20
            ],
            "started": booking.slot.starts_at <= timezone.now(),
        },
    )


@staff_required
@require_POST
def booking_action(request, pk, action):
    booking = get_object_or_404(Booking.objects.select_related("slot"), pk=pk)
    base = base_url()
    try:
        if action == "confirm":
            services.confirm_booking(booking, base_url=base)
            messages.success(request, "예약을 확정하고 안내 메일을 보냈습니다.")
        elif action == "attended":
            services.mark_attended(booking)
            messages.success(request, "상담 완료로 표시했습니다.")
        elif action == "no-show":
            services.mark_no_show(booking)
            messages.success(request, "불참으로 표시했습니다.")
        elif action == "cancel":
            services.cancel_booking(booking, base_url=base)
            messages.success(request, "예약을 취소했습니다. 그 시간은 다시 예약할 수 있습니다.")
        elif action == "convert":
            consultation = services.convert_booking(booking, user=request.user)
            messages.success(request, "상담 기록으로 전환했습니다.")
            return redirect(consultation.get_absolute_url())
        elif action == "zoom":
            form = ZoomLinkForm(request.POST)
            if not form.is_valid():
                booking = Booking.objects.select_related("slot", "topic", "consultation").get(pk=pk)
                return render(
                    request,
                    "consultations/booking_detail.html",
                    {
                        "booking": booking,
                        "zoom_form": form,
                        "history": booking.history.order_by("-history_date")[:20],
                        "started": booking.slot.starts_at <= timezone.now(),
                    },
                    status=400,
                )
            services.attach_zoom_link(booking, form.cleaned_data["zoom_link"], base_url=base)
            messages.success(request, "Zoom 링크를 저장하고 신청인에게 메일로 보냈습니다.")
        else:
            raise Http404("없는 작업입니다.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(booking.get_absolute_url())


@manager_required
@require_http_methods(["GET", "POST"])
def video_rules(request):
    form = VideoSlotRuleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "화상상담 시간을 추가했습니다.")
            return redirect("consultations:video_rules")
    rules = VideoSlotRule.objects.all()
    return render(
        request,
        "consultations/booking_video_rules.html",
        {"form": form, "rules": rules},
        status=400 if form.errors else 200,
    )


@manager_required
@require_POST
def video_rule_action(request, pk, action):
    rule = get_object_or_404(VideoSlotRule, pk=pk)
    if action == "delete":
        rule.delete()
        messages.success(
            request, f"{rule} 화상상담 시간을 지웠습니다. 이미 받은 예약은 그대로입니다."
        )
    elif action == "toggle":
        rule.active = not rule.active
        rule.save(update_fields=["active"])
        messages.success(
            request, f"{rule} 시간을 {'다시 사용합니다' if rule.active else '쉬게 했습니다'}."
        )
    else:
        raise Http404("없는 작업입니다.")
    return redirect("consultations:video_rules")
