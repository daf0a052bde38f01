import datetime as dt
import logging
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.errors import ServiceError
from core.mail import queue_email

from ..models import (
    Channel,
    ContentItem,
    ContentKind,
    Delivery,
    Metric,
    MonthlyFigure,
    NewsletterIssue,
    Subscriber,
)

logger = logging.getLogger(__name__)

NEWSLETTER = "newsletter"
CONFIRM_VALID_DAYS = 7


# --- newsletter subscriptions -------------------------------------------------------------


def subscribe(*, email: str, consent: dict, base_url: str) -> Subscriber:
    """Start (or restart) double opt-in. An already confirmed address is left
    as it is, and the answer does not reveal which case applied."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber is None:
            subscriber = Subscriber(email=email, **consent)
        else:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.confirm_token = secrets.token_urlsafe(32)
            subscriber.consent_version = consent["consent_version"]
            subscriber.consent_at = consent["consent_at"]
        subscriber.confirm_sent_at = timezone.now()
        subscriber.save()
        link = base_url + reverse("outreach:confirm", args=[subscriber.confirm_token])
        queue_email(
            to=email,
            subject="[서울시협동조합지원센터] 뉴스레터 구독을 확인해 주세요",
            body=(
                "서울시협동조합지원센터 뉴스레터 구독 신청을 받았습니다.\n\n"
                f"아래 주소를 열어 구독을 확인해 주세요 ({CONFIRM_VALID_DAYS}일 동안 유효):\n"
                f"{link}\n\n"
                "신청하지 않으셨다면 이 메일을 무시해 주세요. 확인하지 않으면 "
                "뉴스레터가 발송되지 않습니다."
            ),
        )
    return subscriber


def confirm(token: str) -> Subscriber:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(confirm_token=token).first()
        if subscriber is None:
            raise ServiceError(None, "확인 링크가 올바르지 않습니다.")
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            raise ServiceError(
                None, "구독을 해지한 주소입니다. 다시 구독하려면 새로 신청해 주세요."
            )
        sent = subscriber.confirm_sent_at or subscriber.created_at
        if timezone.now() - sent > dt.timedelta(days=CONFIRM_VALID_DAYS):
            raise ServiceError(None, "확인 링크의 유효기간이 지났습니다. 다시 신청해 주세요.")
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def unsubscribe(token: str) -> Subscriber:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(unsubscribe_token=token).first()
        if subscriber is None:
            raise ServiceError(None, "구독 해지 링크가 올바르지 않습니다.")
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
        # Anything still waiting for this address is never sent.
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED
        )
    return subscriber


# --- newsletter sending ------------------------------------------------------------------

BATCH_SIZE = 100


def start_sending(*, issue: NewsletterIssue, base_url: str) -> list[list[int]]:
    """Create one delivery per confirmed subscriber and mark the issue as
    sending; returns the batches of delivery ids to hand to the task."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != NewsletterIssue.Status.DRAFT:
            raise ServiceError(None, "이미 발송한 뉴스레터입니다.")
        subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber=s) for s in subscribers.only("pk")],
            ignore_conflicts=True,
            batch_size=500,
        )
        issue.status = NewsletterIssue.Status.SENDING
        issue.base_url = base_url
        issue.send_started_at = timezone.now()
        issue.save(update_fields=["status", "base_url", "send_started_at"])
    ids = list(
        Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


def claim(delivery_id: int) -> Delivery | None:
    """Atomically take a pending delivery for sending (pending → sending).
    Only one caller ever gets it; an address that is no longer confirmed is
    marked skipped instead."""
    now = timezone.now()
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).values("pk")
    taken = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, subscriber__in=confirmed
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SKIPPED
        )
        return None
    return Delivery.objects.select_related("issue", "subscriber").get(pk=delivery_id)


def newsletter_message(delivery: Delivery) -> EmailMessage:
    issue = delivery.issue
    link = issue.base_url + reverse(
        "outreach:unsubscribe", args=[delivery.subscriber.unsubscribe_token]
    )
    body = (
        f"{issue.body}\n\n---\n"
        "이 메일은 서울시협동조합지원센터 뉴스레터 구독을 확인하신 분께 보냅니다.\n"
        f"구독 해지: {link}"
    )
    from urllib.parse import urlsplit

    from django.core.mail.utils import DNS_NAME

    domain = urlsplit(issue.base_url).hostname or str(DNS_NAME)
    return EmailMessage(
        subject=f"[서울시협동조합지원센터 뉴스레터] {issue.title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.subscriber.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every attempt: a resend after a crash right after
            # the SMTP hand-over is recognisable (and dropped) as the same message.
            "Message-ID": f"<newsletter-{issue.pk}-{delivery.subscriber_id}@{domain}>",
        },
    )


def send_delivery(delivery_id: int) -> bool:
    """Send one delivery if this call can claim it. Returns True if it sent.

    On a sending error the delivery goes back to pending (so a retry may
    take it again) and the error is raised. A worker killed while sending
    leaves it 'sending'; `sweep_deliveries` puts it back to pending once no
    live task can own it. What counts as sent is this row's status, set in
    one statement right after the hand-over (the 발송 figure is recounted
    from these rows, never incremented on the side)."""
    delivery = claim(delivery_id)
    if delivery is None:
        return False
    try:
        newsletter_message(delivery).send()
    except Exception as exc:
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING, last_error=str(exc)[:300]
        )
        raise
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def send_batch(delivery_ids: Iterable[int]) -> tuple[int, list[Exception]]:
    """Send each delivery of a batch; returns (sent, errors)."""
    sent = 0
    errors: list[Exception] = []
    for pk in delivery_ids:
        try:
            sent += send_delivery(pk)
        except Exception as exc:  # one bad address must not stop the batch
            logger.warning("newsletter delivery %s failed: %s", pk, exc)
            errors.append(exc)
    if sent:
        local = timezone.localdate()
        recount_sends([(local.year, local.month)])
    return sent, errors


