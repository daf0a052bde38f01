"""Writes with rules: sign-up with capacity and waitlist, cancellation with
promotion, attendance, surveys, outreach requests. Each takes its row locks
(the session row first, always), checks and saves in one transaction; e-mails
go to the outbox in the same transaction."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.display import absolute_url, format_date, format_datetime, format_time
from core.errors import ServiceError
from core.mail import queue_email
from core.privacy import citizen_contact, format_phone

from . import selectors
from .ics import session_ics
from .models import (
    SURVEY_QUESTIONS,
    Attendance,
    Course,
    OutreachRequest,
    PaperSurvey,
    PaperSurveyCount,
    Registration,
    Session,
    SurveyResponse,
)


def _when(session: Session) -> str:
    return f"{format_datetime(session.starts_at)}~{format_time(session.ends_at)}"


def _where(session: Session) -> str:
    parts = [session.get_format_display()]
    if session.place:
        parts.append(session.place)
    if session.online_url:
        parts.append(session.online_url)
    return " · ".join(parts)


def _ics_attachment(session: Session):
    return ("education.ics", session_ics(session), "text/calendar")


# --- sign-up ----------------------------------------------------------------------


def register(
    *,
    session_id: int,
    name: str,
    phone: str,
    email: str,
    organisation: str = "",
    consent: dict | None = None,
    source: str = Registration.ONLINE,
) -> Registration:
    """Sign someone up; confirmed while seats are left, otherwise waitlisted.

    The session row is locked, so concurrent sign-ups are counted one at a
    time and never confirm more people than the capacity."""
    now = timezone.now()
    contact = citizen_contact(name=name, phone=phone, email=email)
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("course").get(pk=session_id)
        if session.is_cancelled:
            raise ServiceError(None, "폐강된 교육이라 신청할 수 없습니다.")
        if source == Registration.ONLINE:
            if not session.signup_open:
                raise ServiceError(None, "신청이 마감된 교육입니다.")
            if session.starts_at <= now:
                raise ServiceError(None, "이미 시작한 교육은 신청할 수 없습니다.")
        if session.course.is_program and selectors.signup_session(session).pk != session.pk:
            raise ServiceError(None, "여러 회차 과정은 첫 회차에서 한 번만 신청합니다.")
        active = Registration.objects.filter(
            session=session, status__in=[Registration.REGISTERED, Registration.WAITLISTED]
        )
        if active.filter(phone=contact["phone"]).exists():
            raise ServiceError("phone", "이 휴대전화 번호로 이미 신청하셨습니다.")
        registered = active.filter(status=Registration.REGISTERED).count()
        reg = Registration(
            session=session,
            **contact,
            organisation=organisation.strip(),
            source=source,
            created_at=now,
            **(consent or {}),
        )
        if registered < session.capacity:
            reg.status = Registration.REGISTERED
        else:
            last = active.filter(status=Registration.WAITLISTED).aggregate(
                m=Max("waitlist_position")
            )["m"]
            reg.status = Registration.WAITLISTED
            reg.waitlist_position = (last or 0) + 1
        try:
            with transaction.atomic():
                reg.save()
        except IntegrityError as exc:
            raise ServiceError("phone", "이 휴대전화 번호로 이미 신청하셨습니다.") from exc
        if reg.status == Registration.REGISTERED:
            _mail_confirmed(reg, key=f"education-registration-{reg.pk}-confirmed")
        else:
            _mail_waitlisted(reg)
    return reg


def waitlist_rank(reg: Registration) -> int | None:
    """1 for the first person waiting, and so on."""
    if reg.status != Registration.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            session_id=reg.session_id,
            status=Registration.WAITLISTED,
            waitlist_position__lt=reg.waitlist_position,
        ).count()
        + 1
    )


def cancel(*, registration_id: int, by_staff: bool = False) -> Registration:
    """Cancel a sign-up; a freed seat goes to the first person waiting, in the
    same transaction, under the session's row lock."""
    with transaction.atomic():
        session_id = Registration.objects.values_list("session_id", flat=True).get(
            pk=registration_id
        )
        session = Session.objects.select_for_update().get(pk=session_id)
        reg = Registration.objects.select_for_update().get(pk=registration_id)
        if reg.status == Registration.CANCELLED:
            return reg
        if not by_staff and session.starts_at <= timezone.now():
            raise ServiceError(
                None, "교육이 시작된 뒤에는 취소할 수 없습니다. 센터로 연락해 주세요."
            )
        freed = reg.status == Registration.REGISTERED
        reg.status = Registration.CANCELLED
        reg.waitlist_position = None
        reg.cancelled_at = timezone.now()
        reg.save(update_fields=["status", "waitlist_position", "cancelled_at"])
        _mail_cancelled(
            reg,
            session,
            subject="교육 신청이 취소되었습니다",
            line="아래 교육 신청이 취소되었습니다.",
        )
        if freed:
            promote_waiting(session)
        else:
            renumber_waitlist(session)
    return reg


