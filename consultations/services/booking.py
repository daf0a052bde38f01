"""Writes with rules for bookings: checking and booking a slot (locked, one
active booking per slot, limits per person), cancelling, the staff actions
on a booking, converting it into a consultation, reminders."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import ics
from core.calendar import holiday_name
from core.display import absolute_url, format_date_weekday
from core.errors import ServiceError
from core.privacy import format_phone

from .. import slots
from ..models import (
    DURATION_MINUTES,
    VIDEO,
    VISIT,
    Booking,
    Category,
    Consultation,
    Slot,
)
from .common import center_contact, citizen_mail, client_for, text_digest


class SlotTaken(ServiceError):
    """Someone else holds an active booking of this slot (a 409 in the API)."""

    MESSAGE = "이미 예약된 시간입니다. 다른 시간을 골라 주세요."

    def __init__(self):
        super().__init__("time", self.MESSAGE, code="slot_taken")


class BookingLimitReached(ServiceError):
    """One person (phone, e-mail) or one address holds too many bookings (a 409)."""


# --- slot rules -------------------------------------------------------------------


def check_slot(*, day: dt.date, time: dt.time, kind: str, now: dt.datetime | None = None) -> None:
    """Raise a Korean ServiceError unless (day, time, kind) is a bookable slot:
    field "date" for a day that cannot be booked, "time" or "kind" otherwise.

    Whether it is free is decided under the lock in `book_slot`."""
    now = timezone.localtime(now or timezone.now())
    if kind not in (VISIT, VIDEO):
        raise ServiceError("kind", "상담 종류는 방문상담 또는 화상상담이어야 합니다.", code="kind")
    starts = timezone.make_aware(dt.datetime.combine(day, time))
    if starts <= now:
        raise ServiceError("date", "이미 지난 시간은 예약할 수 없습니다.", code="past")
    if day > slots.horizon_end(now.date()):
        raise ServiceError(
            "date",
            f"예약은 오늘부터 {settings.BOOKING_HORIZON_DAYS}일 안의 날짜만 할 수 있습니다.",
            code="horizon",
        )
    if day.weekday() >= 5:
        raise ServiceError("date", "주말에는 상담하지 않습니다. 평일을 골라 주세요.", code="closed")
    name = holiday_name(day)
    if name:
        raise ServiceError(
            "date", f"{name}에는 상담하지 않습니다. 다른 날을 골라 주세요.", code="closed"
        )
    closed, offered = slots.offered(day, time, kind)
    if closed:
        raise ServiceError("date", "센터 휴무일입니다. 다른 날을 골라 주세요.", code="closed")
    if not offered:
        label = "방문상담" if kind == VISIT else "화상상담"
        raise ServiceError("time", f"그 시각에는 {label}을 하지 않습니다.", code="not_a_slot")


# --- booking -------------------------------------------------------------------------


def confirmation_note(booking: Booking) -> str:
    """What a citizen is told after asking for a slot: staff confirm it, and when."""
    return (
        "아직 확정된 예약이 아닙니다. 센터 담당자가 신청 내용을 확인한 뒤 "
        f"{format_date_weekday(booking.confirm_by)}까지 확정 메일을 보내 드립니다. "
        "확정 전에도 예약 확인 페이지에서 시간을 바꾸거나 취소할 수 있습니다."
    )


def booking_ics(booking: Booking, *, cancel: bool = False, center=None) -> bytes:
    """The booking's calendar event; with `cancel`, its METHOD:CANCEL (same
    UID, the booking's current SEQUENCE, which the cancellation raised)."""
    name, address, phone = center or center_contact()
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


