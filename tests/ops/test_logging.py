"""Structured logs: the fields operators need, and no personal data."""

import io
import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.logs import (
    PortalJsonFormatter,
    PortalTextFormatter,
    RequestContextFilter,
    scrub,
    sentry_before_send,
)
from core.request_id import request_id_var, user_id_var

SEOUL_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$")


def _capture(formatter):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("tests.ops.capture")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_json_line_has_the_fields_and_no_personal_data():
    logger, stream = _capture(PortalJsonFormatter())
    rid = request_id_var.set("req-12345678")
    uid = user_id_var.set("42")
    try:
        logger.warning("예약 실패: %s / %s", "hong@example.com", "010-1234-5678")
    finally:
        request_id_var.reset(rid)
        user_id_var.reset(uid)
    record = json.loads(stream.getvalue().strip())
    assert set(record) >= {"time", "level", "logger", "request_id", "user_id", "message"}
    assert SEOUL_ISO.match(record["time"]), record["time"]
    assert record["level"] == "WARNING"
    assert record["logger"] == "tests.ops.capture"
    assert record["request_id"] == "req-12345678"
    assert record["user_id"] == "42"
    line = stream.getvalue()
    assert "hong@example.com" not in line and "010-1234-5678" not in line
    assert "1234-5678" not in line


def test_json_line_leaves_out_extras_such_as_the_request_object():
    logger, stream = _capture(PortalJsonFormatter())
    logger.error("Internal Server Error: /x", extra={"request": object(), "status_code": 500})
    record = json.loads(stream.getvalue())
    assert "request" not in record
    assert record["status"] == 500


def test_traceback_is_scrubbed():
    logger, stream = _capture(PortalJsonFormatter())
    try:
        raise ValueError("bad phone 01098765432 for kim@example.org")
    except ValueError:
        logger.exception("failed")
    record = json.loads(stream.getvalue())
    assert "ValueError" in record["exc_info"]
    assert "01098765432" not in record["exc_info"]
    assert "kim@example.org" not in record["exc_info"]


def test_text_line_is_readable_with_the_same_fields():
    logger, stream = _capture(PortalTextFormatter())
    logger.info("시작")
    line = stream.getvalue().strip()
    time, level, name, rest = line.split(" ", 3)
    assert SEOUL_ISO.match(time)
    assert (level, name) == ("INFO", "tests.ops.capture")
    assert rest == "[- user=-] 시작"


def test_gunicorn_access_record_in_the_same_form():
    logger, stream = _capture(PortalJsonFormatter())
    atoms = {
        "h": "10.0.0.9",
        "m": "GET",
        "U": "/healthz",
        "s": "200",
        "B": "37",
        "D": "2500",
        "{x-request-id}o": "abcdef123456",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s", None, None)
    record.args = atoms
    logger.handle(record)
    data = json.loads(stream.getvalue())
    assert SEOUL_ISO.match(data["time"])
    assert data["request_id"] == "abcdef123456"
    assert (data["method"], data["path"], data["status"]) == ("GET", "/healthz", "200")
    assert data["duration_ms"] == 2.5


def test_scrub_keeps_plain_text_and_addresses():
    assert scrub("GET /healthz 200 from 127.0.0.1") == "GET /healthz 200 from 127.0.0.1"
    assert "@" not in scrub("a.b+c@mail.seoul.go.kr")


def test_sentry_event_keeps_no_personal_data():
    event = {
        "request": {
            "url": "https://portal/x",
            "data": {"phone": "010-1111-2222"},
            "cookies": {"sessionid": "s"},
            "query_string": "q=홍길동",
            "headers": {"Cookie": "sessionid=s", "User-Agent": "ua"},
        },
        "user": {"id": "7", "username": "hong", "email": "hong@example.com"},
        "exception": {"values": [{"value": "hong@example.com 010-1111-2222"}]},
    }
    cleaned = sentry_before_send(event, {})
    text = json.dumps(cleaned, ensure_ascii=False)
    for secret in ("010-1111-2222", "hong@example.com", "홍길동", "sessionid", "hong"):
        assert secret not in text
    assert cleaned["user"] == {"id": "7"}
    assert cleaned["request"]["headers"] == {"User-Agent": "ua"}


@pytest.mark.django_db
def test_request_id_middleware_answers_with_the_id_and_logs_the_user_id(caplog):
    user = get_user_model().objects.create_user("ops-log-user", password="x-Passw0rd-long")
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page-for-ops/", HTTP_X_REQUEST_ID="proxy-id-0001")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "proxy-id-0001"
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "Django logs the 404"
    line = PortalJsonFormatter().format(records[-1])
    data = json.loads(line)
    assert data["request_id"] == "proxy-id-0001"
    assert data["user_id"] == str(user.pk)
    assert "ops-log-user" not in line


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
