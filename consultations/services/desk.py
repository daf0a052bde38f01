"""The desk's day's end: attended bookings become consultation records in one
step. Its own module because it joins the booking services (the statuses)
and the records (the consultations they become)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.errors import ServiceError

from ..models import Booking, Consultation
from .booking import convert_booking, mark_no_show


@dataclass
class DayClosed:
    converted: list[Consultation]
    no_show: int


def close_booking_day(
    *,
    day: dt.date,
    attended_ids: list[int],
    mark_rest_no_show: bool,
    user: AbstractBaseUser,
) -> DayClosed:
    """Day's end in one step: every attended booking of `day` becomes a visit
    or video consultation record (`convert_booking`), and, when asked, the
    day's other open bookings are marked 불참. One transaction: a refusal of
    any booking (not yet started, already cancelled) saves nothing."""
    with transaction.atomic():
        bookings = list(
            Booking.objects.select_for_update()
            .filter(slot__date=day, consultation__isnull=True)
            .exclude(status__in=[Booking.CANCELLED, Booking.NO_SHOW])
            .order_by("slot__time", "pk")
        )
        known = {b.pk for b in bookings}
        unknown = set(attended_ids) - known
        if unknown:
            raise ServiceError(
                "attended", "선택한 예약 중 이미 처리되었거나 이 날의 예약이 아닌 것이 있습니다."
            )
        if not attended_ids and not mark_rest_no_show:
            raise ServiceError("attended", "상담 기록으로 전환할 예약을 고르세요.")
        converted, no_show = [], 0
        for booking in bookings:
            if booking.pk in attended_ids:
                converted.append(convert_booking(booking=booking, user=user))
            elif mark_rest_no_show and booking.status in Booking.ACTIVE:
                mark_no_show(booking=booking)
                no_show += 1
    return DayClosed(converted=converted, no_show=no_show)
