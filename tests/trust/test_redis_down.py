"""Redis down (the cache and the broker): every public form still saves.

A real redis-server is started by the test on its own port, the Django cache
and Celery's broker point at it, and then it is killed: the rate limiter
falls back to process memory (and says so in the log), the enqueue after
commit gives up after one short attempt, and every form answers its success
page with its row in the database. The e-mails wait in the outbox and go
out once Redis is back. A second test points the broker at a closed port and
checks that a booking makes exactly one connection attempt, with no retries.
"""

import datetime as dt
import json
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import public_forms, tasks
from core.mail import OutboxEmail
from tests.consultations.factories import category
from tests.workers import port

PORT = port(6403)  # this task's own port (6401-6409), per xdist worker
CLOSED_PORT = port(6404)  # nothing listens here


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server가 필요합니다")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        deadline = time.monotonic() + 5
        while _listening(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)


def _use_broker(settings, url):
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    # Drop the app's handles only (kombu keeps pools per URL process-wide).
    app._pool = None
    app.amqp._producer_pool = None
    return app


@pytest.fixture
def celery_restored():
    from portal.celery import app

    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    yield
    app.conf.update(**saved)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_server(settings, celery_restored):
    server = RedisServer(PORT)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    _use_broker(settings, server.url)
    public_forms.reset_rate_limit_fallback()
    yield server
    server.kill()
    caches["default"].close()
    public_forms.reset_rate_limit_fallback()


# --- what each public form needs -------------------------------------------------------


def _free_slot():
    from consultations.slots import horizon_end, slots_between

    today = timezone.localdate()
    return next(s for s in slots_between(today, horizon_end(today)) if s.available)


def _booking_form(client):

    slot = _free_slot()
    response = client.post(
        "/booking/new/",
        {
            "slot": slot.key,
            "name": "홍길동",
            "phone": "01012345678",
            "email": "booking@example.com",
            "cooperative_name": "마을카페협동조합",
            "topic": category("설립").pk,
            "description": "정관 검토를 받고 싶습니다.",
            "consent": "on",
        },
    )
    from consultations.models import Booking

    booking = Booking.objects.get(email="booking@example.com")
    assert response.status_code == 302 and response.url == booking.get_public_url()
    assert "예약 신청을 받았습니다" in client.get(response.url).content.decode()
    return "booking@example.com"


