"""The phone desk never changes a returning client's contact data; a change
of phone is an explicit edit on the client page, kept in the history."""

import pytest
from django.utils import timezone

from consultations.models import Client, Consultation
from core.privacy import PersonalDataAccess, destroy_expired_personal_data

from .factories import ClientFactory, category

pytestmark = pytest.mark.django_db


def _quick(**overrides):
    data = {
        "client_phone": "",
        "client_name": "",
        "cooperative_name": "",
        "categories": [category("설립").pk],
        "summary": "정관 변경 문의",
        "answer": "절차 안내",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "10",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("typed", ["010-123-4568", "0101234568", "010-1234-568"])
def test_choosing_a_suggested_client_keeps_the_stored_phone(staff_client, typed):
    """The typist typed 9–10 digits, picked the suggestion (↓, Enter), saved."""
    existing = ClientFactory(name="김민용", phone="010-1234-5681", email="kim@example.org")
    staff_client.post(
        "/consultations/quick/",
        _quick(client_id=str(existing.pk), client_phone=typed, client_name=""),
    )
    consultation = Consultation.objects.get()
    assert consultation.client_id == existing.pk
    existing.refresh_from_db()
    assert existing.phone == "010-1234-5681"
    assert existing.name == "김민용" and existing.email == "kim@example.org"
    assert Client.objects.count() == 1


def test_choosing_a_suggested_client_ignores_typed_name_and_email(staff_client):
    existing = ClientFactory(name="김민용", phone="010-1234-5681", email="kim@example.org")
    staff_client.post(
        "/consultations/quick/",
        _quick(
            client_id=str(existing.pk),
            client_phone="010-1234-5681",
            client_name="김민",
            client_email="other@example.org",
        ),
    )
    existing.refresh_from_db()
    assert (existing.name, existing.email) == ("김민용", "kim@example.org")


def test_returning_client_found_by_full_phone_keeps_stored_email(staff_client):
    existing = ClientFactory(name="김민용", phone="010-1234-5681", email="kim@example.org")
    staff_client.post(
        "/consultations/quick/",
        _quick(client_phone="01012345681", client_email="new@example.org"),
    )
    assert Consultation.objects.get().client_id == existing.pk
    existing.refresh_from_db()
    assert existing.email == "kim@example.org"


def test_phone_change_is_an_explicit_edit_kept_in_history(staff_client, staff_user):
    existing = ClientFactory(name="김민용", phone="010-1234-5681")
    page = staff_client.get(f"/consultations/clients/{existing.pk}/edit/")
    assert page.status_code == 200
    assert "010-1234-5681" in page.content.decode()
    response = staff_client.post(
        f"/consultations/clients/{existing.pk}/edit/",
        {"name": "김민용", "phone": "010 9999 0000", "email": ""},
        follow=True,
    )
    assert "신청인 정보를 수정했습니다" in response.content.decode()
    existing.refresh_from_db()
    assert existing.phone == "010-9999-0000"
    phones = list(existing.history.order_by("history_date").values_list("phone", flat=True))
    assert phones == ["010-1234-5681", "010-9999-0000"]
    assert existing.history.latest().history_user == staff_user
    assert PersonalDataAccess.objects.filter(
        action="edit", object_id=str(existing.pk), user=staff_user
    ).exists()


def test_client_edit_refuses_a_malformed_phone_next_to_the_field(staff_client):
    existing = ClientFactory(phone="010-1234-5681")
    response = staff_client.post(
        f"/consultations/clients/{existing.pk}/edit/",
        {"name": "김민용", "phone": "12345", "email": ""},
    )
    assert "전화번호 형식이 올바르지 않습니다" in response.content.decode()
    assert "phone" in response.context["form"].errors
    existing.refresh_from_db()
    assert existing.phone == "010-1234-5681"


def test_retention_scrubs_the_client_history_too(settings):
    import datetime as dt

    existing = ClientFactory(name="김민용", phone="010-1234-5681")
    existing.phone = "010-9999-0000"
    existing.save()
    Client.objects.filter(pk=existing.pk).update(
        created_at=timezone.now()
        - dt.timedelta(days=365 * (settings.PERSONAL_DATA_RETENTION_YEARS + 1))
    )
    destroy_expired_personal_data()
    existing.refresh_from_db()
    assert existing.phone == "" and existing.scrubbed_at is not None
    assert not existing.history.exclude(phone="").exists()
    assert not existing.history.exclude(name="").exists()


def test_client_from_before_the_history_keeps_its_old_phone_on_edit(staff_client):
    # bulk_create sends no signal: a row as it was before the history existed
    [existing] = Client.objects.bulk_create([Client(name="김민용", phone="010-1234-5681")])
    assert not existing.history.exists()
    staff_client.post(
        f"/consultations/clients/{existing.pk}/edit/",
        {"name": "김민용", "phone": "010-9999-0000", "email": ""},
    )
    phones = list(existing.history.order_by("history_date").values_list("phone", flat=True))
    assert phones == ["010-1234-5681", "010-9999-0000"]