def promote_waiting(session: Session) -> list[Registration]:
    """Fill free seats from the waitlist in order. Call with the session row locked."""
    promoted = []
    registered = Registration.objects.filter(
        session=session, status=Registration.REGISTERED
    ).count()
    waiting = list(
        Registration.objects.select_for_update()
        .filter(session=session, status=Registration.WAITLISTED)
        .order_by("waitlist_position", "pk")[: max(0, session.capacity - registered)]
    )
    for reg in waiting:
        reg.status = Registration.REGISTERED
        reg.waitlist_position = None
        reg.promoted_at = timezone.now()
        reg.save(update_fields=["status", "waitlist_position", "promoted_at"])
        _mail_confirmed(reg, key=f"education-registration-{reg.pk}-promoted", promoted=True)
        promoted.append(reg)
    if promoted:
        renumber_waitlist(session)
    return promoted


def renumber_waitlist(session: Session) -> None:
    """Close the gaps a promotion or a cancellation leaves: positions 1, 2, 3 …
    in the same order. Call with the session row locked. Ascending order never
    collides with the unique position (each moves down to a free number)."""
    waiting = (
        Registration.objects.select_for_update()
        .filter(session=session, status=Registration.WAITLISTED)
        .order_by("waitlist_position", "pk")
    )
    for number, reg in enumerate(waiting, start=1):
        if reg.waitlist_position != number:
            reg.waitlist_position = number
            reg.save(update_fields=["waitlist_position"])


def _mail_confirmed(reg: Registration, key: str, promoted: bool = False) -> None:
    session = reg.session
    head = (
        "대기 중이던 교육에 자리가 나서 신청이 확정되었습니다."
        if promoted
        else "교육 신청이 확정되었습니다."
    )
    queue_email(
        to=reg.email,
        subject=f"[서울시협동조합지원센터] {'대기 확정' if promoted else '교육 신청 확정'}: "
        f"{session.course.title}",
        body=(
            f"{reg.name}님, {head}\n\n"
            f"교육: {session}\n일시: {_when(session)}\n장소: {_where(session)}\n\n"
            "일정 파일(education.ics)을 첨부했습니다.\n"
            f"신청 확인·취소: {absolute_url(reg.private_url())}\n"
        ),
        key=key,
        attachment=_ics_attachment(session),
    )


def _mail_cancelled(
    reg: Registration, session: Session, *, subject: str, line: str, key: str = "cancelled"
) -> None:
    """A registrant's notice that the registration or the session is off,
    with the calendar entry that removes it."""
    queue_email(
        to=reg.email,
        subject=f"[서울시협동조합지원센터] {subject}: {session.course.title}",
        body=f"{reg.name}님, {line}\n\n교육: {session}\n일시: {_when(session)}\n",
        key=f"education-registration-{reg.pk}-{key}",
        attachment=("education.ics", session_ics(session, cancel=True), "text/calendar"),
    )


