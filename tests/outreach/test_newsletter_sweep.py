"""A newsletter send that a dead worker left half-done is finished, once.

A pool process killed mid-send leaves its delivery 'sending' (claimed, never
sent) and stops its batch; the batch comes back (acks_late) and sends the
rest but skips the claimed one. The beat sweeper puts deliveries claimed
longer ago than a batch may run back to pending and sends them, exactly once,
and the 발송 figure is counted from the same delivery rows, so it equals the
mails written and the subscribers."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from outreach import services, tasks
from outreach.models import Delivery, MonthlyFigure, NewsletterIssue

from .factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What the process sees when it is killed: nothing catches it."""


def _crash_on(addresses):
    real_send = EmailMessage.send
    crashed = set()

    def send(self, *args, **kwargs):
        if self.to[0] in addresses and self.to[0] not in crashed:
            crashed.add(self.to[0])
            raise WorkerKilled
        return real_send(self, *args, **kwargs)

    return mock.patch.object(EmailMessage, "send", send)


def _age_claims(minutes):
    Delivery.objects.filter(status=Delivery.Status.SENDING).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def _sends_figure() -> int:
    month = timezone.localdate()
    figure = MonthlyFigure.objects.filter(
        channel__slug="newsletter", metric="sends", year=month.year, month=month.month
    ).first()
    return figure.value if figure else 0


def test_crash_mid_send_is_swept_and_resent_once_and_the_figure_matches(channels):
    subscribers = SubscriberFactory.create_batch(6)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    victims = {subscribers[1].email, subscribers[4].email}

    # Two pool processes die mid-send (each time the batch is redelivered).
    with _crash_on(victims):
        for _ in range(3):
            try:
                tasks.send_newsletter_batch.apply(args=[issue.pk, batch]).get()
            except WorkerKilled:
                pass
    stuck = Delivery.objects.filter(status=Delivery.Status.SENDING)
    assert sorted(d.subscriber.email for d in stuck) == sorted(victims)
    assert len(mail.outbox) == 4
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING  # not "sent" with two missing

    # Within a batch's time limit the claims may still be live: left alone.
    assert tasks.sweep_newsletter_deliveries() == 0
    assert len(mail.outbox) == 4

    # Past it, the sweeper takes them back and sends them, once.
    _age_claims(settings.NEWSLETTER_STALE_AFTER // 60 + 1)
    assert tasks.sweep_newsletter_deliveries.apply().get() == 2
    assert tasks.sweep_newsletter_deliveries.apply().get() == 0  # a second sweep: nothing
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == len(subscribers)
    assert _sends_figure() == len(mail.outbox) == len(subscribers)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_figure_is_recounted_from_the_rows_not_a_separate_counter(channels):
    """A crash between the send and the counter used to leave 발송 one short
    (398 for 399 mails); the figure is now the count of sent rows."""
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    services.send_batch(batch)
    month = timezone.localdate()
    MonthlyFigure.objects.filter(channel__slug="newsletter", metric="sends").update(value=1)
    tasks.sweep_newsletter_deliveries()
    assert _sends_figure() == 3 == len(mail.outbox)
    assert month.month == timezone.localdate().month


def test_sweeper_requeues_pending_deliveries_of_a_stalled_issue(channels):
    """The batches were lost (broker down when the manager pressed 발송, or
    the worker killed with its messages): nothing claims for a while, so
    the sweeper hands the pending deliveries over again."""
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    services.start_sending(issue=issue, base_url="http://testserver")  # batches never queued
    assert tasks.sweep_newsletter_deliveries() == 0 and mail.outbox == []  # just started: wait
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        send_started_at=timezone.now() - dt.timedelta(seconds=settings.NEWSLETTER_STALE_AFTER + 60)
    )
    assert tasks.sweep_newsletter_deliveries() == 3
    assert len(mail.outbox) == 3 and _sends_figure() == 3
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_enqueue_of_an_issue_never_fails_the_request(channels, monkeypatch):
    SubscriberFactory.create_batch(2)
    issue = IssueFactory()
    batches = services.start_sending(issue=issue, base_url="http://testserver")
    monkeypatch.setattr(tasks, "enqueue", lambda task, *args, **options: False)
    tasks.enqueue_issue(issue.pk, batches)  # broker down: no exception
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2


def test_each_newsletter_mail_has_a_stable_message_id(channels):
    """A resend after a crash right after the SMTP hand-over carries the
    same Message-ID, so mailbox providers can drop the duplicate."""
    SubscriberFactory.create_batch(1)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    delivery = Delivery.objects.get(pk=batch[0])
    first = services.newsletter_message(delivery).message()["Message-ID"]
    again = services.newsletter_message(delivery).message()["Message-ID"]
    assert first == again and f"newsletter-{issue.pk}-{delivery.subscriber_id}" in first


def test_beat_runs_the_sweeper():
    entry = settings.CELERY_BEAT_SCHEDULE["outreach-sweep-newsletter-deliveries"]
    assert entry["task"] == "outreach.tasks.sweep_newsletter_deliveries"
    assert entry["schedule"] <= settings.NEWSLETTER_STALE_AFTER
