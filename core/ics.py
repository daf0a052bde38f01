"""The one iCalendar (.ics) builder for every app (RFC 5545).

Times are written in the center's zone (settings.TIME_ZONE, Asia/Seoul)
with the matching VTIMEZONE component, which RFC 5545 §3.2.19 requires
for every TZID used. A cancellation is `METHOD:CANCEL` with the same UID,
`STATUS:CANCELLED` and a higher SEQUENCE, so calendar programs remove the
event they imported. UIDs are opaque and must never contain a secret.
"""

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//서울시협동조합지원센터//portal//KO"


@dataclass
class IcsEvent:
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    stamp: dt.datetime | None = None


def new_uid() -> str:
    """A random UID stem to store on a record (the domain is added on output)."""
    return uuid.uuid4().hex


def uid_domain() -> str:
    base = getattr(settings, "PUBLIC_BASE_URL", "") or "coop-center-portal"
    return base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "coop-center-portal"


def _local(value: dt.datetime) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if timezone.is_naive(value):
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def build(events: list[IcsEvent], *, cancel: bool = False) -> bytes:
    """A calendar of `events`: PUBLISH, or with `cancel` the CANCEL of them."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancel else "PUBLISH")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", (item.stamp or timezone.now()).astimezone(dt.UTC))
        event.add("dtstart", _local(item.start))
        event.add("dtend", _local(item.end))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if cancel else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
