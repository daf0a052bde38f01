from celery import shared_task

from . import mail


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_outbox_email(self, pk: int) -> bool:
    try:
        return mail.send_now(pk)
    except Exception as exc:  # SMTP trouble: retry later, the row keeps the error
        raise self.retry(exc=exc) from exc


@shared_task
def flush_outbox(limit: int = 200) -> int:
    """Send what is still pending (e.g. queued while the broker was down)."""
    pending = mail.OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=10).values_list(
        "pk", flat=True
    )[:limit]
    sent = 0
    for pk in list(pending):
        try:
            sent += mail.send_now(pk)
        except Exception:
            continue
    return sent


@shared_task
def destroy_expired_personal_data() -> dict:
    from .privacy import destroy_expired_personal_data as destroy

    return destroy()


@shared_task
def purge_idempotency_keys() -> int:
    """Forget form and API idempotency keys past their lifetime."""
    from .idempotency import purge_expired

    return purge_expired()
