from celery import shared_task

from . import services


@shared_task
def roll_up_page_views() -> int:
    """Daily: add finished days' page views and visitors to 홈페이지 방문/조회."""
    return services.roll_up_page_views()


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True)
def send_newsletter_batch(self, issue_id: int, delivery_ids: list[int]) -> int:
    """Send one batch. Each delivery is claimed atomically before its e-mail
    goes out, so running this twice (a retry, a duplicated message) never
    sends anyone the issue twice. Failed sends go back to pending and the
    batch is retried; sent ones are skipped on the retry."""
    sent, errors = services.send_batch(delivery_ids)
    if errors:
        if self.request.retries >= self.max_retries:
            services.give_up(delivery_ids)
            services.finish_issue_if_done(issue_id)
            return sent
        raise self.retry(exc=errors[0])
    services.finish_issue_if_done(issue_id)
    return sent


def enqueue_issue(issue_id: int, batches: list[list[int]]) -> None:
    for batch in batches:
        send_newsletter_batch.delay(issue_id, batch)
    if not batches:
        services.finish_issue_if_done(issue_id)
