"""Outgoing e-mail through a database outbox.

`queue_email` stores the message in the same transaction as the record it is
about, then (after commit) asks Celery to send it. If the broker is down the
row simply waits: the beat job `center.tasks.flush_outbox` sends whatever is
still pending. Sending marks the row under a row lock, so a retried or
duplicated task never sends the same message twice.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class OutboxEmail(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    to = models.EmailField("받는 사람")
    subject = models.CharField("제목", max_length=200)
    body = models.TextField("본문")
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(blank=True, default=b"")
    key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="같은 메일을 두 번 만들지 않기 위한 키 (예: booking-12-confirm)",
    )
    sent_at = models.DateTimeField("발송", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        app_label = "center"
        ordering = ["-created_at"]
        verbose_name = "발송 메일"
        verbose_name_plural = "발송 메일"

    def __str__(self):
        return f"{self.to} {self.subject}"


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


def _enqueue(pk: int) -> None:
    """One short try (center.celery.enqueue): with the broker down the row
    waits for the beat job `flush_outbox`, and the request does not."""
    from .celery import enqueue
    from .tasks import send_outbox_email

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
        email.save(update_fields=["attempts", "sent_at"])
        return True
