"""The consultation search (a union of indexable lookups), the digits-only phone
column, capped counts and capped deep pages, the search-as-you-type field."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from consultations import selectors
from consultations.models import Client, Consultation
from consultations.services import ClientContact, update_client

from .factories import (
    AdvisorFactory,
    ClientFactory,
    ConsultationFactory,
    CooperativeFactory,
)

pytestmark = pytest.mark.django_db


def _search(text):
    return set(selectors.search_consultations(Consultation.objects.all(), text))


def test_search_finds_each_kind_of_match_once():
    coop = CooperativeFactory(name="마포두레협동조합")
    by_summary = ConsultationFactory(summary="정관 변경 절차 문의", answer="")
    by_answer = ConsultationFactory(summary="기타", answer="정관 예시를 보냄")
    by_coop = ConsultationFactory(
        summary="기타", answer="", client=ClientFactory(cooperative=coop), cooperative=coop
    )
    by_name = ConsultationFactory(summary="기타", answer="", client=ClientFactory(name="두레박"))
    by_phone = ConsultationFactory(
        summary="기타", answer="", client=ClientFactory(phone="010-3333-5678")
    )
    both = ConsultationFactory(summary="정관 문의", answer="정관 안내")
    ConsultationFactory(summary="기타", answer="", client=ClientFactory(name="두레박물관"))
    assert _search("정관") == {by_summary, by_answer, both}
    assert _search("두레") == {by_coop}  # a client's name must match whole
    assert _search("두레박") == {by_name}
    assert _search("5678") == {by_phone}
    assert _search("010-3333-5678") == {by_phone}
    assert _search("01033335678") == {by_phone}
    # The union never repeats a row that matches twice.
    listed = list(selectors.search_consultations(Consultation.objects.all(), "정관"))
    assert len(listed) == 3


def test_phone_digits_are_kept_by_every_write():
    client = ClientFactory(phone="01012345678")
    assert (client.phone, client.phone_digits) == ("010-1234-5678", "01012345678")
    update_client(client=client, contact=ClientContact(name="김", phone="02-333-4444"))
    client.refresh_from_db()
    assert client.phone_digits == "023334444"
    client.phone = "031-555-6666"
    client.save(update_fields=["phone"])
    client.refresh_from_db()
    assert client.phone_digits == "0315556666"
    assert Client.objects.filter(phone_digits__contains="5556").get() == client


def test_list_search_by_phone_digits(staff_client):
    hit = ConsultationFactory(client=ClientFactory(phone="010-2468-1357"), summary="가입 문의")
    ConsultationFactory(client=ClientFactory(phone="010-1111-2222"), summary="가입 문의")
    response = staff_client.get("/consultations/", {"q": "1357"})
    assert response.context["consultations"] == [hit]


@override_settings(LIST_COUNT_CAP=60)
def test_counts_are_capped_and_deep_pages_stop_at_the_cap(staff_client):
    start = timezone.now() - dt.timedelta(days=10)
    coop = CooperativeFactory()
    client = ClientFactory(cooperative=coop)
    for i in range(65):
        ConsultationFactory(client=client, started_at=start + dt.timedelta(minutes=i))
    response = staff_client.get("/consultations/")
    body = response.content.decode()
    assert "조회 결과 <strong>60건 이상</strong>" in body
    last = staff_client.get("/consultations/", {"page": "last"}).context["page_obj"]
    assert last.number == 2 and len(last.object_list) == 10  # 60 rows: pages of 50 + 10
    # Under the cap the count is exact and says so.
    narrow = staff_client.get("/consultations/", {"q": "없는말"}).content.decode()
    assert "조회 결과 <strong>0건</strong>" in narrow
    history = staff_client.get(f"/consultations/clients/{client.pk}/").content.decode()
    assert "상담 <strong>60건 이상</strong>" in history


@pytest.mark.parametrize("q", ["5678", "설립", "정관 변경"])
def test_search_query_count_is_the_same_at_two_sizes(staff_client, q):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get("/consultations/", {"q": q}).status_code == 200
        return len(captured.captured_queries)

    ConsultationFactory(client=ClientFactory(phone="010-1111-5678"))
    staff_client.get("/consultations/", {"q": q})  # warm-up (session, 2FA device, menu)
    small = queries()
    for i in range(60):
        ConsultationFactory(client=ClientFactory(phone=f"010-2{i:03d}-5678"))
    assert queries() == small


# --- search-as-you-type ------------------------------------------------------------


def test_expert_form_chooses_the_cooperative_by_typing(staff_client, django_assert_max_num_queries):
    for i in range(30):
        CooperativeFactory(name=f"성북{i:02d}마을협동조합")
    target = CooperativeFactory(name="행복나눔협동조합")
    page = staff_client.get("/consultations/experts/new/").content.decode()
    # No 900-entry select: a hidden value and a search field that asks the server.
    assert '<select name="cooperative"' not in page
    assert 'type="hidden" name="cooperative"' in page
    assert 'hx-get="/consultations/cooperatives/options/"' in page
    assert "js/search-select" in page
    with django_assert_max_num_queries(8):
        options = staff_client.get(
            "/consultations/cooperatives/options/", {"cooperative__search": "행복"}
        ).content.decode()
    assert f'data-value="{target.pk}"' in options and "행복나눔협동조합" in options
    assert "성북" not in options
    many = staff_client.get("/consultations/cooperatives/options/", {"cooperative__search": "성북"})
    assert many.content.decode().count('role="option"') == 20
    assert "더 입력해 좁히세요" in many.content.decode()
    nothing = staff_client.get(
        "/consultations/cooperatives/options/", {"cooperative__search": "없"}
    )
    assert "일치하는 항목이 없습니다" in nothing.content.decode()
    advisor = AdvisorFactory(name="박변호")
    response = staff_client.post(
        "/consultations/experts/new/",
        {
            "cooperative": target.pk,
            "cooperative__search": "행복나눔협동조합",
            "field": "law",
            "topic": "이사회 구성",
            "advisors": [advisor.pk],
            "scheduled_at": "2021-05-03T10:00",
            "status": "scheduled",
        },
    )
    assert response.status_code == 302
    from consultations.models import ExpertConsultation

    expert = ExpertConsultation.objects.get()
    assert expert.cooperative == target
    # Editing shows the chosen cooperative's name in the field.
    edit = staff_client.get(f"/consultations/experts/{expert.pk}/edit/").content.decode()
    assert 'value="행복나눔협동조합"' in edit and f'value="{target.pk}"' in edit


def test_a_cooperative_key_that_does_not_exist_is_refused_by_the_field(staff_client):
    advisor = AdvisorFactory()
    response = staff_client.post(
        "/consultations/experts/new/",
        {
            "cooperative": "999999",
            "field": "law",
            "topic": "이사회 구성",
            "advisors": [advisor.pk],
            "scheduled_at": "2021-05-03T10:00",
            "status": "scheduled",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cooperative"]
    from consultations.models import ExpertConsultation

    assert not ExpertConsultation.objects.exists()


def test_advisor_options_find_by_name(staff_client):
    AdvisorFactory(name="정세무")
    AdvisorFactory(name="김노무")
    body = staff_client.get("/consultations/advisors/options/", {"advisor__search": "세무"})
    assert "정세무" in body.content.decode() and "김노무" not in body.content.decode()
