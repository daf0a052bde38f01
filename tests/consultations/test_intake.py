"""Quick phone entry and the full consultation form."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from consultations.models import Client, Consultation, Cooperative
from core.privacy import PersonalDataAccess

from .factories import ClientFactory, ConsultationFactory, CooperativeFactory, category

pytestmark = pytest.mark.django_db


def _now_field():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def quick_data(**overrides):
    data = {
        "client_phone": "01098765432",
        "client_name": "홍길순",
        "cooperative_name": "마포두레협동조합",
        "categories": [category("설립").pk],
        "summary": "사회적협동조합 설립 절차 문의",
        "answer": "인가 절차 안내",
        "started_at": _now_field(),
        "duration_minutes": "10",
    }
    data.update(overrides)
    return data


def test_quick_entry_opens_with_phone_defaults_and_focus(staff_client):
    body = staff_client.get("/consultations/quick/").content.decode()
    assert 'name="client_phone"' in body
    # the phone field takes the cursor; now is the default time
    phone_input = body[
        body.index('name="client_phone"') - 300 : body.index('name="client_phone"') + 300
    ]
    assert "autofocus" in phone_input
    assert timezone.localtime().strftime("%Y-%m-%dT") in body
    assert 'name="channel"' not in body  # fixed to 전화


def test_quick_entry_saves_client_and_call_in_one_post(staff_client, staff_user):
    response = staff_client.post("/consultations/quick/", quick_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/consultations/quick/"
    consultation = Consultation.objects.get()
    assert consultation.channel == "phone"
    assert consultation.handled_by == staff_user
    assert consultation.client.name == "홍길순"
    assert consultation.client.phone == "010-9876-5432"  # normalised
    assert consultation.cooperative.name == "마포두레협동조합"
    assert consultation.client.cooperative == consultation.cooperative
    assert list(consultation.categories.values_list("name", flat=True)) == ["설립"]
    body = response.content.decode()
    assert f"전화상담 #{consultation.pk}" in body and "홍*순" in body  # message names the call
    assert "홍길순" not in body  # masked even in the message
    assert "autofocus" in body  # back in the first field for the next call


def test_returning_client_found_by_phone_is_reused(staff_client):
    existing = ClientFactory(name="홍길순", phone="010-9876-5432")
    staff_client.post("/consultations/quick/", quick_data(client_name=""))
    staff_client.post("/consultations/quick/", quick_data())
    assert Client.objects.count() == 1
    assert Consultation.objects.filter(client=existing).count() == 2


def test_same_phone_but_other_name_is_a_new_client(staff_client):
    ClientFactory(name="홍길순", phone="010-9876-5432")
    staff_client.post("/consultations/quick/", quick_data(client_name="박영희"))
    assert Client.objects.count() == 2


def test_chosen_client_is_used_and_search_digits_ignored(staff_client):
    existing = ClientFactory(name="이순신", phone="010-5555-1234")
    staff_client.post(
        "/consultations/quick/",
        quick_data(client_id=existing.pk, client_phone="010-5555", client_name=""),
    )
    consultation = Consultation.objects.get()
    assert consultation.client == existing
    existing.refresh_from_db()
    assert existing.phone == "010-5555-1234"


def test_anonymous_call_is_allowed(staff_client):
    staff_client.post(
        "/consultations/quick/", quick_data(client_phone="", client_name="", cooperative_name="")
    )
    consultation = Consultation.objects.get()
    assert consultation.client is None and consultation.cooperative is None


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"client_phone": "12345"}, "client_phone", "전화번호 형식이 올바르지 않습니다"),
        ({"summary": ""}, "summary", "상담 내용을 입력하세요."),
        ({"categories": []}, "categories", "상담 분야를 하나 이상 고르세요."),
        ({"started_at": "어제 오후"}, "started_at", "상담일시 형식이 올바르지 않습니다."),
        ({"duration_minutes": "0"}, "duration_minutes", "상담시간은 1분 이상이어야 합니다."),
        ({"duration_minutes": "9999"}, "duration_minutes", "상담시간은 600분 이하여야 합니다."),
        ({"client_email": "not-an-email"}, "client_email", "이메일 주소 형식이 올바르지 않습니다."),
        ({"cooperative_district": "부산진구"}, "cooperative_district", "올바르게 선택해 주세요"),
        ({"client_id": "999999"}, "client_id", "선택한 신청인을 찾을 수 없습니다"),
    ],
)
def test_bad_input_shows_korean_error_and_saves_nothing(staff_client, overrides, field, message):
    response = staff_client.post("/consultations/quick/", quick_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert Consultation.objects.count() == 0
    assert Client.objects.count() == 0
    assert Cooperative.objects.count() == 0
    # what the staff member typed is kept
    assert (
        "사회적협동조합 설립 절차 문의" in response.content.decode()
        or overrides.get("summary") == ""
    )


def test_future_time_is_refused(staff_client):
    later = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post("/consultations/quick/", quick_data(started_at=later))
    assert "상담일시는 미래일 수 없습니다." in response.content.decode()
    assert not Consultation.objects.exists()


def test_failure_midway_leaves_nothing_behind(staff_client):
    with mock.patch(
        "consultations.models.Consultation.categories.related_manager_cls.set",
        side_effect=RuntimeError("boom"),
    ):
        with pytest.raises(RuntimeError):
            staff_client.post("/consultations/quick/", quick_data())
    assert not Client.objects.exists()
    assert not Cooperative.objects.exists()
    assert not Consultation.objects.exists()


def test_client_search_by_phone_digits_and_cooperative_name(staff_client):
    coop = CooperativeFactory(name="성북햇살돌봄협동조합")
    ClientFactory(name="최영수", phone="010-4321-8765", cooperative=coop)
    ClientFactory(name="박민지", phone="010-1111-2222", cooperative=None)
    body = staff_client.get(
        "/consultations/clients/search/", {"client_phone": "0104321"}
    ).content.decode()
    assert "최*수" in body and "010-4321-****" in body
    assert "최영수" not in body and "8765" not in body  # masked
    assert "박*지" not in body
    body = staff_client.get(
        "/consultations/clients/search/", {"cooperative_name": "햇살돌봄"}
    ).content.decode()
    assert "최*수" in body and "성북햇살돌봄협동조합" in body
    body = staff_client.get(
        "/consultations/clients/search/", {"client_phone": "0109999"}
    ).content.decode()
    assert "일치하는 신청인이 없습니다" in body


def test_full_form_records_a_visit(staff_client, manager_user):
    data = quick_data(channel="visit", duration_minutes="60", handled_by=manager_user.pk)
    data["cooperative_kind"] = "social"
    data["cooperative_district"] = "성동구"
    response = staff_client.post("/consultations/new/", data)
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == f"/consultations/{consultation.pk}/"
    assert consultation.channel == "visit"
    assert consultation.handled_by == manager_user
    assert consultation.cooperative.kind == "social"
    assert consultation.cooperative.district == "성동구"


def test_full_form_requires_channel(staff_client):
    response = staff_client.post("/consultations/new/", quick_data())
    assert "channel" in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_edit_shows_client_whole_logs_it_and_saves(staff_client, staff_user):
    consultation = ConsultationFactory(client__name="정다운", client__phone="010-2222-3333")
    body = staff_client.get(f"/consultations/{consultation.pk}/edit/").content.decode()
    assert "정다운" in body and "010-2222-3333" in body
    entry = PersonalDataAccess.objects.get()
    assert entry.action == "edit" and entry.user == staff_user
    data = quick_data(
        channel="video",
        client_id=consultation.client_id,
        client_name="정다운",
        client_phone="010-2222-3333",
        summary="정관 변경 검토",
        duration_minutes="40",
        handled_by=staff_user.pk,
    )
    staff_client.post(f"/consultations/{consultation.pk}/edit/", data)
    consultation.refresh_from_db()
    assert consultation.channel == "video"
    assert consultation.summary == "정관 변경 검토"
    assert Client.objects.count() == 1
    assert consultation.history.count() == 2  # the change is kept