def recount_sends(months: Iterable[tuple[int, int]]) -> None:
    """Set 뉴스레터 발송 of each (year, month) to the number of deliveries sent
    in that (Seoul) month: one source of truth, so a crash, a retry or a
    sweep can never make the figure drift from the mails written. Months in
    which the portal sent nothing keep what was entered or imported."""
    channel = Channel.objects.filter(slug=NEWSLETTER).first()
    if channel is None:
        return
    for year, month in sorted(set(months)):
        start = timezone.make_aware(dt.datetime(year, month, 1))
        end = timezone.make_aware(dt.datetime(year + month // 12, month % 12 + 1, 1))
        sent = Delivery.objects.filter(
            status=Delivery.Status.SENT, sent_at__gte=start, sent_at__lt=end
        ).count()
        lookup = {"channel": channel, "metric": Metric.SENDS, "year": year, "month": month}
        with transaction.atomic():
            if MonthlyFigure.objects.filter(**lookup).update(value=sent):
                continue
            try:
                with transaction.atomic():
                    MonthlyFigure.objects.create(**lookup, value=sent)
            except IntegrityError:
                MonthlyFigure.objects.filter(**lookup).update(value=sent)


def _sent_months(issue_ids: Iterable[int]) -> set[tuple[int, int]]:
    moments = Delivery.objects.filter(
        issue_id__in=list(issue_ids), status=Delivery.Status.SENT
    ).datetimes("sent_at", "month", tzinfo=timezone.get_current_timezone())
    return {(m.year, m.month) for m in moments}


def sweep_deliveries(
    *, requeue: Callable[[int, list[list[int]]], None], now: dt.datetime | None = None
) -> int:
    """Beat: finish what dead workers left of issues still being sent.

    - a delivery claimed ('sending') longer ago than a batch may run
      (NEWSLETTER_STALE_AFTER, above the task's hard time limit) has no
      live owner: back to pending;
    - those, and the pending deliveries of an issue nobody has claimed from
      for that long (its batches were lost), are queued again. The claim
      (pending → sending) lets only one task send each, so a sweep that
      runs twice, or a batch redelivered meanwhile, never sends twice;
    - the 발송 figure is recounted and finished issues are marked sent.
    `requeue(issue_id, batches)` hands batches to the queue: the beat task
    passes `outreach.tasks.enqueue_batches`, so this module never imports
    the task module (which imports it). Returns how many deliveries were
    handed over again."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.NEWSLETTER_STALE_AFTER)
    sending = NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING)
    handed = 0
    for issue in sending.only("pk", "send_started_at"):
        stale = Delivery.objects.filter(
            issue=issue, status=Delivery.Status.SENDING, claimed_at__lt=cutoff
        )
        revived = list(stale.values_list("pk", flat=True))
        if revived:
            Delivery.objects.filter(pk__in=revived, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.PENDING,
                last_error="발송 중 작업이 멈춰 다시 보냅니다.",
            )
            logger.warning(
                "newsletter %s: %s stale deliveries back to pending", issue.pk, len(revived)
            )
        recent = Delivery.objects.filter(issue=issue, claimed_at__gte=cutoff).exists()
        started_long_ago = issue.send_started_at is None or issue.send_started_at < cutoff
        if not recent and started_long_ago:
            ids = list(
                Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            ids = sorted(revived)
        if ids:
            handed += len(ids)
            requeue(issue.pk, [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)])
        finish_issue_if_done(issue.pk)
    issue_ids = list(
        NewsletterIssue.objects.filter(
            Q(status=NewsletterIssue.Status.SENDING) | Q(sent_at__gte=now - dt.timedelta(days=1))
        ).values_list("pk", flat=True)
    )
    recount_sends(_sent_months(issue_ids))
    return handed


def give_up(delivery_ids: Iterable[int]) -> int:
    """After the last retry: what is still pending is marked failed."""
    return Delivery.objects.filter(
        pk__in=list(delivery_ids), status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.FAILED)


def finish_issue_if_done(issue_id: int) -> bool:
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if issue.status != NewsletterIssue.Status.SENDING:
            return issue.status == NewsletterIssue.Status.SENT
        unfinished = (Delivery.Status.PENDING, Delivery.Status.SENDING)
        if issue.deliveries.filter(status__in=unfinished).exists():
            return False  # a 'sending' one may belong to a dead worker: the sweeper decides
        issue.status = NewsletterIssue.Status.SENT
        issue.sent_at = timezone.now()
        if issue.content_item_id is None:
            # A sent issue is one piece of content (뉴스레터) of its month.
            issue.content_item = ContentItem.objects.create(
                kind=ContentKind.NEWSLETTER,
                title=issue.title,
                date=timezone.localdate(issue.sent_at),
                author_user=issue.created_by,
            )
            channel = Channel.objects.filter(slug=NEWSLETTER).first()
            if channel is not None:
                issue.content_item.channels.add(channel)
        issue.save(update_fields=["status", "sent_at", "content_item"])
        return True
