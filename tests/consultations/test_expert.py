"""Expert consultations, advisors and advisory answers."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Advisor, AdvisoryAnswer, ExpertConsultation
from core import registry as indicators

from .factories import AdvisorFactory, ConsultationFactory, ExpertConsultationFactory

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_referral_from_a_consultation_with_several_advisors(staff_client, staff_user):
    source = ConsultationFactory()
    law = AdvisorFactory(name="서윤아", field="law")
    accounting = AdvisorFactory(name="신예은", field="accounting")
    page = staff_client.get(f"/consultations/experts/new/?from={source.pk}").content.decode()
    assert f"기초상담 #{source.pk}에서 의뢰" in page
    when = timezone.now() + dt.timedelta(days=5)
    response = staff_client.post(
        f"/consultations/experts/new/?from={source.pk}",
        {
            "field": "management",
            "topic": "조직변경 경영 진단",
            "advisors": [law.pk, accounting.pk],
            "scheduled_at": _local(when),
            "status": "scheduled",
        },
    )
    expert = ExpertConsultation.objects.get()
    assert response.url == f"/consultations/experts/{expert.pk}/"
    assert expert.consultation == source
    assert expert.cooperative == source.cooperative
    assert expert.created_by == staff_user
    assert set(expert.advisors.values_list("name", flat=True)) == {"서윤아", "신예은"}
    body = staff_client.get(f"/consultations/experts/{expert.pk}/").content.decode()
    assert "多:1 심층 상담" in body and "서윤아" in body
    detail = staff_client.get(f"/consultations/{source.pk}/").content.decode()
    assert "전문상담 의뢰" in detail and "경영 및 조직운영" in detail


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"advisors": []}, "advisors", "자문위원을 한 명 이상 고르세요."),
        ({"status": "held", "outcome": ""}, "outcome", "실시한 상담은 상담 결과를 입력하세요."),
        ({"status": "held", "future": True}, "status", "아직 상담일시가 지나지 않아"),
        (
            {"follow_up_on": "2020-01-01"},
            "follow_up_on",
            "모니터링 예정일은 상담일 이후여야 합니다.",
        ),
        ({"scheduled_at": "내일"}, "scheduled_at", "올바른"),
    ],
)
def test_expert_form_errors(staff_client, overrides, field, message):
    advisor = AdvisorFactory()
    future = overrides.pop("future", False)
    when = timezone.now() + dt.timedelta(days=3 if future else -3)
    data = {
        "field": "law",
        "topic": "분쟁",
        "advisors": [advisor.pk],
        "scheduled_at": _local(when),
        "status": "scheduled",
        "outcome": "",
    }
    data.update(overrides)
    response = staff_client.post("/consultations/experts/new/", data)
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not ExpertConsultation.objects.exists()


def test_monitoring_is_recorded_after_the_meeting(staff_client):
    expert = ExpertConsultationFactory(status="scheduled", outcome="")
    data = {
        "field": expert.field,
        "topic": expert.topic,
        "advisors": [a.pk for a in expert.advisors.all()],
        "scheduled_at": _local(expert.scheduled_at),
        "status": "held",
        "outcome": "쟁점을 정리하고 정관 개정을 권고함",
        "follow_up_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "follow_up_note": "",
    }
    staff_client.post(f"/consultations/experts/{expert.pk}/edit/", data)
    expert.refresh_from_db()
    assert expert.status == "held" and expert.follow_up_on is not None
    listing = staff_client.get("/consultations/experts/").content.decode()
    assert "예정" in listing and expert.topic in listing


def test_expert_indicator_counts_only_held_in_the_year():
    tz = timezone.get_default_timezone()
    ExpertConsultationFactory(scheduled_at=dt.datetime(2021, 3, 3, 10, tzinfo=tz))
    ExpertConsultationFactory(scheduled_at=dt.datetime(2021, 12, 31, 23, 30, tzinfo=tz))
    ExpertConsultationFactory(scheduled_at=dt.datetime(2022, 1, 1, 0, 30, tzinfo=tz))
    ExpertConsultationFactory(
        scheduled_at=dt.datetime(2021, 5, 5, 10, tzinfo=tz), status="cancelled"
    )
    assert indicators.compute("consultations.expert", 2021) == 2
    assert indicators.compute("consultations.expert", 2022) == 1


def test_advisor_term_and_phone_are_checked(staff_client):
    response = staff_client.post(
        "/consultations/advisors/new/",
        {
            "name": "강지혜",
            "board": "basic",
            "field": "legal_affairs",
            "term_start": "2021-03-01",
            "term_end": "2021-02-01",
            "phone": "123",
        },
    )
    errors = response.context["form"].errors
    assert "위촉 종료일은 시작일보다 빠를 수 없습니다." in errors["term_end"]
    assert "전화번호 형식이 올바르지 않습니다" in errors["phone"][0]
    assert not Advisor.objects.exists()
    staff_client.post(
        "/consultations/advisors/new/",
        {
            "name": "강지혜",
            "board": "basic",
            "field": "legal_affairs",
            "term_start": "2021-03-01",
            "term_end": "2022-02-28",
            "phone": "0237001234",
        },
    )
    advisor = Advisor.objects.get()
    assert advisor.phone == "02-3700-1234"
    body = staff_client.get("/consultations/advisors/").content.decode()
    assert "기초상담자문단 (1명)" in body and "강지혜" in body


def test_advisory_answers_by_field(staff_client):
    advisor = AdvisorFactory(board="basic", field="legal_affairs")
    response = staff_client.post(
        "/consultations/advisory-answers/new/",
        {
            "advisor": advisor.pk,
            "answered_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
            "field": "legal_affairs",
            "question": "정관 변경 절차",
            "answer": "총회 특별결의",
        },
    )
    assert "자문일은 미래일 수 없습니다." in response.content.decode()
    assert not AdvisoryAnswer.objects.exists()
    staff_client.post(
        "/consultations/advisory-answers/new/",
        {
            "advisor": advisor.pk,
            "answered_on": "2021-04-01",
            "field": "legal_affairs",
            "question": "정관 변경 절차",
            "answer": "총회 특별결의",
        },
    )
    assert AdvisoryAnswer.objects.get().field == "legal_affairs"
    body = staff_client.get("/consultations/advisory-answers/?year=2021").content.decode()
    assert "총 <strong>1건</strong>" in body and "법무 1건" in body


def test_categories_are_managed_by_managers(client, staff_user, manager_user):
    client.force_login(staff_user)
    assert client.get("/consultations/categories/").status_code == 403
    client.force_login(manager_user)
    manager_client = client
    response = manager_client.post("/consultations/categories/new/", {"name": "설립", "order": 1})
    assert "같은 이름의 상담 분야가 이미 있습니다." in response.content.decode()
    manager_client.post(
        "/consultations/categories/new/", {"name": "사회적기업 전환", "order": 11, "active": "on"}
    )
    body = manager_client.get("/consultations/categories/").content.decode()
    assert "사회적기업 전환" in body
    quick = manager_client.get("/consultations/quick/").content.decode()
    assert "사회적기업 전환" in quick


def test_odd_query_values_never_fail(staff_client):
    for url in [
        "/consultations/advisory-answers/?year=99999999999&field=x",
        "/consultations/experts/?status=x&field=y&monitoring=due",
        "/consultations/experts/new/?from=abc",
        "/consultations/new/?channel=fax",
        "/consultations/?page=zz&category=999999&handled_by=abc",
        "/consultations/cooperatives/?district=부산&q=" + "가" * 500,
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
