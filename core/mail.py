"""Outgoing e-mail through a database outbox.

`queue_email` stores the message in the same transaction as the record it is
about, then (after commit) asks Celery to send it. If the broker is down the
row simply waits: the beat job `core.tasks.flush_outbox` sends whatever is
still pending. Sending marks the row under a row lock, so a retried or
duplicated task never sends the same message twice.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.errors import ServiceError
from core.models import OUTBOX_MAX_ATTEMPTS, OutboxEmail  # noqa: F401  (core.tasks reads it here)
from core.queue import enqueue

logger = logging.getLogger(__name__)


def queue_email(
    *, to: str, subject: str, body: str, key: str | None = None, attachment=None
) -> OutboxEmail | None:
    """Store an e-mail and send it after the surrounding transaction commits.

    `attachment` is (filename, bytes, mimetype). With a `key`, a second call
    for the same message returns None and queues nothing.
    """
    if key and OutboxEmail.objects.filter(key=key).exists():
        return None
    email = OutboxEmail(to=to, subject=subject, body=body, key=key)
    if attachment:
        email.attachment_name, email.attachment, email.attachment_type = attachment
    email.save()
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


# --- the outbox page (managers) ------------------------------------------------

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATES = [(PENDING, "대기"), (FAILED, "실패"), (SENT, "발송됨")]


def outbox(*, state: str | None = None):
    """The outbox, newest first; `state` one of STATES' keys (else all).
    Failed: not sent and the last attempt raised (retries go on until
    OUTBOX_MAX_ATTEMPTS, then the mail waits for a resend)."""
    emails = OutboxEmail.objects.defer("body", "attachment").order_by("-created_at", "-pk")
    if state == SENT:
        return emails.filter(sent_at__isnull=False)
    if state == FAILED:
        return emails.filter(sent_at__isnull=True).exclude(last_error="")
    if state == PENDING:
        return emails.filter(sent_at__isnull=True, last_error="")
    return emails


def outbox_counts() -> dict[str, int]:
    return {key: outbox(state=key).count() for key, _label in STATES}


def failed_count() -> int:
    """The dashboard alert: e-mails whose last attempt failed."""
    return outbox(state=FAILED).count()


def resend(*, email: OutboxEmail) -> OutboxEmail:
    """Try an unsent e-mail again from the start (attempts back to zero); the
    error stays visible until the next attempt replaces or clears it."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
        if email.sent_at is not None:
            raise ServiceError(None, "이미 발송한 메일입니다. 다시 보낼 수 없습니다.")
        email.attempts = 0
        email.save(update_fields=["attempts"])
        transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(pk: int) -> None:
    """One short try (core.queue.enqueue): with the broker down the row
    waits for the beat job `flush_outbox`, and the request does not."""
    if not enqueue(send_outbox_email, pk):
        logger.warning("broker unavailable; e-mail %s stays in the outbox", pk)


def send_now(pk: int) -> bool:
    """Send one outbox e-mail if not sent yet. Returns True if this call sent it."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=pk, sent_at__isnull=True).first()
        if email is None:
            return False
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        if email.attachment_name:
            message.attach(email.attachment_name, bytes(email.attachment), email.attachment_type)
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            email.last_error = str(exc)[:300]
            email.save(update_fields=["attempts", "last_error"])
            raise
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


# The task lives beside the outbox it sends (core.tasks re-exports it), so the
# outbox needs no import of the tasks module: its registered name is unchanged.
@shared_task(
    bind=True,
    name="core.tasks.send_outbox_email",
    max_retries=5,
    default_retry_delay=60,
    acks_late=True,
)
def send_outbox_email(self, pk: int) -> bool:
    try:
        return send_now(pk)
    except Exception as exc:  # SMTP trouble: retry later, the row keeps the error
        raise self.retry(exc=exc) from exc
