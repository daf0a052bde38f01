"""Writes with rules for bookings: checking and booking a slot (locked, one
active booking per slot, limits per person), cancelling, the staff actions
on a booking, converting it into a consultation, reminders."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from center.models import Organisation
from core import ics
from core.calendar import holiday_name, is_business_day
from core.display import format_date_weekday
from core.mail import queue_email
from core.privacy import format_phone

from ..models import (
    DURATION_MINUTES,
    VIDEO,
    VISIT,
    Booking,
    Category,
    Client,
    Consultation,
    Cooperative,
    Slot,
)
from ..selectors import horizon_end, slot_times, video_times_by_weekday


class SlotTaken(Exception):
    """Someone else holds an active booking of this slot."""

    message = "이미 예약된 시간입니다. 다른 시간을 골라 주세요."


def _center():
    org = Organisation.current()
    name = org.name if org else "서울특별시협동조합지원센터"
    address = org.address if org else ""
    phone = org.phone if org else "1544-5077"
    return name, address, phone


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _date_ko(day: dt.date) -> str:
    return format_date_weekday(day)


# --- slot rules -------------------------------------------------------------------


def check_slot(day: dt.date, time: dt.time, kind: str, now: dt.datetime | None = None) -> None:
    """Raise a Korean ValidationError unless (day, time, kind) is a bookable slot.

    Whether it is free is decided under the lock in `book_slot`."""
    now = timezone.localtime(now or timezone.now())
    if kind not in (VISIT, VIDEO):
        raise ValidationError("상담 종류는 방문상담 또는 화상상담이어야 합니다.", code="kind")
    starts = timezone.make_aware(dt.datetime.combine(day, time))
    if starts <= now:
        raise ValidationError("이미 지난 시간은 예약할 수 없습니다.", code="past")
    if day > horizon_end(now.date()):
        raise ValidationError(
            f"예약은 오늘부터 {settings.BOOKING_HORIZON_DAYS}일 안의 날짜만 할 수 있습니다.",
            code="horizon",
        )
    if day.weekday() >= 5:
        raise ValidationError("주말에는 상담하지 않습니다. 평일을 골라 주세요.", code="closed")
    name = holiday_name(day)
    if name:
        raise ValidationError(
            f"{name}에는 상담하지 않습니다. 다른 날을 골라 주세요.", code="closed"
        )
    if not is_business_day(day):
        raise ValidationError("센터 휴무일입니다. 다른 날을 골라 주세요.", code="closed")
    if (time, kind) not in slot_times(day, video_times_by_weekday()):
        label = "방문상담" if kind == VISIT else "화상상담"
        raise ValidationError(f"그 시각에는 {label}을 하지 않습니다.", code="not_a_slot")


# --- booking -------------------------------------------------------------------------


def booking_ics(booking: Booking, *, cancel: bool = False) -> bytes:
    """The booking's calendar event; with `cancel`, its METHOD:CANCEL (same
    UID, the booking's current SEQUENCE, which the cancellation raised)."""
    name, address, phone = _center()
    slot = booking.slot
    if slot.kind == VIDEO:
        location = booking.zoom_link or "Zoom (링크는 메일로 안내합니다)"
    else:
        location = address
    event = ics.IcsEvent(
        uid=f"booking-{booking.ics_uid}@{ics.uid_domain()}",
        summary=f"{name} {slot.get_kind_display()}",
        start=slot.starts_at,
        end=slot.ends_at,
        location=location,
        description=f"예약번호 {booking.reference}\n문의 ☎ {phone}",
        sequence=booking.ics_sequence,
    )
    return ics.build([event], cancel=cancel)


# --- limits per person -----------------------------------------------------------------


class BookingLimitReached(ValidationError):
    """One person (phone, e-mail) or one address holds too many bookings."""


def address_digest(address: str | None) -> str:
    if not address:
        return ""
    return salted_hmac("consultations.booking.address", address).hexdigest()[:32]


