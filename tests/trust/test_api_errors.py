"""Every error of the JSON API (/api/…) is JSON in one shape:
{"error": {"code": "...", "message": "한국어"}}, whatever produced it — a
form's validation, a body that is not a JSON object, a method the URL does
not take, a URL that does not exist, a body over the upload limit, the rate
limiter, an unexpected exception, the database being down."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse

from consultations.models import Booking
from tests.urlwalk import iter_patterns


def _boom(request):
    raise RuntimeError("unexpected")


def _database_down(request):
    raise OperationalError("the database is restarting")


# This module is also the URLconf of the tests marked `urls` below.
urlpatterns = [
    path("api/boom/", _boom),
    path("api/db-down/", _database_down),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    error = body["error"]
    assert set(error) == {"code", "message"}
    assert isinstance(error["code"], str) and error["code"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in error["message"]), error["message"]
    if code:
        assert error["code"] == code
    return body


def _post(client, body, content_type="application/json"):
    return client.post("/api/bookings/", body, content_type=content_type)


def test_a_topic_in_non_ascii_digits_is_a_json_400_with_a_korean_message(client, db):
    payload = {
        "date": "2021-10-05",
        "time": "10:30",
        "kind": "visit",
        "name": "홍길동",
        "phone": "010-1234-5678",
        "email": "hong@example.com",
        "topic": "²",
        "consent": True,
    }
    response = _post(client, json.dumps(payload))
    body = assert_error_shape(response, 400, "invalid")
    assert body["errors"]["topic"] == ["없는 상담 주제입니다."]
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"x"',
        b"null",
        b"42",
        b'{"a":',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    ],
    ids=["invalid-utf8", "array", "string", "null", "number", "truncated", "deep-array", "deep"],
)
def test_a_body_that_is_not_a_json_object_is_a_json_400(client, db, body):
    response = _post(client, body)
    assert_error_shape(response, 400, "invalid")
    assert Booking.objects.count() == 0


def test_a_wrong_method_is_a_json_405_naming_the_method(client, db):
    response = client.get("/api/bookings/")
    body = assert_error_shape(response, 405, "method_not_allowed")
    assert "POST" in body["error"]["message"] and response["Allow"] == "POST"
    assert_error_shape(client.post("/api/slots/"), 405, "method_not_allowed")


def test_an_unknown_api_url_is_a_json_404(client, db):
    assert_error_shape(client.get("/api/no-such-thing/"), 404, "not_found")
    assert_error_shape(client.post("/api/bookings/x/"), 404, "not_found")


def test_a_body_over_the_upload_limit_is_a_json_413(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post(client, json.dumps({"description": "가" * 2000}))
    assert_error_shape(response, 413, "too_large")
    assert Booking.objects.count() == 0


def test_the_rate_limit_is_a_json_429(client, db):
    statuses = [_post(client, b"{}", "application/json").status_code for _ in range(12)]
    assert statuses[-1] == 429
    body = assert_error_shape(_post(client, b"{}"), 429, "rate_limited")
    assert "요청이 너무 많습니다" in body["error"]["message"]


@pytest.mark.urls("tests.trust.test_api_errors")
def test_an_unexpected_exception_is_a_json_500(db):
    response = Client(raise_request_exception=False).get("/api/boom/")
    assert_error_shape(response, 500, "server_error")


@pytest.mark.urls("tests.trust.test_api_errors")
def test_the_database_down_is_a_json_503_with_retry_after(db):
    response = Client(raise_request_exception=False).get("/api/db-down/")
    assert_error_shape(response, 503, "unavailable")
    assert response["Retry-After"]


def test_every_api_pattern_answers_errors_in_the_one_shape(client, db):
    """Each /api/ URL, asked with every method and an empty or broken body:
    any 4xx/5xx is the JSON shape (new endpoints are covered unedited)."""
    api_paths = sorted(
        {
            reverse(name)
            for name, _cb, converters in iter_patterns()
            if not converters
            and not name.startswith("admin:")
            and reverse(name).startswith("/api/")
        }
    )
    assert "/api/bookings/" in api_paths and "/api/slots/" in api_paths
    checked = 0
    for url in api_paths:
        responses = [client.get(url, {"from": value, "to": value}) for value in ("²", "\x00")]
        for method in ("post", "put", "patch", "delete"):
            for body in (b"", b"\x00", b"[]"):
                responses.append(
                    getattr(client, method)(url, body, content_type="application/json")
                )
        for response in responses:
            assert response.status_code < 500, (url, response.content[:200])
            if response.status_code >= 400:
                assert_error_shape(response, response.status_code)
                checked += 1
    assert checked > 10


def test_a_form_encoded_body_is_a_json_400(client, db):
    response = client.post("/api/bookings/", {"topic": "²"})
    assert_error_shape(response, 400, "invalid")
    assert Booking.objects.count() == 0
