"""The booking desk: requests waiting for confirmation (확인 대기), however far
ahead, and the day's end, where attended bookings become consultation records
in one step. Names and phones are masked here as on the board."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.display import format_date
from core.pagination import capped_page
from core.permissions import staff_required

from .. import selectors
from ..models import Booking
from ..services.desk import close_booking_day
from .booking import STATUS_ACTIONS

PAGE_SIZE = 50


@staff_required
def booking_queue(request):
    page = capped_page(request, selectors.pending_bookings(), per_page=PAGE_SIZE)
    return render(
        request,
        "consultations/booking_queue.html",
        {
            "page_obj": page,
            "bookings": page.object_list,
            "now": timezone.now(),
            "tab": "queue",
        },
    )


# From the queue, the message names the booking (the page lists many).
QUEUE_MESSAGES = {
    "confirm": "예약 {reference}을 확정하고 안내 메일을 보냈습니다.",
    "cancel": "예약 {reference}을 취소했습니다.",
}


@staff_required
@require_POST
def booking_queue_action(request, pk, action):
    """Confirm or cancel a request from the queue and come back to it."""
    booking = get_object_or_404(Booking.objects.select_related("slot"), pk=pk)
    if action not in QUEUE_MESSAGES:
        raise Http404("없는 작업입니다.")
    service, _ = STATUS_ACTIONS[action]
    try:
        service(booking=booking)
        messages.success(request, QUEUE_MESSAGES[action].format(reference=booking.reference))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{reverse('consultations:booking_queue')}?{request.GET.urlencode()}")


def _day(request) -> dt.date:
    value = request.POST.get("date") or request.GET.get("date") or ""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()


@staff_required
@require_http_methods(["GET", "POST"])
def booking_close_day(request):
    """Day's end: tick who came; one button records them all."""
    day = _day(request)
    error = ""
    if request.method == "POST":
        attended = [int(v) for v in request.POST.getlist("attended") if v.isascii() and v.isdigit()]
        try:
            result = close_booking_day(
                day=day,
                attended_ids=attended,
                mark_rest_no_show=request.POST.get("rest") == "no_show",
                user=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            text = (
                f"{format_date(day)} 예약 {len(result.converted):,}건을 상담 기록으로 전환했습니다."
            )
            if result.no_show:
                text += f" 불참 {result.no_show:,}건을 표시했습니다."
            messages.success(request, text)
            return redirect(f"{reverse('consultations:booking_close')}?date={day.isoformat()}")
    bookings = list(selectors.bookings_to_close(day))
    now = timezone.now()
    for booking in bookings:
        booking.started = booking.slot.starts_at <= now
    return render(
        request,
        "consultations/booking_close.html",
        {
            "day": day,
            "bookings": bookings,
            "error": error,
            "prev": (day - dt.timedelta(days=1)).isoformat(),
            "next": (day + dt.timedelta(days=1)).isoformat(),
            "today": timezone.localdate(),
            "tab": "close",
        },
    )
