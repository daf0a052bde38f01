"""The .ics calendar file attached to confirmations and offered for download."""

from django.conf import settings
from icalendar import Calendar, Event

from .models import Session


def _domain() -> str:
    return settings.PUBLIC_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def session_ics(session: Session, uid_suffix: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//서울시협동조합지원센터//교육//KO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    sessions = [session]
    if session.course.is_program:
        sessions = list(
            session.course.sessions.filter(is_cancelled=False).order_by("starts_at", "pk")
        )
    for s in sessions:
        event = Event()
        event.add("uid", f"education-session-{s.public_id}{uid_suffix}@{_domain()}")
        event.add("summary", f"{s.course.title} {s.topic}".strip())
        event.add("dtstart", s.starts_at)
        event.add("dtend", s.ends_at)
        event.add("dtstamp", s.created_at)
        location = s.place or s.online_url
        if location:
            event.add("location", location)
        if s.online_url:
            event.add("url", s.online_url)
        cal.add_component(event)
    return cal.to_ical()
