"""Reads more than one view (and the indicators) need."""

import datetime as dt
import uuid
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from core.roles import is_staff_member
from core.selectors import related_count, related_sum

from .models import (
    AdvisoryMember,
    Application,
    Attachment,
    Call,
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Expert,
    Grant,
    GrantItem,
    HeldUpload,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    Program,
    PromoContent,
    Review,
    ReviewAssignment,
    SmallEvent,
    Spending,
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


def review_inbox(user) -> QuerySet[Application]:
    """What the user may still score: undecided applications they may review."""
    return (
        reviewable_applications(user)
        .exclude(status__in=[Application.SELECTED, Application.REJECTED])
        .order_by("call", "submitted_at", "pk")
    )


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
    has none until the grant is recorded."""
    decimal = DecimalField(max_digits=7, decimal_places=2)
    return (
        Application.objects.filter(call=call)
        .annotate(
            n_reviews=related_count(Review.objects, "application"),
            score_sum=related_sum(Review.objects, "application", "weighted_total", decimal),
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


def supported_applications(fiscal_year) -> QuerySet[Application]:
    """The year's selected teams, by program and name (coaching and demo-day choices)."""
    return (
        Application.objects.filter(call__fiscal_year=fiscal_year, status=Application.SELECTED)
        .select_related("call__program")
        .order_by("call__program__order", "organisation")
    )


def grant_totals(fiscal_year) -> dict[str, int]:
    """The year's granted, disbursed and spent sums (all pages of the list)."""
    return Grant.objects.filter(application__call__fiscal_year=fiscal_year).aggregate(
        amount=Coalesce(Sum("amount"), 0),
        disbursed=Coalesce(Sum("disbursed"), 0),
        spent=Coalesce(Sum("spent"), 0),
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


def held_uploads(*, call: Call, form_key: uuid.UUID | None) -> dict[int, HeldUpload]:
    """The documents kept for this form of this call, fresher than the holding period."""
    if form_key is None:
        return {}
    since = timezone.now() - dt.timedelta(hours=HeldUpload.HOURS)
    rows = HeldUpload.objects.filter(form_key=form_key, call=call, created_at__gte=since)
    return {row.document_type_id: row for row in rows}


# --- pages: what the views show ------------------------------------------------------------


def programs() -> QuerySet[Program]:
    return Program.objects.all()


def calls_of_year(fiscal_year) -> QuerySet[Call]:
    return (
        Call.objects.filter(fiscal_year=fiscal_year)
        .select_related("program")
        .annotate(n_applications=Count("applications", distinct=True))
        .order_by("program__order", "opens_at", "pk")
    )


def calls() -> QuerySet[Call]:
    """Calls with what their pages show (program, year, criteria, documents)."""
    return Call.objects.select_related("program", "fiscal_year").prefetch_related(
        "criteria", "document_types"
    )


def published_calls() -> QuerySet[Call]:
    return calls().filter(published=True)


def application_by_token(token) -> QuerySet[Application]:
    """The private status page's application (a queryset, for get_object_or_404)."""
    return (
        Application.objects.select_related("call", "call__program", "grant")
        .prefetch_related("members", "attachments")
        .filter(token=token)
    )


def applications() -> QuerySet[Application]:
    return Application.objects.select_related("call", "call__program", "call__fiscal_year")


def application_page(pk: int) -> QuerySet[Application]:
    """An application with its members, documents and reviews (scores, reviewers)."""
    reviews = Review.objects.select_related("reviewer").prefetch_related("scores__criterion")
    return (
        applications()
        .prefetch_related(
            "members", "attachments__document_type", Prefetch("reviews", queryset=reviews)
        )
        .filter(pk=pk)
    )


def supported_with_outcomes(fiscal_year) -> QuerySet[Application]:
    return (
        Application.objects.filter(call__fiscal_year=fiscal_year, status=Application.SELECTED)
        .select_related("call__program", "outcome", "grant")
        .prefetch_related("members")
        .order_by("call__program__order", "organisation", "pk")
    )


def selected_application(pk: int) -> QuerySet[Application]:
    return applications().filter(pk=pk, status=Application.SELECTED)


def outcome_for(application: Application) -> Outcome:
    """The application's outcome record, or a new unsaved one."""
    return Outcome.objects.filter(application=application).first() or Outcome(
        application=application
    )


def founded_count(fiscal_year) -> int:
    return Outcome.objects.filter(application__call__fiscal_year=fiscal_year, founded=True).count()


def review_totals(user, applications) -> dict[int, Decimal]:
    """The user's weighted total per application id, for those they reviewed."""
    return dict(
        Review.objects.filter(reviewer=user, application__in=applications).values_list(
            "application_id", "weighted_total"
        )
    )


def review_of(application: Application, user) -> Review | None:
    return (
        Review.objects.filter(application=application, reviewer=user)
        .prefetch_related("scores")
        .first()
    )


def reviewable_attachment(user, *, application: int, attachment: int) -> QuerySet[Attachment]:
    """The attachment, when it belongs to an application the user may review."""
    return Attachment.objects.select_related("application").filter(
        pk=attachment, application__in=reviewable_applications(user).filter(pk=application)
    )


def grant_pages() -> QuerySet[Grant]:
    return Grant.objects.select_related(
        "application",
        "application__call",
        "application__call__program",
        "application__call__fiscal_year",
        "budget_line",
    )


def grant_items(grant: Grant) -> QuerySet[GrantItem]:
    return grant.items.annotate(total=Sum("spendings__amount")).order_by("pk")


def spendings() -> QuerySet[Spending]:
    return Spending.objects.select_related("grant")


def experts() -> QuerySet[Expert]:
    return Expert.objects.annotate(n=Count("assignments"))


def coaching_with_sessions(fiscal_year) -> QuerySet[CoachingAssignment]:
    return coaching(fiscal_year).prefetch_related(
        Prefetch("sessions", queryset=CoachingSession.objects.order_by("date", "pk"))
    )


def assignments() -> QuerySet[CoachingAssignment]:
    return CoachingAssignment.objects.select_related("application__call__fiscal_year", "expert")


def demo_days(fiscal_year) -> QuerySet[DemoDay]:
    return (
        DemoDay.objects.filter(fiscal_year=fiscal_year)
        .select_related("program")
        .prefetch_related("teams")
    )


def small_events(fiscal_year) -> QuerySet[SmallEvent]:
    return (
        SmallEvent.objects.filter(fiscal_year=fiscal_year)
        .select_related("fiscal_year")
        .prefetch_related("contents")
    )


def advisory_members(fiscal_year) -> QuerySet[AdvisoryMember]:
    return AdvisoryMember.objects.filter(fiscal_year=fiscal_year)


def policy_meetings_of(fiscal_year) -> QuerySet[PolicyMeeting]:
    return PolicyMeeting.objects.filter(fiscal_year=fiscal_year).prefetch_related("attendees")


def policy_issues(
    fiscal_year, *, status: str = "", priority: bool = False
) -> QuerySet[PolicyIssue]:
    issues = PolicyIssue.objects.filter(fiscal_year=fiscal_year)
    if status in dict(PolicyIssue.STATUSES):
        issues = issues.filter(status=status)
    if priority:
        issues = issues.filter(priority=True)
    return issues


def policy_issue_counts(fiscal_year) -> dict:
    """The register's figures: all issues, those found this year, those carried
    over from the year before, the priorities."""
    return PolicyIssue.objects.filter(fiscal_year=fiscal_year).aggregate(
        total=Count("pk"),
        found=Count("pk", filter=Q(carried_from__isnull=True)),
        carried=Count("pk", filter=Q(carried_from__isnull=False)),
        priority=Count("pk", filter=Q(priority=True)),
    )


def issues_to_carry_over(fiscal_year) -> QuerySet[PolicyIssue]:
    """The previous year's open issues (not 해결) not yet in this year's register."""
    return (
        PolicyIssue.objects.filter(fiscal_year__year=fiscal_year.year - 1)
        .exclude(status=PolicyIssue.RESOLVED)
        .exclude(carried_to__fiscal_year=fiscal_year)
        .order_by("number", "pk")
    )
