"""A real Celery worker on Redis: a retried and a duplicated batch never
e-mail anyone twice."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage

from outreach import services
from outreach.models import Delivery, MonthlyFigure, NewsletterIssue

from .factories import IssueFactory, SubscriberFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from outreach import tasks
    from portal.celery import app

    saved = (
        app.conf.task_always_eager,
        app.conf.broker_url,
        app.conf.result_backend,
        tasks.send_newsletter_batch.default_retry_delay,
    )
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    app.conf.result_backend = settings.REDIS_URL
    tasks.send_newsletter_batch.default_retry_delay = 0.2
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    (
        app.conf.task_always_eager,
        app.conf.broker_url,
        app.conf.result_backend,
        tasks.send_newsletter_batch.default_retry_delay,
    ) = saved


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_retried_and_duplicated_batch_sends_exactly_once_per_subscriber(worker):
    from outreach.demo import _channels
    from outreach.tasks import send_newsletter_batch

    _channels()
    subscribers = SubscriberFactory.create_batch(5)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    flaky_address = subscribers[1].email
    real_send = EmailMessage.send
    failures = {"n": 0}

    def flaky(self, *args, **kwargs):
        if self.to == [flaky_address] and failures["n"] == 0:
            failures["n"] += 1
            raise OSError("SMTP 서버가 응답하지 않습니다")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", flaky):
        # The same batch twice (a duplicated message), the first one failing once.
        first = send_newsletter_batch.delay(issue.pk, batch)
        second = send_newsletter_batch.delay(issue.pk, batch)
        assert wait_until(
            lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5
        ), list(Delivery.objects.values_list("status", "last_error"))
        assert wait_until(lambda: first.ready() and second.ready())
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(s.email for s in subscribers)
    assert failures["n"] == 1
    flaky_delivery = Delivery.objects.get(subscriber__email=flaky_address)
    assert flaky_delivery.attempts == 2
    assert MonthlyFigure.objects.get(channel__slug="newsletter", metric="sends").value == 5
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