def _mail_waitlisted(reg: Registration) -> None:
    session = reg.session
    queue_email(
        to=reg.email,
        subject=f"[서울시협동조합지원센터] 교육 대기 접수: {session.course.title}",
        body=(
            f"{reg.name}님, 정원이 차서 대기자로 접수했습니다 (대기 {waitlist_rank(reg)}번).\n"
            "앞선 신청자가 취소하면 순서대로 확정하고 메일로 알려 드립니다.\n\n"
            f"교육: {session}\n일시: {_when(session)}\n"
            f"신청 확인·취소: {absolute_url(reg.private_url())}\n"
        ),
        key=f"education-registration-{reg.pk}-waitlisted",
    )


def session_saved(session: Session) -> None:
    """After staff edit a session: a raised capacity promotes people waiting; a
    cancelled session (폐강) tells everyone signed up, once."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
        if not locked.is_cancelled:
            promote_waiting(locked)
            return
        regs = Registration.objects.filter(
            session=locked, status__in=[Registration.REGISTERED, Registration.WAITLISTED]
        )
        for reg in regs:
            _mail_cancelled(
                reg,
                locked,
                subject="교육이 폐강되었습니다",
                line="신청하신 교육이 폐강되어 알려 드립니다. 불편을 드려 죄송합니다.",
                key="session-cancelled",
            )


# --- attendance -------------------------------------------------------------------


def set_attendance(*, session: Session, registration_id: int, present: bool, user=None) -> bool:
    """Tick (or untick) a registrant on a session's roster. Returns the new state."""
    with transaction.atomic():
        qs = Registration.objects.select_for_update().filter(
            pk=registration_id, status=Registration.REGISTERED
        )
        qs = (
            qs.filter(session__course=session.course_id)
            if session.course.is_program
            else qs.filter(session=session)
        )
        reg = qs.first()
        if reg is None:
            raise ServiceError(None, "이 회차의 신청자가 아닙니다.")
        if present:
            Attendance.objects.get_or_create(
                session=session, registration=reg, defaults={"checked_by": user}
            )
        else:
            Attendance.objects.filter(session=session, registration=reg).delete()
    return present


def add_walk_in(*, session: Session, name: str, phone: str = "", organisation: str = "", user=None):
    name = name.strip()
    if not name:
        raise ServiceError("name", "이름을 입력하세요.")
    return Attendance.objects.create(
        session=session,
        walk_in_name=name,
        walk_in_phone=format_phone(phone) if phone else "",
        walk_in_organisation=organisation.strip(),
        checked_by=user,
    )


# --- survey -----------------------------------------------------------------------


NOT_ATTENDED = "교육에 참석한 분만 만족도 조사에 답할 수 있습니다."


def submit_survey(*, registration_id: int, answers: dict, comment: str = "") -> SurveyResponse:
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("session__course")
            .get(pk=registration_id)
        )
        if reg.status != Registration.REGISTERED:
            raise ServiceError(None, "확정된 신청자만 만족도 조사에 답할 수 있습니다.")
        session = selectors.survey_session(reg)
        if not session.is_over:
            raise ServiceError(None, "교육이 끝난 뒤에 답할 수 있습니다.")
        if not selectors.attended(reg):
            raise ServiceError(None, NOT_ATTENDED)
        if SurveyResponse.objects.filter(registration=reg).exists():
            raise ServiceError(None, "이미 만족도 조사에 답하셨습니다. 응답은 한 번만 받습니다.")
        values = {}
        for name, _label in SURVEY_QUESTIONS:
            value = answers.get(name)
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ServiceError(name, "모든 문항에 1~5점 중 하나를 고르세요.")
            values[name] = value
        try:
            with transaction.atomic():
                return SurveyResponse.objects.create(
                    registration=reg, session=session, comment=comment.strip(), **values
                )
        except IntegrityError as exc:
            raise ServiceError(
                None, "이미 만족도 조사에 답하셨습니다. 응답은 한 번만 받습니다."
            ) from exc


