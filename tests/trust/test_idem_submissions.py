"""One submission is one record: every POST form carries an idempotency key
and a repeated POST with the same key replays the first answer."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import Consultation
from core.idempotency import FIELD_NAME, IdempotencyKey, purge_expired
from tests.consultations.factories import category

pytestmark = pytest.mark.django_db

KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')


def _key(body: str) -> str:
    keys = KEY_RE.findall(body)
    assert keys, "the form carries no idempotency key"
    return keys[0]


def _quick_data(key, **overrides):
    data = {
        FIELD_NAME: key,
        "client_phone": "010-2345-6789",
        "client_name": "홍길순",
        "cooperative_name": "",
        "categories": [category("설립").pk],
        "summary": "설립 절차 문의",
        "answer": "절차 안내",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "10",
    }
    data.update(overrides)
    return data


def test_each_render_issues_a_new_key(staff_client):
    first = _key(staff_client.get("/consultations/quick/").content.decode())
    second = _key(staff_client.get("/consultations/quick/").content.decode())
    assert first != second and len(first) >= 20


def test_enter_enter_on_the_phone_desk_saves_one_call(staff_client):
    key = _key(staff_client.get("/consultations/quick/").content.decode())
    first = staff_client.post("/consultations/quick/", _quick_data(key))
    second = staff_client.post("/consultations/quick/", _quick_data(key), follow=True)
    assert first.status_code == 302
    assert Consultation.objects.count() == 1
    assert second.redirect_chain[0] == (first["Location"], 302)
    assert "이미 저장되었습니다" in second.content.decode()


def test_a_form_with_errors_releases_its_key(staff_client):
    key = _key(staff_client.get("/consultations/quick/").content.decode())
    invalid = staff_client.post("/consultations/quick/", _quick_data(key, summary=""))
    assert "상담 내용을 입력하세요." in invalid.content.decode()
    staff_client.post("/consultations/quick/", _quick_data(key))
    assert Consultation.objects.count() == 1
    assert not IdempotencyKey.objects.filter(completed_at=None).exists()


def test_same_key_with_edited_fields_is_a_new_submission(staff_client):
    """Back, change the form, send again: the user meant a second record."""
    key = _key(staff_client.get("/consultations/quick/").content.decode())
    staff_client.post("/consultations/quick/", _quick_data(key))
    staff_client.post("/consultations/quick/", _quick_data(key, summary="정관 문의"))
    assert Consultation.objects.count() == 2


def test_another_user_with_the_same_key_is_not_replayed(staff_client, client, manager_user):
    key = _key(staff_client.get("/consultations/quick/").content.decode())
    staff_client.post("/consultations/quick/", _quick_data(key))
    client.force_login(manager_user)
    client.post("/consultations/quick/", _quick_data(key))
    assert Consultation.objects.count() == 2


def test_expired_keys_are_purged_and_no_longer_replay(staff_client, settings):
    key = _key(staff_client.get("/consultations/quick/").content.decode())
    staff_client.post("/consultations/quick/", _quick_data(key))
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert purge_expired() == 1
    assert not IdempotencyKey.objects.exists()


def test_submit_button_script_is_on_every_page(staff_client):
    body = staff_client.get("/consultations/quick/").content.decode()
    assert "js/submit-once.js" in body
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/submit-once.js"), encoding="utf-8").read()
    assert "저장 중…" in script and "disabled" in script


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_posts_make_one_record(staff_user):
    from django.test import Client as HttpClient

    assert connection.vendor == "postgresql"
    user = staff_user
    cat = category("설립")
    browser = HttpClient()
    browser.force_login(user)
    key = _key(browser.get("/consultations/quick/").content.decode())
    data = _quick_data(key, categories=[cat.pk])
    cookies = browser.cookies
    statuses, barrier = [], threading.Barrier(4)

    def post():
        c = HttpClient()
        c.cookies = cookies
        barrier.wait()
        try:
            statuses.append(c.post("/consultations/quick/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302] * 4
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize("key", ["a\x00b", "x" * 101, "키", "a b", "<script>"])
def test_a_malformed_form_key_is_ignored_not_an_error(staff_client, key):
    response = staff_client.post("/consultations/quick/", _quick_data(key))
    assert response.status_code == 302
    assert Consultation.objects.count() == 1
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["a\x00b", "x" * 101, "키"])
def test_a_malformed_api_key_is_a_json_400(client, key):
    response = client.post(
        "/api/bookings/", "{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
