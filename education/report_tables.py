"""The education sub-tables of the annual report (registered in
AppConfig.ready): the held sessions of each course type with their date,
participants and satisfaction. Narratives quote their cells, e.g.
{{ 표.education.tailored.sessions.세무교육.참여자 }}. Every type's table
comes from one batch (`all_sessions`: four queries for all of them); a
single table alone costs the same four."""

from django.db.models import Q

from core.registry import register_table

from . import selectors
from .indicators import TYPES
from .models import Attendance


def _rows(year: int, types: Q | None = None) -> list[tuple[set[str], dict]]:
    """(the session's type codes with its parent's, its row) for the held
    sessions of the year in date order, `types` narrowing them."""
    sessions = selectors.held_sessions(year).select_related("course__type__parent")
    if types is not None:
        sessions = sessions.filter(types)
    sessions = list(sessions.order_by("starts_at", "pk"))
    people = dict(
        Attendance.objects.filter(session__in=[s.pk for s in sessions])
        .values("session")
        .annotate(n=selectors.PARTICIPANTS)
        .values_list("session", "n")
    )
    scores = selectors.satisfaction_by_session([s.pk for s in sessions])
    rows = []
    for s in sessions:
        kind = s.course.type
        codes = {kind.code} | ({kind.parent.code} if kind.parent_id else set())
        row = {
            "title": s.topic or s.course.title,
            "date": s.starts_at,
            "participants": people.get(s.pk, 0),
            "satisfaction": scores.get(s.pk, (None, 0))[0],
        }
        rows.append((codes, row))
    return rows


def all_sessions(year: int) -> dict[str, list[dict]]:
    """Every type's table of the year from one set of queries."""
    rows = _rows(year)
    return {
        f"education.{code}.sessions": [row for codes, row in rows if code in codes]
        for code, _label in TYPES
    }


def _sessions(code: str):
    def rows(year: int) -> list[dict]:
        return [row for _codes, row in _rows(year, selectors.type_filter(code))]

    return rows


for _code, _label in TYPES:
    register_table(
        f"education.{_code}.sessions",
        f"{_label} 회차별 실적",
        columns=[
            ("title", "교육"),
            ("date", "일자", "date"),
            ("participants", "참여자", "int"),
            ("satisfaction", "만족도", "score"),
        ],
        url_name="education:stats",
        batch=all_sessions,
    )(_sessions(_code))
