"""The session roster as XLSX (through the one safe writer in `core.xlsx`)."""

from django.utils import timezone

from core.display import format_datetime
from core.privacy import mask_email, mask_name, mask_phone
from core.xlsx import new_workbook, to_bytes

from . import selectors
from .models import Session


def roster_filename(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"roster-{session.pk}-{start:%Y%m%d}.xlsx"


def roster_xlsx(session: Session, *, full: bool) -> bytes:
    """The roster with names and contacts masked, or in full (`full=True`,
    only behind the reason step). Text a citizen typed (소속) is stored as
    text, never as a formula."""
    roster = selectors.roster(session)
    walk = selectors.walk_ins(session)
    wb = new_workbook()
    ws = wb.active
    ws.title = "출석부"
    ws.append([f"{session.course.title} {session.topic}".strip()])
    ws.append(
        [
            format_datetime(session.starts_at),
            session.place or session.online_url,
        ]
    )
    ws.append([])
    ws.append(["번호", "이름", "소속", "휴대전화", "이메일", "구분", "출석"])
    people = [
        (r.name, r.organisation, r.phone, r.email, "사전 신청", r.present) for r in roster
    ] + [
        (a.walk_in_name, a.walk_in_organisation, a.walk_in_phone, "", "현장 참석", True)
        for a in walk
    ]
    for n, (name, organisation, phone, email, kind, present) in enumerate(people, start=1):
        ws.append(
            [
                n,
                name if full else mask_name(name),
                organisation,
                phone if full else mask_phone(phone),
                email if full else mask_email(email),
                kind,
                "O" if present else "",
            ]
        )
    ws.append([])
    ws.append(["출석 합계", sum(1 for r in roster if r.present) + len(walk)])
    for column, width in zip("ABCDEFG", (6, 12, 24, 16, 26, 10, 6), strict=True):
        ws.column_dimensions[column].width = width
    return to_bytes(wb)
