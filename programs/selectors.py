"""Reads more than one view (and the indicators) need."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from core.roles import is_staff_member

from .models import (
    Application,
    Call,
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Grant,
    PolicyMeeting,
    PromoContent,
    Review,
    ReviewAssignment,
    SmallEvent,
)
from .roles import is_reviewer


def open_calls(now=None) -> QuerySet[Call]:
    now = now or timezone.now()
    return (
        Call.objects.filter(published=True, opens_at__lte=now, closes_at__gt=now)
        .select_related("program", "fiscal_year")
        .order_by("closes_at", "pk")
    )


def reviewable_applications(user) -> QuerySet[Application]:
    """Staff see every application; outside reviewers only those assigned."""
    qs = Application.objects.select_related("call", "call__program", "call__fiscal_year")
    if is_staff_member(user):
        return qs
    if is_reviewer(user):
        return qs.filter(assignments__reviewer=user)
    return qs.none()


def reviewer_loads(call: Call) -> QuerySet:
    """How many of the call's applications each reviewer has, by username."""
    return (
        ReviewAssignment.objects.filter(application__call=call)
        .values("reviewer__username", "reviewer__first_name")
        .annotate(n=Count("pk"))
        .order_by("reviewer__username")
    )


def applications_for_call(call: Call) -> QuerySet[Application]:
    return (
        Application.objects.filter(call=call)
        .annotate(
            n_reviews=Count("reviews", distinct=True),
            n_attachments=Count("attachments", distinct=True),
        )
        .order_by("submitted_at", "pk")
    )


def ranking(call: Call) -> QuerySet[Application]:
    """Applications of a call ranked by the mean weighted total of their
    reviews, computed in the database (ties: earlier submission first).

    `grant_pk` is the application's Grant, or None: a selected application
    has none until the grant is recorded (the 2021 스케일업 call's never did)."""
    reviews = Review.objects.filter(application=OuterRef("pk")).values("application")
    total = reviews.annotate(s=Sum("weighted_total")).values("s")
    count = reviews.annotate(n=Count("pk")).values("n")
    decimal = DecimalField(max_digits=7, decimal_places=2)
    return (
        Application.objects.filter(call=call)
        .annotate(
            n_reviews=Coalesce(Subquery(count), 0),
            score_sum=Coalesce(
                Subquery(total, output_field=decimal), Value(Decimal(0)), output_field=decimal
            ),
        )
        .annotate(
            mean_score=ExpressionWrapper(
                F("score_sum") / Cast(NullIf(F("n_reviews"), 0), decimal), output_field=decimal
            )
        )
        .annotate(grant_pk=F("grant__pk"))
        .select_related("grant")
        .order_by(F("mean_score").desc(nulls_last=True), "submitted_at", "pk")
    )


def grants(fiscal_year) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(application__call__fiscal_year=fiscal_year)
        .select_related(
            "application",
            "application__call",
            "application__call__program",
            "budget_line",
            "settlement",
        )
        .order_by("application__call__program__order", "application__organisation", "pk")
    )


def coaching(fiscal_year) -> QuerySet[CoachingAssignment]:
    return (
        CoachingAssignment.objects.filter(application__call__fiscal_year=fiscal_year)
        .select_related("expert", "application", "application__call__program")
        .annotate(n_sessions=Count("sessions"))
        .order_by("application__call__program__order", "application__organisation", "pk")
    )


# --- indicator sources: one query each --------------------------------------------------------


def selected_count(code: str, year: int) -> int:
    return Application.objects.filter(
        call__program__code=code, call__fiscal_year__year=year, status=Application.SELECTED
    ).count()


def grant_count(code: str, year: int) -> int:
    return Grant.objects.filter(
        application__call__program__code=code, application__call__fiscal_year__year=year
    ).count()


def consulting_sessions(code: str, year: int) -> int:
    return CoachingSession.objects.filter(
        assignment__kind=CoachingAssignment.CONSULTING,
        assignment__application__call__program__code=code,
        date__year=year,
    ).count()


def demo_days_held(code: str, year: int) -> int:
    return DemoDay.objects.filter(
        program__code=code, date__year=year, date__lte=timezone.localdate()
    ).count()


def small_events_supported(year: int) -> int:
    return SmallEvent.objects.filter(fiscal_year__year=year).aggregate(
        n=Count("cooperative", distinct=True)
    )["n"]


def promo_contents(year: int) -> int:
    return PromoContent.objects.filter(event__fiscal_year__year=year).count()


def policy_meetings(kind: str, year: int) -> int:
    return PolicyMeeting.objects.filter(
        kind=kind, date__year=year, date__lte=timezone.localdate()
    ).count()


def crowdfunding_totals(fiscal_year) -> dict:
    return SmallEvent.objects.filter(fiscal_year=fiscal_year).aggregate(
        raised=Coalesce(Sum("amount_raised"), 0),
        backers=Coalesce(Sum("backers"), 0),
        indirect=Coalesce(Sum("indirect_support"), 0),
        n=Count("pk"),
    )
