"""Reads more than one view needs: the consultation list, client search,
histories, the booking calendar's slots and the online question queues.
Every list joins what its template shows here, never in the template, so a
page costs the same number of queries at any size."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import roles
from core.calendar import business_days
from core.display import half_up
from core.privacy import format_phone
from core.rates import rate

from .models import (
    Advisor,
    AdvisoryAnswer,
    Booking,
    Category,
    Client,
    Consultation,
    Cooperative,
    ExpertConsultation,
    Question,
)


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def consultations() -> QuerySet[Consultation]:
    """Consultations with everything a list row shows (2 queries per page)."""
    return Consultation.objects.select_related(
        "client", "client__cooperative", "cooperative", "handled_by"
    ).prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("order", "pk")))


def staff_users() -> QuerySet:
    User = get_user_model()
    return (
        User.objects.filter(groups__name__in=[roles.STAFF, roles.MANAGER])
        .distinct()
        .order_by("first_name", "username")
    )


def digits(text: str) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


# The shortest text a trigram index can look up.
TRIGRAM = 3


def search_consultations(queryset: QuerySet[Consultation], query: str) -> QuerySet[Consultation]:
    """The consultations whose summary, answer or cooperative's name contains
    the text, or whose client has that exact name or (4+ digits) a phone
    number containing those digits.

    Two shapes, both without an OR across joined tables (which no index can
    serve):

    - text of 3 characters or more, or 4+ digits: a UNION of lookups each of
      which an index serves (the trigram indexes of migration 0008 on
      PostgreSQL, the foreign-key indexes for the cooperative and client arms);
    - shorter text ("설립"), which has no trigram to look up: one filter on the
      consultation row itself (the cooperative and client arms as id lists),
      so the list walks its date index and stops at the page; a two-letter
      word is common, and the page fills within a few hundred rows."""
    query = (query or "").strip()
    if not query:
        return queryset
    cooperatives = Cooperative.objects.order_by().filter(name__icontains=query).values("pk")
    clients = Client.objects.order_by().filter(name=query).values("pk")
    number = digits(query)
    by_phone = None
    if len(number) >= 4:
        by_phone = Client.objects.order_by().filter(phone_digits__contains=number).values("pk")
    if len(query) < TRIGRAM and by_phone is None:
        return queryset.filter(
            Q(summary__icontains=query)
            | Q(answer__icontains=query)
            | Q(cooperative__in=cooperatives)
            | Q(client__in=clients)
        )
    ids = Consultation.objects.order_by().values("pk")
    arms = [
        ids.filter(summary__icontains=query),
        ids.filter(answer__icontains=query),
        ids.filter(cooperative__in=cooperatives),
        ids.filter(client__in=clients),
    ]
    if by_phone is not None:
        arms.append(ids.filter(client__in=by_phone))
    return queryset.filter(pk__in=arms[0].union(*arms[1:]))


def search_clients(query: str, limit: int = 8) -> list[Client]:
    """Returning clients by phone digits (4 or more) or by cooperative or
    client name; most recently consulted first."""
    query = (query or "").strip()
    if not query:
        return []
    number = digits(query)
    qs = Client.objects.filter(scrubbed_at__isnull=True)
    if len(number) >= 4 and len(number) >= len(query.replace("-", "").replace(" ", "")):
        qs = qs.filter(phone_digits__contains=number)
    elif len(query) >= 2:
        qs = qs.filter(Q(cooperative__name__icontains=query) | Q(name__icontains=query))
    else:
        return []
    return list(
        qs.select_related("cooperative")
        .annotate(consultation_count=Count("consultations"), last=Max("consultations__started_at"))
        .order_by("-last", "-pk")[:limit]
    )


def search_cooperatives(query: str, limit: int = 8) -> list[Cooperative]:
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return list(Cooperative.objects.filter(name__icontains=query).order_by("name")[:limit])


def client_history(client: Client) -> QuerySet[Consultation]:
    return consultations().filter(client=client)


def cooperative_history(cooperative: Cooperative) -> QuerySet[Consultation]:
    """The cooperative's consultations and those of its people: a union of
    two lookups that the foreign-key indexes serve (an OR across the client
    join is a scan of every consultation)."""
    ids = Consultation.objects.order_by().values("pk")
    own = ids.filter(cooperative=cooperative)
    return consultations().filter(pk__in=own.union(ids.filter(client__cooperative=cooperative)))


def cooperatives_with_counts() -> QuerySet[Cooperative]:
    """Cooperatives with their consultation count and latest date, each a
    subquery on the cooperative's index, so a page of 50 costs 50 index
    lookups instead of grouping every consultation of every cooperative."""
    own = Consultation.objects.filter(cooperative=OuterRef("pk")).order_by().values("cooperative")
    return Cooperative.objects.annotate(
        consultation_count=Coalesce(Subquery(own.annotate(n=Count("pk")).values("n")), 0),
        last=Subquery(own.annotate(at=Max("started_at")).values("at")),
    )


def expert_consultations() -> QuerySet[ExpertConsultation]:
    return ExpertConsultation.objects.select_related(
        "cooperative", "consultation", "created_by"
    ).prefetch_related("advisors")


def counts_by_field(queryset: QuerySet) -> dict[str, int]:
    """{field: rows} of a queryset of rows with a `field` (전문분야)."""
    return dict(queryset.order_by().values_list("field").annotate(n=Count("pk")))


def held_expert_counts_by_field() -> dict[str, int]:
    return counts_by_field(ExpertConsultation.objects.filter(status=ExpertConsultation.Status.HELD))


def advisors() -> QuerySet[Advisor]:
    return Advisor.objects.annotate(
        answer_count=Count("answers", distinct=True),
        expert_count=Count("expert_consultations", distinct=True),
    )


def advisor_counts_by_board(queryset: QuerySet[Advisor]) -> list[tuple[str, int]]:
    """[(자문단, advisors)] of a queryset of advisors, every board in order
    (distinct: the list's queryset carries joined count annotations)."""
    counts = dict(queryset.order_by().values_list("board").annotate(n=Count("pk", distinct=True)))
    return [(label, counts.get(value, 0)) for value, label in Advisor.Board.choices]


def advisory_answers() -> QuerySet[AdvisoryAnswer]:
    return AdvisoryAnswer.objects.select_related("advisor", "created_by")


def today_phone_calls(user, limit: int = 30) -> QuerySet[Consultation]:
    today = timezone.localdate()
    return consultations().filter(
        channel=Consultation.Channel.PHONE,
        handled_by=user,
        started_at__gte=day_start(today),
        started_at__lt=day_start(today + dt.timedelta(days=1)),
    )[:limit]


@dataclass(frozen=True)
class PhoneDesk:
    """What the phone desk shows beside the form: the typist's calls today,
    everyone's, and this year's 전화상담 so far against last year's."""

    year: int
    until: dt.date
    today_mine: int
    today_all: int
    year_total: int
    business_days: int
    last_year_same_period: int
    last_year_total: int

    @property
    def per_business_day(self) -> str:
        if not self.business_days:
            return ""
        return f"{half_up(Decimal(self.year_total) / self.business_days, 1)}"

    @property
    def change(self) -> str:
        """This year against last year's same period, as "+12.5%" ("" if none)."""
        value = rate(self.year_total - self.last_year_same_period, self.last_year_same_period, 1)
        if value is None:
            return ""
        return f"{'+' if value > 0 else ''}{value}%"


def phone_desk(user, today: dt.date | None = None) -> PhoneDesk:
    """Two queries: one grouped count of phone consultations, one for closures."""
    today = today or timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    last_start = dt.date(today.year - 1, 1, 1)
    try:
        last_same = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        last_same = dt.date(today.year - 1, 2, 28)
    tomorrow = day_start(today + dt.timedelta(days=1))
    counts = Consultation.objects.filter(
        channel=Consultation.Channel.PHONE,
        started_at__gte=day_start(last_start),
        started_at__lt=tomorrow,
    ).aggregate(
        today_mine=Count("pk", filter=Q(started_at__gte=day_start(today), handled_by=user)),
        today_all=Count("pk", filter=Q(started_at__gte=day_start(today))),
        year_total=Count("pk", filter=Q(started_at__gte=day_start(year_start))),
        last_same=Count("pk", filter=Q(started_at__lt=day_start(last_same + dt.timedelta(days=1)))),
        last_total=Count("pk", filter=Q(started_at__lt=day_start(year_start))),
    )
    return PhoneDesk(
        year=today.year,
        until=today,
        today_mine=counts["today_mine"],
        today_all=counts["today_all"],
        year_total=counts["year_total"],
        business_days=len(business_days(year_start, today)),
        last_year_same_period=counts["last_same"],
        last_year_total=counts["last_total"],
    )


# --- bookings and online questions ---------------------------------------------

# The citizens' slots (computed per day, cached) are read in consultations.slots.


def bookings_between(start: dt.date, end: dt.date) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(slot__date__range=(start, end))
        .select_related("slot", "topic", "consultation")
        .order_by("slot__date", "slot__time", "slot__kind", "status")
    )


