"""The .ics calendar file attached to confirmations and offered for download
(built by the shared `core.ics`: Seoul times with VTIMEZONE; `cancel`
gives the METHOD:CANCEL that removes the events again)."""

from core import ics

from .models import Session


def session_ics(session: Session, uid_suffix: str = "", *, cancel: bool = False) -> bytes:
    sessions = [session]
    # A program's sign-up is for all its sessions; a cancelled session (폐강)
    # withdraws only its own event.
    if session.course.is_program and not (cancel and session.is_cancelled):
        sessions = list(
            session.course.sessions.filter(is_cancelled=False).order_by("starts_at", "pk")
        )
    events = [
        ics.IcsEvent(
            # public_id is in the session's public URL: no secret in the UID.
            uid=f"education-session-{s.public_id}{uid_suffix}@{ics.uid_domain()}",
            summary=f"{s.course.title} {s.topic}".strip(),
            start=s.starts_at,
            end=s.ends_at,
            location=s.place or s.online_url,
            url=s.online_url,
            stamp=s.created_at,
            # A cancellation must carry a higher SEQUENCE than the invitation.
            sequence=1 if cancel else 0,
        )
        for s in sessions
    ]
    return ics.build(events, cancel=cancel)
