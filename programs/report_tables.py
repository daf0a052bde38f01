"""The 경영지원 sub-tables of the annual report, built from the records
(registered in AppConfig.ready through core.registry.register_table).

Each source reads one year in one query (two with a prefetch)."""

from django.db.models import Prefetch

from core.registry import link_source, register_table

from .models import (
    SCALEUP,
    STARTUP,
    Application,
    ConsortiumMember,
    DemoDay,
    Grant,
    PolicyIssue,
    SmallEvent,
)


@register_table(
    "programs.startup_grants",
    "초기 성장지원 사업비 지원 현황",
    columns=[
        ("team", "예비협동조합명"),
        ("content", "지원내용"),
        ("amount", "지원금액", "thousand"),
    ],
    numbered=True,
    url_name="programs:grants",
)
def startup_grants(year: int) -> list[dict]:
    grants = Grant.objects.filter(
        application__call__program__code=STARTUP, application__call__fiscal_year__year=year
    ).select_related("application")
    return [
        {
            "team": g.application.organisation,
            "content": g.application.project_name,
            "amount": g.amount,
        }
        for g in grants.order_by("application__submitted_at", "pk")
    ]


@register_table(
    "programs.scaleup_projects",
    "스케일업 지원 선정 협동조합과 성과",
    columns=[
        ("cooperatives", "협동조합명"),
        ("project", "프로젝트명"),
        ("outcomes", "주요 성과", "lines"),
    ],
    url_name="programs:outcomes",
)
def scaleup_projects(year: int) -> list[dict]:
    applications = (
        Application.objects.filter(
            call__program__code=SCALEUP,
            call__fiscal_year__year=year,
            status=Application.SELECTED,
        )
        .select_related("outcome")
        .prefetch_related(Prefetch("members", queryset=ConsortiumMember.objects.order_by("order")))
        .order_by("submitted_at", "pk")
    )
    rows = []
    for app in applications:
        outcome = getattr(app, "outcome", None)
        story = outcome.story if outcome else ""
        rows.append(
            {
                "cooperatives": ", ".join([app.organisation] + [m.name for m in app.members.all()]),
                "project": app.project_name,
                "outcomes": ["· " + line.strip() for line in story.splitlines() if line.strip()],
            }
        )
    return rows


@register_table(
    "programs.demo_days",
    "스케일업 지원 데모데이(IR 피칭데이)",
    columns=[("title", "행사명"), ("date", "개최일", "date"), ("teams", "발표 팀", "int")],
)
def demo_days(year: int) -> list[dict]:
    days = DemoDay.objects.filter(program__code=SCALEUP, date__year=year).order_by("date", "pk")
    return [
        {"title": d.title, "date": d.date, "teams": len(d.teams.all())}
        for d in days.prefetch_related("teams")
    ]


@register_table(
    "programs.small_events",
    "작은행사 지원 협동조합",
    columns=[("cooperative", "(사회적)협동조합명"), ("title", "내용(온·오프라인 병행)")],
    numbered=True,
    url_name="programs:small_events",
)
def small_events(year: int) -> list[dict]:
    events = SmallEvent.objects.filter(fiscal_year__year=year).order_by("pk")
    return [{"cooperative": e.cooperative, "title": e.title} for e in events]


@register_table(
    "programs.crowdfunding",
    "작은행사 지원 모금과 간접지원",
    columns=[
        ("cooperative", "(사회적)협동조합명"),
        ("raised", "모금액(원)", "int"),
        ("backers", "참여 시민(명)", "int"),
        ("support", "간접지원액", "thousand"),
    ],
    url_name="programs:small_events",
)
def crowdfunding(year: int) -> list[dict]:
    return [
        {
            "cooperative": e.cooperative,
            "raised": e.amount_raised,
            "backers": e.backers,
            "support": e.indirect_support,
        }
        for e in SmallEvent.objects.filter(fiscal_year__year=year).order_by("pk")
    ]


@register_table(
    "programs.priority_issues",
    "우선 해결 제도개선 과제",
    columns=[("title", "제도개선 사항")],
    numbered=True,
    url_name="programs:policy",
)
def priority_issues(year: int) -> list[dict]:
    issues = PolicyIssue.objects.filter(fiscal_year__year=year, priority=True)
    return [{"title": issue.title} for issue in issues.order_by("number", "pk")]


@register_table(
    "programs.policy_issues",
    "제도개선 과제 (발굴)",
    columns=[("title", "과제"), ("status", "상태")],
    numbered=True,
    url_name="programs:policy",
)
def policy_issues(year: int) -> list[dict]:
    """Issues found in the year: those carried over from the year before were found then."""
    issues = PolicyIssue.objects.filter(fiscal_year__year=year, carried_from__isnull=True)
    issues = issues.order_by("number", "pk")
    return [{"title": i.title, "status": i.get_status_display()} for i in issues]


# The report's preview links each figure to the records behind it.
for _key, _url in {
    "programs.startup_selected": "programs:grants",
    "programs.startup_grants": "programs:grants",
    "programs.scaleup_selected": "programs:outcomes",
    "programs.scaleup_consulting": "programs:coaching",
    "programs.dormant_consulting": "programs:coaching",
    "programs.scaleup_demo_days": "programs:overview",
    "programs.small_events": "programs:small_events",
    "programs.small_event_contents": "programs:small_events",
    "programs.policy_forums": "programs:policy",
    "programs.policy_advisory_meetings": "programs:policy",
}.items():
    link_source(_key, _url)