def pending_bookings() -> QuerySet[Booking]:
    """Requests waiting for staff confirmation (확인 대기), soonest first,
    however far ahead; requests whose time has passed stay until handled."""
    return (
        Booking.objects.filter(status=Booking.REQUESTED)
        .select_related("slot", "topic")
        .order_by("slot__date", "slot__time", "pk")
    )


def pending_booking_count() -> int:
    return Booking.objects.filter(status=Booking.REQUESTED).count()


def bookings_to_close(day: dt.date) -> QuerySet[Booking]:
    """The day's bookings still to be turned into records at day's end: not
    cancelled, not yet recorded."""
    return (
        Booking.objects.filter(slot__date=day, consultation__isnull=True)
        .exclude(status__in=[Booking.CANCELLED, Booking.NO_SHOW])
        .select_related("slot", "topic")
        .order_by("slot__time", "slot__kind", "pk")
    )


def booking_by_reference(*, reference: str, phone: str) -> Booking | None:
    """The booking with this number (B211001-00012) and this phone, if any.
    The number carries the booking's id and its request date; both must
    match, and so must the phone, so a guessed number alone finds nothing."""
    try:
        stamp, pk = reference.removeprefix("B").split("-", 1)
        pk = int(pk)
    except ValueError:
        return None
    booking = (
        Booking.objects.select_related("slot", "topic")
        .filter(pk=pk, phone=format_phone(phone), personal_data_destroyed=False)
        .first()
    )
    if booking is None or booking.reference != f"B{stamp}-{pk:05d}":
        return None
    return booking


def question_queue(queue: str, today: dt.date | None = None) -> QuerySet[Question]:
    """'overdue', 'today', 'open' (all unanswered) or 'answered'."""
    today = today or timezone.localdate()
    qs = Question.objects.select_related("category", "answered_by")
    if queue == "answered":
        return qs.filter(status=Question.ANSWERED).order_by("-answered_at")
    qs = qs.filter(status=Question.OPEN)
    if queue == "overdue":
        qs = qs.filter(due_date__lt=today)
    elif queue == "today":
        qs = qs.filter(due_date=today)
    return qs.order_by("due_date", "submitted_at")


def queue_counts(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return Question.objects.aggregate(
        overdue=Count("pk", filter=Q(status=Question.OPEN, due_date__lt=today)),
        today=Count("pk", filter=Q(status=Question.OPEN, due_date=today)),
        open=Count("pk", filter=Q(status=Question.OPEN)),
        answered=Count("pk", filter=Q(status=Question.ANSWERED)),
    )