def _mail(booking: Booking, *, subject: str, intro: str, key: str, cancel: bool = False):
    """Queue one e-mail about the booking, with its calendar event attached."""
    center = center_contact()
    name, address, _phone = center
    slot = booking.slot
    lines = [
        f"{booking.name}님, {intro}",
        "",
        f"예약번호: {booking.reference}",
        f"상태: {booking.get_status_display()}",
        f"일시: {format_date_weekday(slot.date)} {slot.time:%H:%M} ({slot.duration}분)",
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
    if booking.status == Booking.REQUESTED:
        lines += ["", confirmation_note(booking)]
    lines += [
        "",
        f"예약 확인·변경·취소: {absolute_url(booking.get_public_url())}",
        "이 링크는 본인만 알 수 있도록 보관해 주세요. 링크를 잃어버리면 "
        f"{absolute_url('consultations:booking_find')} 에서 휴대전화 번호와 예약번호로 "
        "찾을 수 있습니다.",
    ]
    return citizen_mail(
        to=booking.email,
        subject=subject,
        lines=lines,
        key=key,
        center=center,
        attachment=(
            "consultation.ics",
            booking_ics(booking, cancel=cancel, center=center),
            "text/calendar",
        ),
    )


# --- limits per person -----------------------------------------------------------------


def address_digest(address: str | None) -> str:
    if not address:
        return ""
    return salted_hmac("consultations.booking.address", address).hexdigest()[:32]


def _lock(*names: str) -> None:
    """Transaction-level advisory locks (PostgreSQL), in a fixed order, so
    two requests for the same person cannot both pass the count."""
    if connection.vendor != "postgresql":
        return
    ordered = sorted(set(names))
    # One statement; PostgreSQL evaluates the select list left to right.
    calls = ", ".join(["pg_advisory_xact_lock(hashtext(%s))"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", ordered)


def _limit_message(what: str, per_person: int) -> str:
    return (
        f"이 {what}로 앞으로 받을 예약이 이미 {per_person}건 있습니다. "
        f"한 사람은 {per_person}건까지 예약할 수 있으니, 기존 예약을 취소하거나 "
        "상담을 받은 뒤 다시 신청해 주세요."
    )


def _limits_sql() -> str:
    """The limits' one statement. Plain SQL because this runs on every
    booking request and compiling the ORM's three filtered aggregates cost
    more CPU than the rest of the request. Future active bookings are found
    through the slot's (date, time, kind) index, today's by address through
    the address index, so neither grows with the years of bookings kept."""
    booking, slot = Booking._meta.db_table, Slot._meta.db_table
    return (
        "SELECT person.by_phone, person.by_email, address.by_address FROM"
        " (SELECT COUNT(CASE WHEN b.phone = %s THEN 1 END) AS by_phone,"
        " COUNT(CASE WHEN UPPER(b.email) = UPPER(%s) THEN 1 END) AS by_email"
        f" FROM {booking} b JOIN {slot} s ON s.id = b.slot_id"
        " WHERE b.status IN (%s, %s) AND b.id <> %s"
        " AND (s.date > %s OR (s.date = %s AND s.time > %s))) person,"
        f" (SELECT COUNT(*) AS by_address FROM {booking} b"
        " WHERE b.address_digest = %s AND b.created_at >= %s AND b.id <> %s) address"
    )


def _check_limits(
    *, phone: str, email: str, digest: str, now: dt.datetime, moving: Booking | None = None
) -> None:
    """One statement counts the person's future active bookings (by phone,
    by e-mail) and the address's bookings today. A booking being moved does
    not count against itself and, as no new booking is made, not against
    the address."""
    local = timezone.localtime(now)
    ops = connection.ops
    today, at = ops.adapt_datefield_value(local.date()), ops.adapt_timefield_value(local.time())
    start = ops.adapt_datetimefield_value(local.replace(hour=0, minute=0, second=0, microsecond=0))
    exclude = moving.pk if moving is not None else 0
    # An empty phone, e-mail or digest matches nothing (never NULL, never "").
    with connection.cursor() as cursor:
        cursor.execute(
            _limits_sql(),
            [
                phone or None,
                email or None,
                *Booking.ACTIVE,
                exclude,
                today,
                today,
                at,
                (digest if moving is None else "") or None,
                start,
                exclude,
            ],
        )
        by_phone, by_email, by_address = cursor.fetchone()
    per_person = settings.BOOKING_MAX_ACTIVE_PER_PERSON
    if by_phone >= per_person:
        raise BookingLimitReached(
            "phone", _limit_message("휴대전화 번호", per_person), code="limit"
        )
    if by_email >= per_person:
        raise BookingLimitReached("email", _limit_message("이메일 주소", per_person), code="limit")
    per_address = settings.BOOKING_MAX_PER_ADDRESS_PER_DAY
    if by_address >= per_address:
        raise BookingLimitReached(
            None,
            f"같은 인터넷 주소에서 오늘 예약 신청이 {per_address}건을 넘었습니다. "
            "내일 다시 신청하시거나 센터로 전화해 주세요.",
            code="limit",
        )


def _locked_slot(day: dt.date, time: dt.time, kind: str) -> tuple[Slot, bool]:
    """The slot row, created on demand and locked until the transaction
    ends, and whether it holds an active booking. Every booking of a slot
    (new or moved) locks this row first, so under the lock that answer is
    the database's (a booking that is not cancelled, as the partial unique
    constraint says); the constraint still decides the insert
    (a booking committed while this statement waited for the lock is not in
    its snapshot). Plain SQL: it runs on every booking request; the rare
    first booking of a slot creates the row through the ORM."""
    ops = connection.ops
    booking, table = Booking._meta.db_table, Slot._meta.db_table
    sql = (
        f"SELECT s.id, EXISTS (SELECT 1 FROM {booking} b WHERE b.slot_id = s.id"
        f" AND b.status <> %s) FROM {table} s"
        " WHERE s.date = %s AND s.time = %s AND s.kind = %s"
    )
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE OF s" if connection.features.has_select_for_update_of else " FOR UPDATE"
    params = [Booking.CANCELLED, ops.adapt_datefield_value(day), ops.adapt_timefield_value(time)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, kind])
        row = cursor.fetchone()
    if row is not None:
        return Slot(id=row[0], date=day, time=time, kind=kind), bool(row[1])
    try:  # the slot's first booking: a new row is locked by its inserter
        with transaction.atomic():
            return Slot.objects.create(date=day, time=time, kind=kind), False
    except IntegrityError:  # created meanwhile by a parallel request: lock it
        return _locked_slot(day, time, kind)


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
    client_address: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book a slot. Raises ServiceError (not a bookable slot: field date,
    time or kind), BookingLimitReached (too many for this phone, e-mail or
    address) or SlotTaken.

    The person's phone, e-mail and address are locked (advisory locks) while
    their bookings are counted; the slot row is created on demand and
    locked; the partial unique constraint on the booking decides whether the
    slot is still free. One pass of checks."""
    now = now or timezone.now()
    check_slot(day=day, time=time, kind=kind, now=now)
    phone = format_phone(phone)
    email = email.strip()
    digest = address_digest(client_address)
    try:
        with transaction.atomic():
            _lock(
                f"booking:phone:{phone}", f"booking:email:{email.lower()}", f"booking:addr:{digest}"
            )
            _check_limits(phone=phone, email=email, digest=digest, now=now)
            slot, taken = _locked_slot(day, time, kind)
            if taken:
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
            slots.invalidate(day)
            _mail(
                booking,
                subject=f"{slot.get_kind_display()} 예약 신청을 받았습니다 (확정 전)",
                intro="상담 예약 신청을 받았습니다.",
                key=f"booking-{booking.pk}-received",
            )
    except IntegrityError as exc:  # the slot's one active booking, or a parallel insert
        raise SlotTaken from exc
    return booking


def move_booking(
    *,
    booking: Booking,
    day: dt.date,
    time: dt.time,
    kind: str,
    now: dt.datetime | None = None,
) -> Booking:
    """Move a citizen's active booking to another free slot, under the same
    rules as a new booking (a bookable slot, the per-person limits, one
    active booking per slot). The booking keeps its number and link, goes
    back to 신청 (staff confirm the new time) and the citizen gets the
    updated calendar event (same UID, higher SEQUENCE); the history keeps
    the old slot."""
    now = now or timezone.now()
    check_slot(day=day, time=time, kind=kind, now=now)
    try:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update()
                .select_related("slot", "topic")
                .get(pk=booking.pk)
            )
            if not booking.is_active:
                raise ServiceError(None, "이미 취소되었거나 끝난 예약은 바꿀 수 없습니다.")
            if booking.slot.starts_at <= now:
                raise ServiceError(
                    None, "상담 시간이 지난 예약은 바꿀 수 없습니다. 센터로 전화해 주세요."
                )
            old = booking.slot
            if (old.date, old.time, old.kind) == (day, time, kind):
                raise ServiceError("slot", "지금 예약과 같은 시간입니다. 다른 시간을 골라 주세요.")
            _lock(f"booking:phone:{booking.phone}", f"booking:email:{booking.email.lower()}")
            _check_limits(
                phone=booking.phone, email=booking.email, digest="", now=now, moving=booking
            )
            booking.slot, taken = _locked_slot(day, time, kind)
            if taken:
                raise SlotTaken
            booking.status = Booking.REQUESTED
            booking.zoom_link = "" if kind != old.kind else booking.zoom_link
            booking.ics_sequence += 1
            booking.save(update_fields=["slot", "status", "zoom_link", "ics_sequence"])
            slots.invalidate(old.date, day)
            _mail(
                booking,
                subject="상담 예약 시간을 바꿨습니다 (확정 전)",
                intro=(
                    f"상담 예약을 {format_date_weekday(old.date)} {old.time:%H:%M}에서 "
                    "아래 시간으로 바꿨습니다."
                ),
                key=f"booking-{booking.pk}-moved-{booking.ics_sequence}",
            )
    except IntegrityError as exc:
        raise SlotTaken from exc
    return booking


def cancel_booking(*, booking: Booking, by_citizen: bool = False) -> Booking:
    """Cancel an active booking; the slot is free as soon as this commits.
    Citizens cannot cancel once the consultation has begun (staff can)."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if not booking.is_active:
            raise ServiceError(None, "이미 취소되었거나 끝난 예약입니다.", code="inactive")
        if by_citizen and booking.slot.starts_at <= timezone.now():
            raise ServiceError(
                None,
                "상담 시간이 지난 예약은 취소할 수 없습니다. 센터로 전화해 주세요.",
                code="past",
            )
        booking.status = Booking.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.ics_sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "ics_sequence"])
        slots.invalidate(booking.slot.date)
        # The METHOD:CANCEL removes the event the citizen's calendar imported earlier.
        _mail(
            booking,
            subject="상담 예약을 취소했습니다",
            intro="상담 예약이 취소되었습니다.",
            key=f"booking-{booking.pk}-cancelled",
            cancel=True,
        )
    return booking