def send_survey_invitations(now=None) -> int:
    """E-mail the survey link to sign-ups of sessions that ended in the last 14 days
    (a program: after its last session). Idempotent by outbox key."""
    now = now or timezone.now()
    sent = 0
    sessions = Session.objects.filter(
        is_cancelled=False, ends_at__lte=now, ends_at__gt=now - dt.timedelta(days=14)
    ).select_related("course")
    for session in sessions:
        if session.course.is_program:
            last = (
                Session.objects.filter(course=session.course, is_cancelled=False)
                .order_by("-starts_at", "-pk")
                .first()
            )
            if last.pk != session.pk:
                continue
            regs = Registration.objects.filter(session__course=session.course)
        else:
            regs = Registration.objects.filter(session=session)
        # Only people who came are asked (and may answer: `submit_survey`).
        regs = regs.filter(
            status=Registration.REGISTERED, survey__isnull=True, attendances__isnull=False
        ).distinct()
        for reg in regs:
            with transaction.atomic():
                if queue_email(
                    to=reg.email,
                    subject=f"[서울시협동조합지원센터] 교육 만족도 조사: {session.course.title}",
                    body=(
                        f"{reg.name}님, 교육에 참여해 주셔서 감사합니다.\n"
                        "더 나은 교육을 위해 짧은 만족도 조사(4문항)에 답해 주세요.\n\n"
                        f"{absolute_url(reg.survey_url())}\n"
                    ),
                    key=f"education-registration-{reg.pk}-survey",
                ):
                    sent += 1
    return sent


# --- outreach requests --------------------------------------------------------------


