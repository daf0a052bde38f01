import datetime as dt

from django.utils import timezone

from consultations.models import Consultation
from core import registry as indicators


def _at(month: int) -> dt.datetime:
    return dt.datetime(2021, month, 10, 10, 0, tzinfo=timezone.get_default_timezone())


def test_monthly_series_and_overdue_alert_reach_the_dashboard(staff_client, demo):
    Consultation.objects.create(channel="phone", started_at=_at(1), summary="설립 문의")
    Consultation.objects.create(channel="visit", started_at=_at(3), summary="정관 검토")
    Consultation.objects.create(channel="phone", started_at=_at(3), summary="해산 문의")
    series = {s.key: s for s in indicators.all_series()}["consultations.monthly"]
    assert series.func(2021) == [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    alert = {a.key: a for a in indicators.all_alerts()}["consultations.overdue"]
    assert alert.func() == 0
    body = staff_client.get("/dashboard/?year=2021").content.decode()
    assert "월별 기초상담 건수" in body and "답변 기한이 지난 온라인 상담" in body