def _transition(booking: Booking, allowed: tuple, status: str, message: str) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status not in allowed:
            raise ServiceError(None, message, code="status")
        booking.status = status
        booking.save(update_fields=["status"])
        slots.invalidate(booking.slot.date)
    return booking


def confirm_booking(*, booking: Booking) -> Booking:
    booking = _transition(
        booking, (Booking.REQUESTED,), Booking.CONFIRMED, "신청 상태의 예약만 확정할 수 있습니다."
    )
    booking = Booking.objects.select_related("slot", "topic").get(pk=booking.pk)
    _mail(
        booking,
        subject=f"{booking.slot.get_kind_display()} 예약이 확정되었습니다",
        intro="상담 예약이 확정되었습니다.",
        key=f"booking-{booking.pk}-confirmed-{booking.ics_sequence}",
    )
    return booking


def attach_zoom_link(*, booking: Booking, link: str) -> Booking:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if booking.slot.kind != VIDEO:
            raise ServiceError(
                "zoom_link", "Zoom 링크는 화상상담 예약에만 붙일 수 있습니다.", code="kind"
            )
        if not booking.is_active:
            raise ServiceError(None, "취소되었거나 끝난 예약입니다.", code="status")
        changed = booking.zoom_link != link
        booking.zoom_link = link
        if changed:
            booking.ics_sequence += 1  # the event's location changed
        booking.save(update_fields=["zoom_link", "ics_sequence"])
        if changed:
            _mail(
                booking,
                subject="화상상담 Zoom 링크를 보내 드립니다",
                intro="화상상담 Zoom 링크를 보내 드립니다.",
                # A changed link is a new message; the same link twice is not.
                key=f"booking-{booking.pk}-zoom-{text_digest(link)}",
            )
    return booking


