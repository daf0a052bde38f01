"""Mail settings that mean what they say, the outbox page and its alert."""

import re
import runpy
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from core import mail, registry
from core.models import OUTBOX_MAX_ATTEMPTS, OutboxEmail

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"


def _settings_with(monkeypatch, email_url: str) -> dict:
    """portal/settings.py evaluated afresh with this EMAIL_URL."""
    monkeypatch.setenv("EMAIL_URL", email_url)
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    return runpy.run_path(str(SETTINGS))


@pytest.mark.parametrize(
    ("url", "tls", "ssl", "port"),
    [
        ("smtp+tls://user:pw@smtp.example.com:587", True, False, 587),
        ("smtp+ssl://user:pw@smtp.example.com:465", False, True, 465),
        ("smtp://relay.example.local:25", False, False, 25),
    ],
)
def test_documented_email_urls_set_the_encryption_they_name(monkeypatch, url, tls, ssl, port):
    parsed = _settings_with(monkeypatch, url)
    assert parsed["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert bool(parsed.get("EMAIL_USE_TLS")) is tls
    assert bool(parsed.get("EMAIL_USE_SSL")) is ssl
    assert parsed["EMAIL_PORT"] == port


def test_every_email_url_example_in_the_docs_parses_to_its_comment(monkeypatch):
    """Each EMAIL_URL example in .env.example and the README uses a scheme
    whose encryption fits its port (587: STARTTLS, 465: TLS)."""
    root = SETTINGS.parents[1]
    text = (root / ".env.example").read_text() + (root / "README.md").read_text()
    examples = set(re.findall(r"smtps?(?:\+tls|\+ssl)?://[^\s`'\";,)]+", text))
    assert {u for u in examples if ":587" in u} and {u for u in examples if ":465" in u}
    for url in examples:
        parsed = _settings_with(monkeypatch, url)
        if parsed["EMAIL_PORT"] == 587:
            assert parsed.get("EMAIL_USE_TLS") and not parsed.get("EMAIL_USE_SSL"), url
        if parsed["EMAIL_PORT"] == 465:
            assert parsed.get("EMAIL_USE_SSL") and not parsed.get("EMAIL_USE_TLS"), url


@pytest.mark.parametrize(
    ("url", "warning"),
    [
        ("smtp://user:pw@smtp.example.com:587?tls=True", "core.W002"),
        ("smtps://user:pw@smtp.example.com:465", "core.W003"),
        ("smtp://user:pw@smtp.example.com:587", "core.W004"),
    ],
)
def test_misleading_email_urls_are_warned_about(monkeypatch, settings, url, warning):
    parsed = _settings_with(monkeypatch, url)
    for name in ("EMAIL_BACKEND", "EMAIL_PORT", "EMAIL_URL_OPTIONS"):
        setattr(settings, name, parsed[name])
    settings.EMAIL_USE_TLS = bool(parsed.get("EMAIL_USE_TLS"))
    settings.EMAIL_USE_SSL = bool(parsed.get("EMAIL_USE_SSL"))
    assert warning in {message.id for message in run_checks()}


def test_sound_email_url_gets_no_warning(monkeypatch, settings):
    parsed = _settings_with(monkeypatch, "smtp+ssl://user:pw@smtp.example.com:465")
    for name in ("EMAIL_BACKEND", "EMAIL_PORT", "EMAIL_URL_OPTIONS", "EMAIL_USE_SSL"):
        setattr(settings, name, parsed[name])
    settings.EMAIL_USE_TLS = False
    ids = {message.id for message in run_checks()}
    assert not ids & {"core.W002", "core.W003", "core.W004"}


# --- the outbox page ----------------------------------------------------------------


def _email(**fields) -> OutboxEmail:
    fields.setdefault("to", "hong.gildong@example.org")
    fields.setdefault("subject", "상담 예약 확인")
    return OutboxEmail.objects.create(body="본문", **fields)


@pytest.fixture
def outbox_rows(db):
    from django.utils import timezone

    return {
        "pending": _email(subject="대기 메일"),
        "sent": _email(subject="보낸 메일", sent_at=timezone.now(), attempts=1),
        "failed": _email(
            subject="실패 메일",
            attempts=OUTBOX_MAX_ATTEMPTS,
            last_error="550 5.1.1 <hong.gildong@example.org>: Recipient address rejected",
        ),
    }


def test_outbox_page_is_for_managers(staff_client, outbox_rows):
    url = reverse("core:outbox")
    assert Client().get(url).status_code == 302
    assert staff_client.get(url).status_code == 403


def test_outbox_lists_states_and_masks_addresses(manager_client, outbox_rows):
    body = manager_client.get(reverse("core:outbox")).content.decode()
    assert "대기 메일" in body and "보낸 메일" in body and "실패 메일" in body
    assert "hong.gildong@example.org" not in body  # neither in the list nor in the error
    assert "ho**********@example.org" in body
    assert "Recipient address rejected" in body

    failed = manager_client.get(reverse("core:outbox"), {"state": "failed"}).content.decode()
    assert "실패 메일" in failed and "대기 메일" not in failed and "보낸 메일" not in failed
    sent = manager_client.get(reverse("core:outbox"), {"state": "sent"}).content.decode()
    assert "보낸 메일" in sent and "다시 보내기" not in sent


def test_outbox_query_count_is_flat(manager_client, outbox_rows, django_assert_max_num_queries):
    url = reverse("core:outbox")
    with django_assert_max_num_queries(16):
        manager_client.get(url)
    for n in range(60):
        _email(subject=f"추가 {n}")
    with django_assert_max_num_queries(16):
        manager_client.get(url)


def test_resend_sends_a_given_up_mail(
    manager_client, outbox_rows, eager_celery, django_capture_on_commit_callbacks
):
    failed = outbox_rows["failed"]
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("core:outbox_resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.last_error == "" and failed.attempts == 1
    assert [m.subject for m in django_mail.outbox] == ["실패 메일"]


def test_resend_of_a_sent_mail_is_refused(manager_client, outbox_rows, eager_celery):
    sent = outbox_rows["sent"]
    django_mail.outbox.clear()
    response = manager_client.post(reverse("core:outbox_resend", args=[sent.pk]), follow=True)
    assert "이미 발송한 메일입니다" in response.content.decode()
    assert django_mail.outbox == []
    sent.refresh_from_db()
    assert sent.attempts == 1


def test_resend_is_a_post_for_managers(staff_user, manager_client, outbox_rows):
    url = reverse("core:outbox_resend", args=[outbox_rows["failed"].pk])
    assert manager_client.get(url).status_code == 405
    staff = Client()
    staff.force_login(staff_user)
    assert staff.post(url).status_code == 403
    assert OutboxEmail.objects.get(pk=outbox_rows["failed"].pk).attempts == OUTBOX_MAX_ATTEMPTS


def test_failed_mail_raises_the_dashboard_alert(staff_client, demo, outbox_rows):
    alert = next(a for a in registry.all_alerts() if a.key == "core.outbox_failed")
    assert alert.func() == 1
    _email(subject="또 실패", attempts=2, last_error="Connection refused")
    assert mail.failed_count() == 2
    body = staff_client.get(reverse("center:dashboard")).content.decode()
    assert "발송 실패 메일" in body
    assert f'href="{reverse("core:outbox")}">2건' in body
