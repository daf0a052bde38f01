"""Booking pages: the citizens' calendar, booking form and private page, the
JSON API, and the staff's booking board, detail and video slot rules."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.permissions import manager_required, public, staff_required
from core.privacy import client_ip, log_access, mask_name
from core.public_forms import ratelimit
from core.views import render_form

from .. import selectors, services, slots
from ..forms import (
    BookingFindForm,
    BookingForm,
    BookingMoveForm,
    VideoSlotRuleForm,
    ZoomLinkForm,
)
from ..models import Booking, VideoSlotRule

# --- public: the slot picker (calendar and move page) ------------------------------


def _weeks(days):
    """Group calendar days Monday..Sunday into weeks for the month grid."""
    weeks, week = [], []
    for day in days:
        if week and day.date.weekday() == 0:
            weeks.append(week)
            week = []
        week.append(day)
    if week:
        weeks.append(week)
    return weeks


def _picker(request, *, pick_url: str, day: dt.date | None = None) -> dict:
    """The compact month grid of bookable days and the chosen day's times.

    `?day=` picks the day (default: the first with a free slot). The grid
    is rendered once per state of the slots: `picker_key` digests what it
    shows, so the template's fragment cache can never serve a stale grid."""
    now = timezone.localtime()
    today = now.date()
    end = slots.horizon_end(today)
    start = today - dt.timedelta(days=today.weekday())  # this week's Monday
    last = end + dt.timedelta(days=6 - end.weekday())  # the horizon week's Sunday
    days = slots.calendar_days(start, last, now)
    for entry in days:
        entry.past = entry.date < today
        entry.bookable = not entry.past and entry.date <= end and bool(entry.free)
    try:
        wanted = day or dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        wanted = None
    chosen = next((d for d in days if d.date == wanted and not d.past), None)
    if chosen is None:
        chosen = next((d for d in days if d.bookable), None)
    state = repr(
        [
            (d.date, d.closed_reason, d.past, [(s.time, s.kind, s.available) for s in d.slots])
            for d in days
        ]
        + [chosen.date if chosen else None, pick_url]
    )
    return {
        "weeks": _weeks(days),
        "today": today,
        "horizon": end,
        "chosen": chosen,
        "pick_url": pick_url,
        "free_count": sum(len(d.free) for d in days),
        "picker_key": hashlib.sha1(state.encode()).hexdigest(),
    }


# --- public: booking -----------------------------------------------------------


