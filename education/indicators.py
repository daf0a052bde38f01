"""Computed indicator sources: 교육 회차 held and participants per course type.

A source counts sessions HELD (not cancelled, already over) whose start falls
in the fiscal year; a multi-session course counts once (see models.py)."""

from django.db.models import Q

from core.display import mean_score
from core.registry import monthly, register, register_alert, register_series

from . import selectors
from .models import Attendance, CourseType, OutreachRequest

# (code, label) of the seeded course types the report counts.
TYPES = [
    ("intro", "찾아가는 협동조합 입문교육"),
    ("founding", "찾아가는 협동조합 설립교육"),
    ("practical", "운영실무교육 (ICA 리더십 과정 포함)"),
    ("tailored", "맞춤교육"),
    ("sc_disclosure", "사회적협동조합 경영공시 교육"),
    ("sc_procurement", "사회적협동조합 공공조달 교육"),
    ("sc_outsourcing", "사회적협동조합 민간위탁 교육"),
    ("dissolution", "협동조합 해산·청산교육"),
    ("civil_servant", "자치구(센터) 공무원교육"),
    ("startup", "창업교육"),
    ("ica_leadership", "ICA 리더십 과정"),
]


STATS = "education:stats"


def _held(codes):
    return lambda year: selectors.held_count(codes, year)


def _participants(codes):
    return lambda year: selectors.participant_count(codes, year)


# The sets of types the sources add up: key part → codes.
GROUPS = {code: [code] for code, _ in TYPES}
GROUPS["intro_founding"] = ["intro", "founding"]
GROUPS["all"] = [code for code, _ in TYPES if code != "ica_leadership"]


def year_figures(year: int) -> dict:
    """Every education source of `year` (held, participants, satisfaction of
    each set of types) from one set of grouped queries: the report and the
    dashboard read them all at once (core.registry.compute_many)."""
    by_type = selectors.figures_by_type(year)
    types = CourseType.objects.values_list("pk", "code", "parent__code")
    values = {}
    for group, codes in GROUPS.items():
        rows = [
            by_type[pk]
            for pk, code, parent in types
            if pk in by_type and (code in codes or parent in codes)
        ]
        values[f"education.{group}.held"] = sum(r["held"] for r in rows)
        values[f"education.{group}.participants"] = sum(r["participants"] for r in rows)
        values[f"education.{group}.satisfaction"] = mean_score(
            sum(r["total"] for r in rows), sum(r["answers"] for r in rows)
        )
    return values


for code, label in TYPES:
    register(
        f"education.{code}.held",
        f"교육 · {label} 실시 횟수",
        measure="회",
        url_name=STATS,
        batch=year_figures,
    )(_held([code]))
    register(
        f"education.{code}.participants",
        f"교육 · {label} 참여 인원",
        measure="명",
        url_name=STATS,
        batch=year_figures,
    )(_participants([code]))

register(
    "education.intro_founding.participants",
    "교육 · 찾아가는 입문·설립교육 참여 인원",
    measure="명",
    url_name=STATS,
    batch=year_figures,
)(_participants(GROUPS["intro_founding"]))
register(
    "education.all.held", "교육 · 전체 실시 횟수", measure="회", url_name=STATS, batch=year_figures
)(_held(GROUPS["all"]))


@register_series(
    "education.participants", "월별 교육 참여 인원(명)", url_name="education:stats", unit="명"
)
def participants_by_month(year: int) -> list[int]:
    return monthly(
        year,
        Attendance.objects.filter(session__in=selectors.held_sessions().values("pk")),
        "session__starts_at",
        selectors.PARTICIPANTS,
    )


@register_alert(
    "education.outreach_requests",
    "처리를 기다리는 찾아가는 교육 신청",
    url_name="education:outreach_queue",
)
def waiting_outreach_requests() -> int:
    return OutreachRequest.objects.filter(status=OutreachRequest.RECEIVED).count()


# --- satisfaction (for the report's narratives) ----------------------------------------


def satisfaction_mean(codes: list[str], year: int):
    """Mean of every answer (online and on paper) of the held sessions of these
    types, half-up to one decimal (a Decimal such as 4.7, or None without
    answers)."""
    q = Q()
    for code in codes:
        q |= selectors.type_filter(code)
    held = selectors.held_sessions(year).filter(q).values("pk")
    total, answers, _ = selectors.satisfaction_totals(held, by=None).get(None, (0, 0, 0))
    return selectors.mean_score(total, answers)


def _satisfaction(codes):
    return lambda year: satisfaction_mean(codes, year)


# Narratives quote these as e.g. {{ 출처.education.intro_founding.satisfaction }} → 4.7.
for code, label in TYPES:
    register(
        f"education.{code}.satisfaction",
        f"교육 · {label} 만족도(5점 만점)",
        measure="점",
        batch=year_figures,
    )(_satisfaction([code]))
register(
    "education.intro_founding.satisfaction",
    "교육 · 찾아가는 입문·설립교육 만족도(5점 만점)",
    measure="점",
    batch=year_figures,
)(_satisfaction(GROUPS["intro_founding"]))