def _lock(*names: str) -> None:
    """Transaction-level advisory locks (PostgreSQL), in a fixed order, so
    two requests for the same person cannot both pass the count."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in sorted(set(names)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def _check_limits(*, phone: str, email: str, digest: str, now: dt.datetime) -> None:
    local = timezone.localtime(now)
    future = Q(slot__date__gt=local.date()) | Q(
        slot__date=local.date(), slot__time__gt=local.time()
    )
    active = Booking.objects.filter(future, status__in=Booking.ACTIVE)
    per_person = settings.BOOKING_MAX_ACTIVE_PER_PERSON
    if phone and active.filter(phone=phone).count() >= per_person:
        raise BookingLimitReached(
            {
                "phone": (
                    f"이 휴대전화 번호로 앞으로 받을 예약이 이미 {per_person}건 있습니다. "
                    f"한 사람은 {per_person}건까지 예약할 수 있으니, 기존 예약을 취소하거나 "
                    "상담을 받은 뒤 다시 신청해 주세요."
                )
            },
            code="limit",
        )
    if email and active.filter(email__iexact=email).count() >= per_person:
        raise BookingLimitReached(
            {
                "email": (
                    f"이 이메일 주소로 앞으로 받을 예약이 이미 {per_person}건 있습니다. "
                    f"한 사람은 {per_person}건까지 예약할 수 있으니, 기존 예약을 취소하거나 "
                    "상담을 받은 뒤 다시 신청해 주세요."
                )
            },
            code="limit",
        )
    per_address = settings.BOOKING_MAX_PER_ADDRESS_PER_DAY
    if digest:
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        today = Booking.objects.filter(address_digest=digest, created_at__gte=start)
        if today.count() >= per_address:
            raise BookingLimitReached(
                {
                    "__all__": (
                        f"같은 인터넷 주소에서 오늘 예약 신청이 {per_address}건을 넘었습니다. "
                        "내일 다시 신청하시거나 센터로 전화해 주세요."
                    )
                },
                code="limit",
            )


def _booking_mail_body(booking: Booking, intro: str, base_url: str) -> str:
    name, address, phone = _center()
    slot = booking.slot
    lines = [
        f"{booking.name}님, {intro}",
        "",
        f"예약번호: {booking.reference}",
        f"일시: {_date_ko(slot.date)} {slot.time:%H:%M} ({slot.duration}분)",
        f"상담: {slot.get_kind_display()}",
        f"주제: {booking.topic.name}",
    ]
    if slot.kind == VISIT and address:
        lines.append(f"장소: {name} ({address})")
    if slot.kind == VIDEO:
        lines.append(
            f"Zoom 링크: {booking.zoom_link}"
            if booking.zoom_link
            else "Zoom 링크: 상담 전에 담당자가 메일로 보내 드립니다."
        )
    lines += [
        "",
        f"예약 확인·취소: {base_url}{booking.get_public_url()}",
        "이 링크는 본인만 알 수 있도록 보관해 주세요.",
        "",
        f"문의: ☎ {phone}",
        name,
    ]
    return "\n".join(lines)


def book_slot(
    *,
    day: dt.date,
    time: dt.time,
    kind: str,
    name: str,
    phone: str,
    email: str,
    topic: Category,
    consent_version: str,
    consent_at: dt.datetime,
    cooperative_name: str = "",
    description: str = "",
    base_url: str = "",
    client_address: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book a slot. Raises ValidationError (bad slot), BookingLimitReached
    (too many for this phone, e-mail or address) or SlotTaken.

    The person's phone, e-mail and address are locked (advisory locks) while
    their bookings are counted; the slot row is created on demand and
    locked; the partial unique constraint is the last word if two requests
    still meet."""
    check_slot(day, time, kind, now)
    phone = format_phone(phone)
    email = email.strip()
    digest = address_digest(client_address)
    try:
        with transaction.atomic():
            _lock(
                f"booking:phone:{phone}", f"booking:email:{email.lower()}", f"booking:addr:{digest}"
            )
            _check_limits(phone=phone, email=email, digest=digest, now=now or timezone.now())
            slot, _ = Slot.objects.get_or_create(date=day, time=time, kind=kind)
            slot = Slot.objects.select_for_update().get(pk=slot.pk)
            if slot.bookings.filter(status__in=Booking.ACTIVE).exists():
                raise SlotTaken
            booking = Booking.objects.create(
                slot=slot,
                name=name.strip(),
                phone=phone,
                email=email,
                address_digest=digest,
                cooperative_name=cooperative_name.strip(),
                topic=topic,
                description=description.strip(),
                consent_version=consent_version,
                consent_at=consent_at,
                created_at=timezone.now(),
            )
            queue_email(
                to=booking.email,
                subject=f"[서울시협동조합지원센터] {slot.get_kind_display()} 예약 신청을 받았습니다",
                body=_booking_mail_body(booking, "상담 예약 신청을 받았습니다.", base_url),
                key=f"booking-{booking.pk}-received",
                attachment=("consultation.ics", booking_ics(booking), "text/calendar"),
            )
    except IntegrityError as exc:
        raise SlotTaken from exc
    return booking


