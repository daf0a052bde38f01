from celery import shared_task

from core.queue import enqueue

from . import services


@shared_task
def roll_up_page_views() -> int:
    """Daily: add finished days' page views and visitors to 홈페이지 방문/조회."""
    return services.roll_up_page_views()


@shared_task
def flush_page_views() -> int:
    """Every minute: move the page views counted in Redis to the days' rows."""
    return services.flush_page_views()


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True)
def send_newsletter_batch(self, issue_id: int, delivery_ids: list[int]) -> int:
    """Send one batch. Each delivery is claimed atomically before its e-mail
    goes out, so running this twice (a retry, a duplicated message) never
    sends anyone the issue twice. Failed sends go back to pending and the
    batch is retried; sent ones are skipped on the retry. A batch cut short
    by a dead worker is finished by `sweep_newsletter_deliveries`."""
    sent, errors = services.send_batch(delivery_ids)
    if errors:
        if self.request.retries >= self.max_retries:
            services.give_up(delivery_ids)
            services.finish_issue_if_done(issue_id)
            return sent
        raise self.retry(exc=errors[0])
    services.finish_issue_if_done(issue_id)
    return sent


@shared_task
def sweep_newsletter_deliveries() -> int:
    """Beat: deliveries left 'sending' by a dead worker go back to pending and
    are sent (once); lost batches are queued again; 발송 is recounted."""
    return services.sweep_deliveries(requeue=enqueue_batches)


def enqueue_batches(issue_id: int, batches: list[list[int]]) -> None:
    """Queue the batches; with the broker down they stay pending and the
    sweeper queues them later (the manager's request does not fail or wait)."""
    for batch in batches:
        if not enqueue(send_newsletter_batch, issue_id, batch):
            break


def enqueue_issue(issue_id: int, batches: list[list[int]]) -> None:
    enqueue_batches(issue_id, batches)
    if not batches:
        services.finish_issue_if_done(issue_id)
