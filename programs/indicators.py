"""Computed sources for the 경영지원 indicators (and 휴면협동조합 컨설팅).

Each source alone aggregates the year's records in one query (`selectors`);
the report and the dashboard read all of them, for every year they show, in
one statement (`figures`). 창업교육 belongs to the education app and is not
registered here.
"""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.registry import RetentionRule, for_years, register, register_retention, tallies, tally

from . import selectors
from .models import (
    DORMANT,
    SCALEUP,
    STARTUP,
    Application,
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Grant,
    PolicyMeeting,
    PromoContent,
    SmallEvent,
)

# (program unit, indicator name) of the report → registered key
INDICATOR_SOURCES = {
    ("초기 성장지원", "코칭팀선발"): "programs.startup_selected",
    ("초기 성장지원", "사업비지원"): "programs.startup_grants",
    ("협동조합 스케일업 지원", "성장지원"): "programs.scaleup_selected",
    ("협동조합 스케일업 지원", "경영컨설팅"): "programs.scaleup_consulting",
    ("협동조합 스케일업 지원", "데모데이"): "programs.scaleup_demo_days",
    ("협동조합 작은행사 지원", "작은행사지원"): "programs.small_events",
    ("협동조합 작은행사 지원", "홍보콘텐츠생산"): "programs.small_event_contents",
    ("정책기획 사업", "제도개선 토론회"): "programs.policy_forums",
    ("정책기획 사업", "제도개선 자문회의"): "programs.policy_advisory_meetings",
    ("휴면협동조합 지원", "휴면협동조합 컨설팅 지원"): "programs.dormant_consulting",
}


@for_years
def figures(years: tuple[int, ...]) -> dict[int, dict]:
    """Every source of this app for each of `years`, the same counts as the
    one-source answers in `selectors`, in one statement (core.registry.tallies)."""
    today = timezone.localdate()
    found = tallies(
        selected=tally(
            Application.objects.filter(
                call__fiscal_year__year__in=years, status=Application.SELECTED
            ),
            year="call__fiscal_year__year",
            group="call__program__code",
        ),
        grants=tally(
            Grant.objects.filter(application__call__fiscal_year__year__in=years),
            year="application__call__fiscal_year__year",
            group="application__call__program__code",
        ),
        consulting=tally(
            CoachingSession.objects.filter(
                assignment__kind=CoachingAssignment.CONSULTING, date__year__in=years
            ),
            year=ExtractYear("date"),
            group="assignment__application__call__program__code",
        ),
        demo_days=tally(
            DemoDay.objects.filter(program__code=SCALEUP, date__year__in=years, date__lte=today),
            year=ExtractYear("date"),
        ),
        small_events=tally(
            SmallEvent.objects.filter(fiscal_year__year__in=years),
            year="fiscal_year__year",
            value=Count("cooperative", distinct=True),
        ),
        contents=tally(
            PromoContent.objects.filter(event__fiscal_year__year__in=years),
            year="event__fiscal_year__year",
        ),
        meetings=tally(
            PolicyMeeting.objects.filter(date__year__in=years, date__lte=today),
            year=ExtractYear("date"),
            group="kind",
        ),
    )
    return {
        year: {
            "programs.startup_selected": found["selected"].get((year, STARTUP), 0),
            "programs.startup_grants": found["grants"].get((year, STARTUP), 0),
            "programs.scaleup_selected": found["selected"].get((year, SCALEUP), 0),
            "programs.scaleup_consulting": found["consulting"].get((year, SCALEUP), 0),
            "programs.scaleup_demo_days": found["demo_days"].get((year, ""), 0),
            "programs.small_events": found["small_events"].get((year, ""), 0),
            "programs.small_event_contents": found["contents"].get((year, ""), 0),
            "programs.policy_forums": found["meetings"].get((year, PolicyMeeting.FORUM), 0),
            "programs.policy_advisory_meetings": found["meetings"].get(
                (year, PolicyMeeting.ADVISORY), 0
            ),
            "programs.dormant_consulting": found["consulting"].get((year, DORMANT), 0),
        }
        for year in years
    }


@register("programs.startup_selected", "초기성장지원 · 선정 팀 수", measure="팀", batch=figures)
def startup_selected(year: int) -> int:
    return selectors.selected_count(STARTUP, year)


@register(
    "programs.startup_grants", "초기성장지원 · 사업비 지원 팀 수", measure="팀", batch=figures
)
def startup_grants(year: int) -> int:
    return selectors.grant_count(STARTUP, year)


@register(
    "programs.scaleup_selected", "스케일업지원 · 선정(지원) 조합 수", measure="조합", batch=figures
)
def scaleup_selected(year: int) -> int:
    return selectors.selected_count(SCALEUP, year)


@register(
    "programs.scaleup_consulting", "스케일업지원 · 경영컨설팅 회수", measure="회", batch=figures
)
def scaleup_consulting(year: int) -> int:
    return selectors.consulting_sessions(SCALEUP, year)


@register(
    "programs.scaleup_demo_days", "스케일업지원 · 데모데이 개최 회수", measure="회", batch=figures
)
def scaleup_demo_days(year: int) -> int:
    return selectors.demo_days_held(SCALEUP, year)


@register("programs.small_events", "작은행사지원 · 지원 조합 수", measure="조합", batch=figures)
def small_events(year: int) -> int:
    return selectors.small_events_supported(year)


@register(
    "programs.small_event_contents", "작은행사지원 · 홍보 콘텐츠 수", measure="건", batch=figures
)
def small_event_contents(year: int) -> int:
    return selectors.promo_contents(year)


@register("programs.policy_forums", "정책기획 · 제도개선 토론회 회수", measure="회", batch=figures)
def policy_forums(year: int) -> int:
    return selectors.policy_meetings(PolicyMeeting.FORUM, year)


@register(
    "programs.policy_advisory_meetings",
    "정책기획 · 제도개선 자문회의 회수",
    measure="회",
    batch=figures,
)
def policy_advisory_meetings(year: int) -> int:
    return selectors.policy_meetings(PolicyMeeting.ADVISORY, year)


@register(
    "programs.dormant_consulting",
    "휴면협동조합 재기지원 · 컨설팅 회수",
    measure="회",
    batch=figures,
)
def dormant_consulting(year: int) -> int:
    return selectors.consulting_sessions(DORMANT, year)


# Applicants' contact details are scrubbed after the retention period, in the
# application and in its change history; the application (organisation,
# project, amounts, decision) stays for the counts.
register_retention(
    RetentionRule(
        label="지원사업 신청자 연락처",
        model=Application,
        date_field="submitted_at",
        scrub={"representative": "(파기)", "phone": "", "email": "deleted@invalid"},
        not_yet_scrubbed={"representative": "(파기)"},
    ),
    history_label="지원사업 신청자 연락처 (변경 이력)",
)
