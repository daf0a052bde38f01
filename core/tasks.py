from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import idempotency, jobs, mail, privacy, rollups
from .mail import send_outbox_email  # noqa: F401  (defined beside the outbox, named core.tasks.…)
from .queue import enqueue


@shared_task
def flush_outbox(limit: int = 200) -> int:
    """Send what is still pending (e.g. queued while the broker was down)."""
    pending = mail.OutboxEmail.objects.filter(
        sent_at__isnull=True, attempts__lt=mail.OUTBOX_MAX_ATTEMPTS
    ).values_list("pk", flat=True)[:limit]
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


# The longest task of the portal (the annual report runs here): its hard
# limit sets the broker's visibility timeout and JOB_STALE_AFTER.
@shared_task(
    acks_late=True,
    soft_time_limit=settings.JOB_SOFT_TIME_LIMIT,
    time_limit=settings.JOB_TIME_LIMIT,
)
def run_job(job_id: int) -> str:
    """An export, import or built file a person started (core.jobs):
    idempotent, a job already claimed or ended is left alone."""
    return jobs.run(job_id)


def queue_job(job_id: int) -> None:
    """Hand a job to the task after the surrounding transaction commits; with
    the broker down it shows as interrupted at once."""

    def hand_over():
        if not enqueue(run_job, job_id):
            jobs.queue_down(job_id)

    transaction.on_commit(hand_over)


@shared_task
def sweep_stale_jobs() -> int:
    """Beat: jobs whose task was lost show as 중단됨 (다시 시작); old uploads
    and built files are deleted."""
    return jobs.mark_interrupted() + jobs.purge_expired_files()


@shared_task
def refresh_rollups() -> dict:
    """Beat, nightly: recount the closed months of this year and the last
    (writes that sent no signals, such as a bulk load, show up by morning)."""
    year = timezone.localdate().year
    return rollups.refresh_all([year - 1, year])
