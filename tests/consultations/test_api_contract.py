"""The public API keeps its published contract: schemathesis generates
requests from /api/openapi.json (valid and invalid ones) and checks every
answer: never a 5xx, only documented status codes and content types, bodies
that match the documented schemas (the one error shape included), and
invalid requests refused."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.schemathesis

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def wsgi_requests(db):
    """Requests sent through the WSGI app inside the test's transaction, as
    Django's own test client does: no connection closing between requests."""
    cache.clear()  # rate-limit counters
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_as_its_schema_says(wsgi_requests, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_requests)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/slots/", "/api/bookings/"}
    strategy = st.one_of(*(op.as_strategy(generation_mode=mode) for op in operations))
    seen = []

    @given(case=strategy)
    @settings(
        max_examples=80,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(checks=CHECKS)
        seen.append((case.method, response.status_code))

    check()
    statuses = {status for _method, status in seen}
    assert all(status < 500 for status in statuses)
    # The run exercised both endpoints, and (valid data) real successes.
    assert {method for method, _status in seen} == {"GET", "POST"}
    if mode is GenerationMode.POSITIVE:
        assert statuses & {200, 201}, statuses


def test_the_schema_is_openapi_3_1_with_korean_descriptions(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {"/api/slots/", "/api/bookings/"}
    post = schema["paths"]["/api/bookings/"]["post"]
    assert {"201", "400", "409", "413", "422", "429", "500"} <= set(post["responses"])
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["consent"]["const"] is True
    for answer in post["responses"].values():
        assert any("\uac00" <= ch <= "\ud7a3" for ch in answer["description"]), answer
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"]}


def test_the_docs_page_is_korean_and_loads_nothing_from_elsewhere(client):
    response = client.get("/api/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "상담 예약 신청" in body and "/api/openapi.json" in body
    assert "consent" in body and "Idempotency-Key" in body
    assert "cdn" not in body.lower() and "<script>" not in body
    assert "'self'" in response["Content-Security-Policy"]
