"""The education sub-tables of the annual report (registered in
AppConfig.ready): the held sessions of each course type with their date,
participants and satisfaction. Narratives quote their cells, e.g.
{{ 표.education.tailored.sessions.세무교육.참여자 }}. Two queries per table."""

from django.db.models import Count, Q

from core.registry import register_table

from . import selectors
from .indicators import TYPES
from .models import Attendance


def _sessions(code: str):
    def rows(year: int) -> list[dict]:
        sessions = list(
            selectors.held_sessions(year)
            .filter(selectors.type_filter(code))
            .select_related("course")
            .order_by("starts_at", "pk")
        )
        people = dict(
            Attendance.objects.filter(session__in=[s.pk for s in sessions])
            .values("session")
            .annotate(
                n=Count("registration", distinct=True) + Count("pk", filter=Q(registration=None))
            )
            .values_list("session", "n")
        )
        scores = selectors.satisfaction_by_session([s.pk for s in sessions])
        return [
            {
                "title": s.topic or s.course.title,
                "date": s.starts_at,
                "participants": people.get(s.pk, 0),
                "satisfaction": scores.get(s.pk, (None, 0))[0],
            }
            for s in sessions
        ]

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
    )(_sessions(_code))