def _booking_api(client):
    from consultations.models import Booking

    taken = set(Booking.objects.values_list("slot__date", "slot__time", "slot__kind"))
    from consultations.slots import horizon_end, slots_between

    today = timezone.localdate()
    slot = next(
        s
        for s in slots_between(today, horizon_end(today))
        if s.available and (s.date, s.time, s.kind) not in taken
    )
    response = client.post(
        "/api/bookings/",
        json.dumps(
            {
                "date": slot.date.isoformat(),
                "time": f"{slot.time:%H:%M}",
                "kind": slot.kind,
                "name": "김시민",
                "phone": "010-2222-3333",
                "email": "api@example.com",
                "cooperative_name": "",
                "topic": category("설립").pk,
                "description": "API로 예약합니다.",
                "consent": True,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert Booking.objects.filter(email="api@example.com").count() == 1
    assert reference
    return "api@example.com"


def _question(client):
    from consultations.models import Question

    response = client.post(
        "/ask/",
        {
            "category": category("설립·변경 서류검토").pk,
            "title": "정관 검토 부탁드립니다",
            "body": "사회적협동조합 정관 초안입니다.",
            "name": "홍길동",
            "email": "ask@example.com",
            "phone": "",
            "cooperative_name": "",
            "consent": "on",
        },
    )
    question = Question.objects.get(email="ask@example.com")
    assert response.status_code == 302 and response.url == question.get_public_url()
    assert "아직 답변하지 않았습니다" in client.get(response.url).content.decode()
    return "ask@example.com"


def _education_signup(client):
    from education.models import Registration
    from tests.education.factories import SessionFactory

    session = SessionFactory(capacity=5)
    response = client.post(
        session.public_url(),
        {
            "name": "김시민",
            "phone": "010-1234-5678",
            "email": "signup@example.com",
            "organisation": "마을협동조합",
            "consent": "on",
        },
    )
    reg = Registration.objects.get(email="signup@example.com")
    assert response.status_code == 302 and response.url == reg.private_url()
    assert "신청 완료" in client.get(response.url).content.decode()
    return "signup@example.com"


def _outreach_request(client):
    from education.models import OutreachRequest
    from tests.education.factories import type_by_code

    response = client.post(
        "/education/outreach/",
        {
            "course_type": type_by_code("intro").pk,
            "organisation": "성수동 마을협동조합",
            "kind": "coop",
            "district": "성동구",
            "desired_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "desired_time": "19:00",
            "place": "마을활력소 2층",
            "expected_participants": "12",
            "contact_name": "문정희",
            "contact_phone": "010-3030-4040",
            "contact_email": "village@example.com",
            "message": "",
            "consent": "on",
        },
    )
    req = OutreachRequest.objects.get(contact_email="village@example.com")
    assert response.status_code == 302 and response.url == f"/education/outreach/{req.token}/"
    assert "신청을 받았습니다" in client.get(response.url).content.decode()
    return "village@example.com"


def _program_application(client):
    from programs.models import Application
    from tests.programs.factories import PDF, CallFactory

    call = CallFactory()
    doc = call.document_types.get(name="사업계획서")
    response = client.post(
        f"/programs/calls/{call.pk}/apply/",
        {
            "organisation": "협동조합 꿈터",
            "kind": "pre",
            "members": "",
            "representative": "김철용",
            "phone": "01012345678",
            "email": "dream@example.com",
            "project_name": "시제품 제작",
            "plan": "동네 아이들을 위한 목공 시제품을 만들고 홍보영상을 제작합니다.",
            "requested_amount": "2000000",
            "consent": "on",
            "consent_participants": "on",
            "website": "",
            f"doc_{doc.pk}": SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf"),
        },
    )
    application = Application.objects.get(email="dream@example.com")
    assert response.status_code == 302 and response.url == application.status_url()
    assert application.attachments.count() == 1
    return "dream@example.com"  # the receipt with the private status link


def _newsletter_signup(client):
    from outreach.models import Subscriber

    response = client.post(
        "/newsletter/subscribe/", {"email": "reader@example.org", "consent": "on"}
    )
    assert response.status_code == 200
    assert "확인 메일을 보냈습니다" in response.content.decode()
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    return "reader@example.org"


PUBLIC_FORMS = [
    _booking_form,
    _booking_api,
    _question,
    _education_signup,
    _outreach_request,
    _program_application,
    _newsletter_signup,
]


@pytest.mark.redis
def test_redis_down_every_public_form_saves_and_mails_go_out_when_it_is_back(
    client, db, redis_server, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Up: the rate limit counts in Redis.
    assert caches["default"].get("probe") is None
    redis_server.kill()

    addresses = []
    for submit in PUBLIC_FORMS:
        with django_capture_on_commit_callbacks(execute=True):
            addresses.append(submit(client))

    addresses = [a for a in addresses if a]
    assert "rate limit: cache unavailable" in caplog.text
    assert "broker unavailable" in caplog.text
    # Every form queued its e-mail in the outbox; none could be handed over.
    waiting = OutboxEmail.objects.filter(sent_at__isnull=True)
    assert set(waiting.values_list("to", flat=True)) >= set(addresses)
    pending = waiting.count()
    assert mail.outbox == []

    # Redis is back: the beat job sends what waited, each once.
    redis_server.start()
    public_forms.reset_rate_limit_fallback()
    assert tasks.flush_outbox() == pending
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    assert {m.to[0] for m in mail.outbox} >= set(addresses)
    assert len(mail.outbox) == OutboxEmail.objects.count()
    # … and the limiter counts in Redis again.
    client.post("/newsletter/subscribe/", {"email": "second@example.org", "consent": "on"})
    import redis

    assert redis.Redis.from_url(redis_server.url).keys("*ratelimit:outreach-subscribe:*")


@pytest.mark.redis
def test_rate_limit_still_holds_per_process_while_redis_is_down(client, db, redis_server):
    from django.test import override_settings

    redis_server.kill()
    with override_settings(ROOT_URLCONF="tests.trust.urls"):
        statuses = [client.post("/trust-test/limited/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- broker down: one short attempt, no retries ---------------------------------------


@pytest.fixture
def closed_broker(settings, celery_restored):
    assert not _listening(CLOSED_PORT)
    return _use_broker(settings, f"redis://127.0.0.1:{CLOSED_PORT}/0")


def test_broker_down_booking_is_saved_after_one_connection_attempt(
    client, db, closed_broker, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """Before: the Redis result backend retried 20 times a second apart
    (about 19 s per booking); `retry=False` alone still loops in kombu for
    broker_connection_timeout. Now: one connection attempt, then the outbox
    row waits for the beat job."""
    import redis.connection

    attempts = []
    real_connect = redis.connection.AbstractConnection.connect

    def counting_connect(self, *args, **kwargs):
        attempts.append(self.port)
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counting_connect)
    # Retry loops wait between attempts (kombu sleeps in retry_over_time):
    # count the waits rather than the clock, which a busy machine stretches.
    slept = []
    real_sleep = time.sleep

    def counting_sleep(seconds):
        slept.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", counting_sleep)
    monkeypatch.setattr("kombu.utils.functional.sleep", counting_sleep)
    with django_capture_on_commit_callbacks(execute=True):
        email = _booking_form(client)
    # Exactly one try at the broker, no retries (the cache may use Redis too),
    # and no wait for one.
    assert [port for port in attempts if port == CLOSED_PORT] == [CLOSED_PORT]
    assert sum(slept) < 1, slept
    assert "broker unavailable" in caplog.text
    email_row = OutboxEmail.objects.get(to=email)
    assert email_row.sent_at is None and mail.outbox == []


def test_request_path_enqueue_publishes_once_without_result_subscription(monkeypatch):
    """The shared enqueue asks kombu for no retries and no result backend
    subscription (what made a booking wait)."""
    from core.queue import enqueue
    from core.tasks import send_outbox_email

    calls = []
    monkeypatch.setattr(
        send_outbox_email, "apply_async", lambda args, **options: calls.append((args, options))
    )
    assert enqueue(send_outbox_email, 7) is True
    [(args, options)] = calls
    assert args == (7,)
    assert options["retry_policy"] == {"max_retries": 0}
    assert options["ignore_result"] is True


def test_broker_settings_bound_every_connection(settings):
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_connect_timeout"] <= 2 and options["socket_timeout"] <= 10
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 2
    assert settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT <= 2