def cancel_booking(booking: Booking, *, base_url: str = "", by_citizen: bool = False) -> Booking:
    """Cancel an active booking; the slot is free as soon as this commits.
    Citizens cannot cancel once the consultation has begun (staff can)."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if not booking.is_active:
            raise ValidationError("이미 취소되었거나 끝난 예약입니다.", code="inactive")
        if by_citizen and booking.slot.starts_at <= timezone.now():
            raise ValidationError(
                "상담 시간이 지난 예약은 취소할 수 없습니다. 센터로 전화해 주세요.", code="past"
            )
        booking.status = Booking.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.ics_sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "ics_sequence"])
        queue_email(
            to=booking.email,
            subject="[서울시협동조합지원센터] 상담 예약을 취소했습니다",
            body=_booking_mail_body(booking, "상담 예약이 취소되었습니다.", base_url),
            key=f"booking-{booking.pk}-cancelled",
            # Removes the event the citizen's calendar imported earlier.
            attachment=("consultation.ics", booking_ics(booking, cancel=True), "text/calendar"),
        )
    return booking


def _transition(booking: Booking, allowed: tuple, status: str, message: str) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in allowed:
            raise ValidationError(message, code="status")
        booking.status = status
        booking.save(update_fields=["status"])
    return booking


def confirm_booking(booking: Booking, *, base_url: str = "") -> Booking:
    booking = _transition(
        booking, (Booking.REQUESTED,), Booking.CONFIRMED, "신청 상태의 예약만 확정할 수 있습니다."
    )
    booking = Booking.objects.select_related("slot", "topic").get(pk=booking.pk)
    queue_email(
        to=booking.email,
        subject=f"[서울시협동조합지원센터] {booking.slot.get_kind_display()} 예약이 확정되었습니다",
        body=_booking_mail_body(booking, "상담 예약이 확정되었습니다.", base_url),
        key=f"booking-{booking.pk}-confirmed",
        attachment=("consultation.ics", booking_ics(booking), "text/calendar"),
    )
    return booking


def attach_zoom_link(booking: Booking, link: str, *, base_url: str = "") -> Booking:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if booking.slot.kind != VIDEO:
            raise ValidationError("Zoom 링크는 화상상담 예약에만 붙일 수 있습니다.", code="kind")
        if not booking.is_active:
            raise ValidationError("취소되었거나 끝난 예약입니다.", code="status")
        changed = booking.zoom_link != link
        booking.zoom_link = link
        if changed:
            booking.ics_sequence += 1  # the event's location changed
        booking.save(update_fields=["zoom_link", "ics_sequence"])
        if changed:
            queue_email(
                to=booking.email,
                subject="[서울시협동조합지원센터] 화상상담 Zoom 링크를 보내 드립니다",
                body=_booking_mail_body(booking, "화상상담 Zoom 링크를 보내 드립니다.", base_url),
                # A changed link is a new message; the same link twice is not.
                key=f"booking-{booking.pk}-zoom-{_digest(link)}",
                attachment=("consultation.ics", booking_ics(booking), "text/calendar"),
            )
    return booking


def mark_attended(booking: Booking) -> Booking:
    return _transition(
        booking,
        Booking.ACTIVE,
        Booking.ATTENDED,
        "신청 또는 확정 상태의 예약만 상담 완료로 표시할 수 있습니다.",
    )


def mark_no_show(booking: Booking) -> Booking:
    return _transition(
        booking,
        Booking.ACTIVE,
        Booking.NO_SHOW,
        "신청 또는 확정 상태의 예약만 불참으로 표시할 수 있습니다.",
    )


def _client_for(*, name: str, phone: str, email: str, cooperative_name: str) -> Client:
    """The returning client with this phone number, or a new one."""
    phone = format_phone(phone)
    cooperative = None
    if cooperative_name:
        cooperative, _ = Cooperative.objects.get_or_create(name=cooperative_name.strip())
    client = None
    if phone:
        client = Client.objects.filter(phone=phone, scrubbed_at__isnull=True).first()
    if client is None:
        client = Client.objects.create(name=name, phone=phone, email=email, cooperative=cooperative)
    elif cooperative and client.cooperative_id is None:
        client.cooperative = cooperative
        client.save(update_fields=["cooperative"])
    return client


def convert_booking(booking: Booking, *, user) -> Consultation:
    """Turn an attended booking into a visit or video consultation record
    (once: a second call returns the same record)."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if booking.consultation_id:
            return booking.consultation
        if booking.status not in (Booking.ATTENDED, *Booking.ACTIVE):
            raise ValidationError(
                "취소되었거나 불참한 예약은 상담 기록으로 전환할 수 없습니다.", code="status"
            )
        if booking.slot.starts_at > timezone.now():
            raise ValidationError("상담 시간이 지난 뒤에 전환할 수 있습니다.", code="future")
        client = _client_for(
            name=booking.name,
            phone=booking.phone,
            email=booking.email,
            cooperative_name=booking.cooperative_name,
        )
        channel = (
            Consultation.Channel.VIDEO if booking.slot.kind == VIDEO else Consultation.Channel.VISIT
        )
        consultation = Consultation.objects.create(
            channel=channel,
            started_at=booking.slot.starts_at,
            duration_minutes=DURATION_MINUTES[booking.slot.kind],
            client=client,
            cooperative=client.cooperative,
            summary=booking.description or f"{booking.topic.name} 상담 (예약 {booking.reference})",
            handled_by=user,
        )
        consultation.categories.add(booking.topic)
        booking.consultation = consultation
        booking.status = Booking.ATTENDED
        booking.save(update_fields=["consultation", "status"])
    return consultation


def send_reminders(today: dt.date | None = None, *, base_url: str = "") -> int:
    """Queue the day-before reminder for tomorrow's active bookings. Safe to
    run twice: the outbox key makes the second run queue nothing."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    queued = 0
    bookings = Booking.objects.filter(
        slot__date=tomorrow, status__in=Booking.ACTIVE, personal_data_destroyed=False
    ).select_related("slot", "topic")
    for booking in bookings:
        with transaction.atomic():
            email = queue_email(
                to=booking.email,
                subject="[서울시협동조합지원센터] 내일 상담 예약을 알려 드립니다",
                body=_booking_mail_body(booking, "내일 상담 예약이 있습니다.", base_url),
                key=f"booking-{booking.pk}-reminder",
                attachment=("consultation.ics", booking_ics(booking), "text/calendar"),
            )
        queued += email is not None
    return queued