def mark_attended(*, booking: Booking) -> Booking:
    return _transition(
        booking,
        Booking.ACTIVE,
        Booking.ATTENDED,
        "신청 또는 확정 상태의 예약만 상담 완료로 표시할 수 있습니다.",
    )


def mark_no_show(*, booking: Booking) -> Booking:
    return _transition(
        booking,
        Booking.ACTIVE,
        Booking.NO_SHOW,
        "신청 또는 확정 상태의 예약만 불참으로 표시할 수 있습니다.",
    )


def convert_booking(*, booking: Booking, user) -> Consultation:
    """Turn an attended booking into a visit or video consultation record
    (once: a second call returns the same record)."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("slot", "topic").get(pk=booking.pk)
        )
        if booking.consultation_id:
            return booking.consultation
        if booking.status not in (Booking.ATTENDED, *Booking.ACTIVE):
            raise ServiceError(
                None, "취소되었거나 불참한 예약은 상담 기록으로 전환할 수 없습니다.", code="status"
            )
        if booking.slot.starts_at > timezone.now():
            raise ServiceError(None, "상담 시간이 지난 뒤에 전환할 수 있습니다.", code="future")
        client = client_for(
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
        slots.invalidate(booking.slot.date)
    return consultation


def send_reminders(*, today: dt.date | None = None) -> int:
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
            email = _mail(
                booking,
                subject="내일 상담 예약을 알려 드립니다",
                intro="내일 상담 예약이 있습니다.",
                key=f"booking-{booking.pk}-reminder-{booking.ics_sequence}",
            )
        queued += email is not None
    return queued