def _shared(request) -> bool:
    """A request whose page is everyone's: no session (so no login, no
    flash message in it) and no message cookie."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


@public
@require_GET
def booking_calendar(request):
    def page() -> str:
        context = _picker(request, pick_url=reverse("consultations:booking_new"))
        return render_to_string("consultations/booking_calendar.html", context, request)

    if _shared(request):  # a citizen's visit: the page of this state of the slots
        return HttpResponse(slots.cached_render("calendar", request.GET.urlencode(), page))
    return HttpResponse(page())


@public
@never_cache
@ratelimit("booking-form", limit=10, period=60)
@require_http_methods(["GET", "POST"])
def booking_new(request):
    today = timezone.localdate()
    free = slots.slots_between(today, slots.horizon_end(today))
    form = BookingForm(
        request.POST or None, slots=free, initial={"slot": request.GET.get("slot", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_slot(
                **form.booking_request(), client_address=client_ip(request)
            )
        except services.BookingLimitReached as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ServiceError as exc:  # not a bookable slot, or taken meanwhile
            form.add_error("slot", exc.message)
        else:
            messages.success(
                request,
                "예약 신청을 받았습니다. 확인 메일을 보냈습니다. "
                "이 페이지 주소로 예약을 확인하거나 바꾸거나 취소할 수 있습니다.",
            )
            return redirect(booking.get_public_url())
    return render_form(request, "consultations/booking_form.html", {"form": form}, form=form)


def _booking_by_token(token: str) -> Booking:
    booking = get_object_or_404(Booking.objects.select_related("slot", "topic"), token=token)
    if booking.personal_data_destroyed:
        raise Http404("보유기간이 지나 파기된 예약입니다.")
    return booking


def _private(response):
    # The token never leaves in a Referer to another site; "no-referrer"
    # would also blank the Origin of the forms and fail the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    return response


@public
@never_cache
@ratelimit("booking-private", limit=20, period=60, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def booking_private(request, token):
    booking = _booking_by_token(token)
    if request.method == "POST":
        try:
            services.cancel_booking(booking=booking, by_citizen=True)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "예약을 취소했습니다. 그 시간은 다른 분이 예약할 수 있습니다."
            )
        return redirect(booking.get_public_url())
    changeable = booking.is_active and booking.slot.starts_at > timezone.now()
    return _private(
        render(
            request,
            "consultations/booking_private.html",
            {"booking": booking, "can_cancel": changeable, "can_move": changeable},
        )
    )


@public
@never_cache
@ratelimit("booking-move", limit=10, period=60)
@require_http_methods(["GET", "POST"])
def booking_move(request, token):
    """Move the booking to another free slot: pick a day and time on the
    same calendar, then confirm."""
    booking = _booking_by_token(token)
    if not (booking.is_active and booking.slot.starts_at > timezone.now()):
        messages.error(request, "취소되었거나 시간이 지난 예약은 바꿀 수 없습니다.")
        return redirect(booking.get_public_url())
    form = BookingMoveForm(request.POST or None, initial={"slot": request.GET.get("slot", "")})
    if request.method == "POST" and form.is_valid():
        day, time, kind = form.cleaned_data["slot"]
        try:
            services.move_booking(booking=booking, day=day, time=time, kind=kind)
        except ServiceError as exc:
            form.add_error("slot", exc.message)
        else:
            messages.success(
                request,
                "예약 시간을 바꿨습니다. 센터 담당자가 새 시간을 확인한 뒤 확정 메일을 보내 드립니다.",
            )
            return redirect(booking.get_public_url())
    picked, picked_slot = form["slot"].value(), None
    if picked:
        try:
            picked_slot = form.fields["slot"].clean(picked)
        except ValidationError:
            picked_slot = None
    context = _picker(request, pick_url=request.path, day=picked_slot[0] if picked_slot else None)
    context.update({"booking": booking, "form": form, "picked": picked, "picked_slot": picked_slot})
    return _private(render_form(request, "consultations/booking_move.html", context, form=form))


@public
@never_cache
@ratelimit("booking-find", limit=10, period=60)
@require_http_methods(["GET", "POST"])
def booking_find(request):
    """A citizen who lost the link finds the booking with phone + booking number."""
    form = BookingFindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        booking = selectors.booking_by_reference(
            reference=form.cleaned_data["reference"], phone=form.cleaned_data["phone"]
        )
        if booking is not None:
            return redirect(booking.get_public_url())
        form.add_error(
            None,
            "그 휴대전화 번호와 예약번호로 된 예약을 찾지 못했습니다. 예약 확인 메일의 "
            "예약번호(예: B211001-00012)와 신청할 때 쓴 번호를 확인해 주세요.",
        )
    return render_form(request, "consultations/booking_find.html", {"form": form}, form=form)


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
    return _detail_page(request, booking, ZoomLinkForm(initial={"zoom_link": booking.zoom_link}))


def _detail_page(request, booking, zoom_form, *, status=200):
    return render(
        request,
        "consultations/booking_detail.html",
        {
            "booking": booking,
            "zoom_form": zoom_form,
            "history": booking.history.select_related("history_user").order_by("-history_date")[
                :20
            ],
            "started": booking.slot.starts_at <= timezone.now(),
        },
        status=status,
    )


# A booking's status changes staff make (here and from the queue): the
# service and the message it leaves.
STATUS_ACTIONS = {
    "confirm": (services.confirm_booking, "예약을 확정하고 안내 메일을 보냈습니다."),
    "attended": (services.mark_attended, "상담 완료로 표시했습니다."),
    "no-show": (services.mark_no_show, "불참으로 표시했습니다."),
    "cancel": (services.cancel_booking, "예약을 취소했습니다. 그 시간은 다시 예약할 수 있습니다."),
}


@staff_required
@require_POST
def booking_action(request, pk, action):
    booking = get_object_or_404(Booking.objects.select_related("slot"), pk=pk)
    try:
        if action in STATUS_ACTIONS:
            service, message = STATUS_ACTIONS[action]
            service(booking=booking)
            messages.success(request, message)
        elif action == "convert":
            consultation = services.convert_booking(booking=booking, user=request.user)
            messages.success(request, "상담 기록으로 전환했습니다.")
            return redirect(consultation.get_absolute_url())
        elif action == "zoom":
            form = ZoomLinkForm(request.POST)
            if not form.is_valid():
                booking = Booking.objects.select_related("slot", "topic", "consultation").get(pk=pk)
                return _detail_page(request, booking, form, status=400)
            services.attach_zoom_link(booking=booking, link=form.cleaned_data["zoom_link"])
            messages.success(request, "Zoom 링크를 저장하고 신청인에게 메일로 보냈습니다.")
        else:
            raise Http404("없는 작업입니다.")
    except ServiceError as exc:
        messages.error(request, exc.message)
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
    return render_form(
        request, "consultations/booking_video_rules.html", {"form": form, "rules": rules}, form=form
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
