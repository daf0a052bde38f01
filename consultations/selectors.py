"""Reads more than one view needs: the consultation list, client search,
histories. Every list joins what its template shows here, never in the
template, so a page costs the same number of queries at any size."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from core import roles

from .models import (
    Advisor,
    AdvisoryAnswer,
    Category,
    Client,
    Consultation,
    Cooperative,
    ExpertConsultation,
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


def search_clients(query: str, limit: int = 8) -> list[Client]:
    """Returning clients by phone digits (4 or more) or by cooperative or
    client name; most recently consulted first."""
    query = (query or "").strip()
    if not query:
        return []
    number = digits(query)
    qs = Client.objects.filter(scrubbed_at__isnull=True)
    if len(number) >= 4 and len(number) >= len(query.replace("-", "").replace(" ", "")):
        qs = qs.annotate(phone_digits=Replace("phone", Value("-"), Value(""))).filter(
            phone_digits__contains=number
        )
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
    return consultations().filter(Q(cooperative=cooperative) | Q(client__cooperative=cooperative))


def cooperatives_with_counts() -> QuerySet[Cooperative]:
    return Cooperative.objects.annotate(
        consultation_count=Count("consultations", distinct=True),
        last=Max("consultations__started_at"),
    )


def expert_consultations() -> QuerySet[ExpertConsultation]:
    return ExpertConsultation.objects.select_related(
        "cooperative", "consultation", "created_by"
    ).prefetch_related("advisors")


def advisors() -> QuerySet[Advisor]:
    return Advisor.objects.annotate(
        answer_count=Count("answers", distinct=True),
        expert_count=Count("expert_consultations", distinct=True),
    )


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
