"""What the annual report quotes from this app (registered in AppConfig.ready):
one indicator source and a sub-table per kind of record, each one query.

Narratives quote them, e.g. `{{ 표.activities.events.맞춤형 상담데이.일자 }}`
(2021. 6. 18.), `{{ 표.activities.events.맞춤형 상담데이.만족도 }}` (4.4),
`{{ 표.activities.publications.협동조합 조직변경 사례집.공유회 }}` (2021. 9. 16.),
`{{ 표.activities.committees.홍보 자문위원회.위원 }}` (11),
`{{ 표.activities.funding.ICA 참여 독려 펀딩.참여 조합 }}` (12).
"""

from django.db.models import Count, Min, Q, Sum

from core.display import mean_score
from core.registry import for_years, register, register_table, tallies, tally

from .models import (
    AwarenessSurvey,
    Committee,
    Event,
    FundingCampaign,
    Publication,
)

YEAR_QUERY = "year={year}"


@for_years
def figures(years: tuple[int, ...]) -> dict[int, dict]:
    """The app's source for each of `years` in one grouped query."""
    found = tallies(
        casebooks=tally(
            Publication.objects.filter(fiscal_year__year__in=years, kind=Publication.Kind.CASEBOOK),
            year="fiscal_year__year",
        )
    )
    return {year: {"activities.casebooks": found["casebooks"].get((year, ""), 0)} for year in years}


@register("activities.casebooks", "발간 · 사례집 발간 (종)", measure="종", batch=figures)
def casebooks(year: int) -> int:
    return Publication.objects.filter(
        fiscal_year__year=year, kind=Publication.Kind.CASEBOOK
    ).count()


@register_table(
    "activities.events",
    "행사 현황 (구분별)",
    columns=[
        ("kind", "구분"),
        ("count", "건수", "int"),
        ("date", "일자", "date"),
        ("participants", "참여자", "int"),
        ("satisfaction", "만족도", "score"),
        ("partners", "협력 기관"),
    ],
    url_name="activities:events",
    url_query=YEAR_QUERY,
)
def events(year: int) -> list[dict]:
    """One row per kind of event held in the year: how many, the first date,
    participants, the satisfaction over every form of the kind, and the
    partners in the order they first took part."""
    labels = dict(Event.Kind.choices)
    rows: dict[str, dict] = {}
    for event in Event.objects.filter(fiscal_year__year=year).order_by("date", "pk"):
        row = rows.setdefault(
            event.kind,
            {"count": 0, "date": event.date, "participants": 0, "total": 0, "forms": 0, "p": []},
        )
        row["count"] += 1
        row["participants"] += event.participants or 0
        row["total"] += event.score_total
        row["forms"] += event.respondents
        row["p"] += [p for p in event.partner_lines() if p not in row["p"]]
    return [
        {
            "kind": labels[kind],
            "count": row["count"],
            "date": row["date"],
            "participants": row["participants"],
            "satisfaction": mean_score(row["total"], row["forms"]),
            "partners": ", ".join(row["p"]),
        }
        for kind in Event.Kind.values
        if (row := rows.get(kind))
    ]


@register_table(
    "activities.publications",
    "발간물",
    columns=[
        ("title", "발간물"),
        ("kind", "구분"),
        ("published_on", "발간일", "date"),
        ("copies", "부수", "int"),
        ("launch", "공유회", "date"),
        ("advisory", "자문회의", "int"),
    ],
    numbered=True,
    url_name="activities:publications",
    url_query=YEAR_QUERY,
)
def publications(year: int) -> list[dict]:
    rows = (
        Publication.objects.filter(fiscal_year__year=year)
        .annotate(
            launch=Min("events__date", filter=Q(events__kind=Event.Kind.LAUNCH)),
            advisory=Count("events", filter=Q(events__kind=Event.Kind.ADVISORY)),
        )
        .order_by("published_on", "pk")
    )
    return [
        {
            "title": p.title,
            "kind": p.get_kind_display(),
            "published_on": p.published_on,
            "copies": p.copies,
            "launch": p.launch,
            "advisory": p.advisory,
        }
        for p in rows
    ]


@register_table(
    "activities.committees",
    "위원회",
    columns=[
        ("name", "위원회"),
        ("members", "위원", "int"),
        ("appointed", "위촉일", "date"),
        ("status", "구분"),
    ],
    url_name="activities:committees",
    url_query=YEAR_QUERY,
)
def committees(year: int) -> list[dict]:
    """Members counted are those appointed in the year."""
    rows = (
        Committee.objects.filter(fiscal_year__year=year)
        .annotate(
            n=Count("members", filter=Q(members__appointed_on__year=year)),
            first=Min("members__appointed_on", filter=Q(members__appointed_on__year=year)),
        )
        .order_by("established_on", "pk")
    )
    return [
        {
            "name": c.name,
            "members": c.n,
            "appointed": c.first,
            "status": "신설" if c.newly_formed else "운영",
        }
        for c in rows
    ]


@register_table(
    "activities.funding",
    "펀딩 지원",
    columns=[
        ("title", "캠페인"),
        ("platform", "플랫폼"),
        ("cooperatives", "참여 조합", "int"),
        ("raised", "모금액(원)", "int"),
        ("starts_on", "시작일", "date"),
    ],
    url_name="activities:fundings",
    url_query=YEAR_QUERY,
)
def funding(year: int) -> list[dict]:
    rows = (
        FundingCampaign.objects.filter(fiscal_year__year=year)
        .annotate(n=Count("participants"), raised=Sum("participants__raised"))
        .order_by("starts_on", "pk")
    )
    return [
        {
            "title": c.title,
            "platform": c.platform,
            "cooperatives": c.n,
            "raised": c.raised,
            "starts_on": c.starts_on,
        }
        for c in rows
    ]


@register_table(
    "activities.awareness",
    "인지도 설문조사",
    columns=[
        ("title", "조사"),
        ("opens_on", "시작일", "date"),
        ("respondents", "응답자", "int"),
        ("rate", "인지율(%)", "score"),
    ],
    url_name="activities:surveys",
    url_query=YEAR_QUERY,
)
def awareness(year: int) -> list[dict]:
    rows = AwarenessSurvey.objects.filter(fiscal_year__year=year).order_by("opens_on", "pk")
    return [
        {
            "title": s.title,
            "opens_on": s.opens_on,
            "respondents": s.respondents,
            "rate": s.awareness_rate,
        }
        for s in rows
    ]
