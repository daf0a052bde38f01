"""Periodic jobs of the citizens' side. Each is idempotent: the outbox key
stops a second run from sending the same e-mail again."""

from celery import shared_task

from . import services


@shared_task
def send_booking_reminders() -> int:
    """The day-before reminder for tomorrow's bookings (beat: daily)."""
    return services.send_reminders()


@shared_task
def notify_overdue_questions() -> int:
    """E-mail the team the online questions past their due date (beat: daily)."""
    return services.notify_overdue_questions()


@shared_task
def destroy_expired_question_documents() -> int:
    """Delete the stored files of questions whose personal data was destroyed."""
    return services.destroy_scrubbed_documents()
