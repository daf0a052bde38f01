from celery import shared_task

from . import idempotency, mail, privacy
from .mail import send_outbox_email  # noqa: F401  (defined beside the outbox, named core.tasks.…)


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
    return privacy.destroy_expired_personal_data()


@shared_task
def purge_idempotency_keys() -> int:
    """Forget form and API idempotency keys past their lifetime."""
    return idempotency.purge_expired()
