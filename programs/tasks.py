"""Periodic jobs of programs. Idempotent: a second run finds nothing to do."""

from celery import shared_task

from . import services


@shared_task
def purge_held_uploads() -> int:
    """Delete documents kept for application forms that were never submitted
    (older than HeldUpload.HOURS; beat: hourly)."""
    return services.purge_held_uploads()
