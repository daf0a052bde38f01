"""Reads the staff pages share: each list joins what its rows show."""

from django.db.models import Count, QuerySet

from .models import AwarenessSurvey, Committee, Event, FundingCampaign, Publication


def events() -> QuerySet[Event]:
    return Event.objects.select_related("fiscal_year")


def publications() -> QuerySet[Publication]:
    return Publication.objects.annotate(event_count=Count("events"))


def committees() -> QuerySet[Committee]:
    return Committee.objects.annotate(member_count=Count("members"))


def fundings() -> QuerySet[FundingCampaign]:
    return FundingCampaign.objects.annotate(cooperative_count=Count("participants"))


def surveys() -> QuerySet[AwarenessSurvey]:
    return AwarenessSurvey.objects.all()