def earliest_outreach_date(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(days=OutreachRequest.MIN_DAYS_AHEAD)


def check_outreach_rules(desired_date: dt.date | None, participants: int | None) -> dict:
    """Korean errors by field for the 15-day / 10-person rule (empty when fine)."""
    errors = {}
    if desired_date is not None and desired_date < earliest_outreach_date():
        first = earliest_outreach_date()
        errors["desired_date"] = (
            f"희망일은 신청일로부터 {OutreachRequest.MIN_DAYS_AHEAD}일 이후여야 합니다 "
            f"({format_date(first)} 부터 신청할 수 있습니다)."
        )
    if participants is not None and participants < OutreachRequest.MIN_PARTICIPANTS:
        errors["expected_participants"] = (
            f"찾아가는 교육은 {OutreachRequest.MIN_PARTICIPANTS}명 이상 모일 때 신청할 수 있습니다."
        )
    return errors


def submit_outreach_request(**data) -> OutreachRequest:
    errors = check_outreach_rules(data.get("desired_date"), data.get("expected_participants"))
    if errors:
        field, message = next(iter(errors.items()))
        raise ServiceError(field, message)
    data["contact_phone"] = format_phone(data.get("contact_phone", ""))
    with transaction.atomic():
        req = OutreachRequest.objects.create(**data)
        d = req.desired_date
        queue_email(
            to=req.contact_email,
            subject="[서울시협동조합지원센터] 찾아가는 교육 신청을 받았습니다",
            body=(
                f"{req.contact_name}님, {req.organisation}의 {req.course_type} 신청을 받았습니다.\n"
                f"희망일: {format_date(d)} {format_time(req.desired_time)}\n"
                f"예상 인원: {req.expected_participants}명\n\n"
                "담당자가 확인한 뒤 일정을 확정해 메일로 알려 드립니다.\n"
            ),
            key=f"education-outreach-{req.pk}-received",
        )
    return req


def _open_request(request_id: int) -> OutreachRequest:
    """The request, locked; refused once it has been answered."""
    req = (
        OutreachRequest.objects.select_for_update().select_related("course_type").get(pk=request_id)
    )
    if req.status != OutreachRequest.RECEIVED:
        raise ServiceError(None, "이미 처리한 신청입니다.")
    return req


def _answer_request(
    req: OutreachRequest, status: str, *, user, subject: str, body: str, attachment=None, **fields
) -> None:
    """Accepted or declined, by whom and when (and the session or the note),
    and the contact told so by mail."""
    for name, value in {"status": status, **fields}.items():
        setattr(req, name, value)
    req.handled_by = user
    req.handled_at = timezone.now()
    req.save(update_fields=["status", *fields, "handled_by", "handled_at"])
    queue_email(
        to=req.contact_email,
        subject=f"[서울시협동조합지원센터] {subject}",
        body=f"{req.contact_name}님, {body}",
        key=f"education-outreach-{req.pk}-{status}",
        attachment=attachment,
    )


def accept_outreach_request(
    *, request_id: int, session_data: dict, instructors=(), user=None
) -> Session:
    """Schedule the requested session; a request is accepted once."""
    with transaction.atomic():
        req = _open_request(request_id)
        start = session_data["starts_at"]
        course, _ = Course.objects.get_or_create(
            type=req.course_type,
            year=timezone.localtime(start).year,
            title=req.course_type.name,
            defaults={"required_sessions": 1},
        )
        session = Session.objects.create(
            course=course,
            host_name=req.organisation,
            district=req.district,
            is_public=False,
            **session_data,
        )
        if instructors:
            session.instructors.set(instructors)
        _answer_request(
            req,
            OutreachRequest.ACCEPTED,
            user=user,
            session=session,
            subject="찾아가는 교육 일정이 확정되었습니다",
            body=(
                f"{req.organisation}의 {req.course_type} 일정이 확정되었습니다.\n\n"
                f"일시: {_when(session)}\n장소: {_where(session)}\n\n"
                "참여자는 아래 주소에서 신청합니다 (출석·만족도 조사에 쓰입니다).\n"
                f"{absolute_url(session.public_url())}\n"
            ),
            attachment=_ics_attachment(session),
        )
    return session


def decline_outreach_request(*, request_id: int, note: str, user=None) -> OutreachRequest:
    note = note.strip()
    if not note:
        raise ServiceError("staff_note", "반려 사유를 적어 주세요.")
    with transaction.atomic():
        req = _open_request(request_id)
        _answer_request(
            req,
            OutreachRequest.DECLINED,
            user=user,
            staff_note=note,
            subject="찾아가는 교육 신청 결과",
            body=(
                "죄송하지만 요청하신 일정으로는 교육을 진행하기 어렵습니다.\n"
                f"사유: {note}\n\n다른 일정으로 다시 신청해 주시거나 1544-5077로 연락해 주세요.\n"
            ),
        )
    return req


def record_paper_surveys(
    *, session_id: int, forms: int, tallies: dict[tuple[str, int], int], user=None
) -> PaperSurvey:
    """Store a session's paper questionnaires as counts per (question, score),
    replacing what was entered before; refused whole when a count is negative
    or a question's counts add up to more than the forms."""
    if not isinstance(forms, int) or forms < 1:
        raise ServiceError("forms", "설문지 수를 1장 이상 적어 주세요.")
    questions = dict(SURVEY_QUESTIONS)
    per_question = dict.fromkeys(questions, 0)
    for (question, score), count in tallies.items():
        if question not in questions or score not in range(1, 6):
            raise ServiceError(None, "문항과 점수(1~5)를 확인해 주세요.")
        if not isinstance(count, int) or count < 0:
            raise ServiceError(question, "응답 수는 0 이상이어야 합니다.")
        per_question[question] += count
    for question, total in per_question.items():
        if total > forms:
            raise ServiceError(
                question, f"응답 수의 합({total})이 설문지 수({forms})보다 많습니다."
            )
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        paper, _ = PaperSurvey.objects.update_or_create(
            session=session,
            defaults={"forms": forms, "entered_by": user, "entered_at": timezone.now()},
        )
        paper.counts.all().delete()
        PaperSurveyCount.objects.bulk_create(
            PaperSurveyCount(paper=paper, question=question, score=score, count=count)
            for (question, score), count in sorted(tallies.items())
            if count
        )
    return paper
