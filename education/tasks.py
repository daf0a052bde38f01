from celery import shared_task

from . import services


@shared_task
def send_survey_invitations() -> int:
    """Hourly: survey links to sign-ups of sessions that just ended (idempotent)."""
    return services.send_survey_invitations()
