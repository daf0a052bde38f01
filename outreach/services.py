"""Writes with rules: monthly figures (grid, import, counters), the page-view
counter's roll-up, newsletter subscriptions and sends, survey answers."""

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from core import importing
from core.display import format_date
from core.errors import ServiceError
from core.korean import josa
from core.mail import queue_email

from .models import (
    Channel,
    DailyPageView,
    DailyVisitor,
    Delivery,
    Metric,
    MonthlyFigure,
    NewsletterIssue,
    Subscriber,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
)

logger = logging.getLogger(__name__)

HOMEPAGE = "homepage"
NEWSLETTER = "newsletter"
CONFIRM_VALID_DAYS = 7


# --- monthly figures --------------------------------------------------------------------


def add_to_figure(*, channel: Channel, metric: str, year: int, month: int, delta: int) -> None:
    """Add `delta` to a monthly figure, creating it at 0 first; safe under concurrency
    (an atomic F() update, and a unique constraint for the first writer)."""
    lookup = {"channel": channel, "metric": metric, "year": year, "month": month}
    with transaction.atomic():
        if MonthlyFigure.objects.filter(**lookup).update(value=F("value") + delta):
            return
        try:
            with transaction.atomic():
                MonthlyFigure.objects.create(**lookup, value=delta)
                return
        except IntegrityError:
            pass
        MonthlyFigure.objects.filter(**lookup).update(value=F("value") + delta)


def save_month(*, year: int, month: int, values: dict[tuple[int, str], int | None]) -> int:
    """Store a whole month of the grid at once: (channel pk, metric) → value.

    None removes the figure. All or nothing: any invalid value raises
    ValidationError before anything is written. Returns the number of cells stored."""
    if any(v is not None and v < 0 for v in values.values()):
        raise ServiceError(None, "음수는 입력할 수 없습니다.")
    stored = 0
    with transaction.atomic():
        existing = {
            (f.channel_id, f.metric): f
            for f in MonthlyFigure.objects.select_for_update().filter(year=year, month=month)
        }
        for (channel_id, metric), value in values.items():
            figure = existing.get((channel_id, metric))
            if value is None:
                if figure is not None:
                    figure.delete()
                continue
            if figure is None:
                MonthlyFigure.objects.create(
                    channel_id=channel_id, metric=metric, year=year, month=month, value=value
                )
            elif figure.value != value:
                figure.value = value
                figure.save(update_fields=["value", "updated_at"])
            stored += 1
    return stored


@dataclass
class ImportRow:
    line: int
    channel: Channel
    metric: str
    year: int
    month: int
    value: int


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


HEADERS = ["채널", "지표", "연도", "월", "값"]


def parse_numbered(numbered: list[tuple[int, list]]) -> list[ImportRow]:
    """Validate (sheet row number, [채널, 지표, 연도, 월, 값]) pairs."""
    channels = {c.name: c for c in Channel.objects.all()} | {
        c.slug: c for c in Channel.objects.all()
    }
    metric_by_label = {label: value for value, label in Metric.choices} | {
        value: value for value in Metric.values
    }
    errors: list[str] = []
    parsed: list[ImportRow] = []
    seen: dict[tuple, int] = {}
    for number, row in numbered:
        cells = [("" if c is None else str(c).strip()) for c in (list(row) + [None] * 5)[:5]]
        if not any(cells):
            continue
        name, metric_label, year_s, month_s, value_s = cells
        row_errors = []
        channel = channels.get(name)
        if channel is None:
            row_errors.append(f"{josa(f'채널 ‘{name}’', '이/가')} 없습니다")
        metric = metric_by_label.get(metric_label)
        if metric is None:
            row_errors.append(f"{josa(f'지표 ‘{metric_label}’', '을/를')} 알 수 없습니다")
        elif channel is not None and metric not in channel.metrics:
            row_errors.append(f"{channel.name}에는 ‘{metric_label}’ 지표가 없습니다")
        year = _int(year_s)
        if year is None or not settings.FIRST_FISCAL_YEAR <= year <= 2100:
            row_errors.append("연도가 올바르지 않습니다")
        month = _int(month_s)
        if month is None or not 1 <= month <= 12:
            row_errors.append("월은 1~12 사이여야 합니다")
        value = _int(value_s.replace(",", ""))
        if value is None:
            row_errors.append("값은 정수여야 합니다")
        elif value < 0:
            row_errors.append("값은 0 이상이어야 합니다")
        if not row_errors:
            key = (channel.pk, metric, year, month)
            if key in seen:
                row_errors.append(f"{seen[key]}행과 같은 채널·지표·월이 두 번 있습니다")
            seen[key] = number
        if row_errors:
            errors.append(f"{number}행: " + ", ".join(row_errors) + ".")
        else:
            parsed.append(ImportRow(number, channel, metric, year, month, value))
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed(["가져올 행이 없습니다."])
    return parsed


def _int(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    try:
        return int(text)
    except ValueError:
        return None


def import_figures(name: str, content: bytes) -> int:
    """Import monthly figures from XLSX/CSV, all or nothing. Existing figures of
    the same channel, metric and month are replaced. Returns rows imported.

    The same reader (row cap, encoding) and importer as `manage.py
    import_records outreach_metrics FILE`."""
    try:
        rows = importing.read_rows(content, name)
    except importing.ImportFileError as exc:
        raise ImportFailed([str(exc)]) from exc
    result = importing.run_import("outreach_metrics", rows)
    if result.errors:
        raise ImportFailed(result.errors)
    return result.saved


def registry_import(rows, *, user=None, commit=True) -> importing.ImportResult:
    """The `outreach_metrics` importer (registered in OutreachConfig.ready()):
    rows keyed by the header row."""
    result = importing.ImportResult(columns=list(HEADERS))
    missing = [h for h in HEADERS if rows and h not in rows[0].values]
    if missing:
        result.errors.append(f"1행: 머리글에 {', '.join(missing)} 열이 없습니다.")
        return result
    numbered = [(row.number, [row.get(h) for h in HEADERS]) for row in rows]
    try:
        parsed = parse_numbered(numbered)
    except ImportFailed as exc:
        result.errors.extend(exc.errors)
        return result
    result.preview = [
        [r.channel.name, dict(Metric.choices)[r.metric], r.year, r.month, r.value]
        for r in parsed[:20]
    ]
    if commit:
        _store(parsed)
    result.saved = len(parsed)
    return result


def _store(rows: list[ImportRow]) -> None:
    with transaction.atomic():
        for row in rows:
            MonthlyFigure.objects.update_or_create(
                channel=row.channel,
                metric=row.metric,
                year=row.year,
                month=row.month,
                defaults={"value": row.value},
            )


# --- the portal's own page-view counter --------------------------------------------------


_day_cache: dict[dt.date, tuple[int, str]] = {}


def _day_row(day: dt.date) -> tuple[int, str]:
    """(pk, salt) of the day's counter row, created on the day's first view.
    Cached per process: a day's salt never changes until the day is over."""
    cached = _day_cache.get(day)
    if cached is not None:
        return cached
    row = DailyPageView.objects.filter(date=day).only("pk", "salt").first()
    if row is None:
        try:
            with transaction.atomic():
                row = DailyPageView.objects.create(date=day, salt=secrets.token_hex(32))
        except IntegrityError:
            row = DailyPageView.objects.get(date=day)
    _day_cache.clear()  # keep only today
    _day_cache[day] = (row.pk, row.salt)
    return _day_cache[day]


def count_page_view(*, ip: str, user_agent: str, day: dt.date | None = None) -> None:
    """Two queries per view once the day's row exists: an atomic F() update
    and an insert that ignores a visitor already seen today."""
    day = day or timezone.localdate()
    pk, salt = _day_row(day)
    if not DailyPageView.objects.filter(pk=pk, date=day).update(views=F("views") + 1):
        _day_cache.pop(day, None)  # the row went away (tests, manual clean-up)
        pk, salt = _day_row(day)
        DailyPageView.objects.filter(pk=pk).update(views=F("views") + 1)
    digest = hashlib.sha256(f"{salt}|{ip}|{user_agent}".encode()).hexdigest()
    DailyVisitor.objects.bulk_create([DailyVisitor(date=day, digest=digest)], ignore_conflicts=True)


def roll_up_page_views(today: dt.date | None = None) -> int:
    """Add every finished day's counts to 홈페이지 방문 (visitors) and 조회 (page
    views), then forget that day's salt and digests. Idempotent: a day is
    rolled once, under a row lock. Returns the number of days rolled."""
    today = today or timezone.localdate()
    channel = Channel.objects.filter(slug=HOMEPAGE).first()
    rolled = 0
    pending = DailyPageView.objects.filter(date__lt=today, rolled_up=False).values_list(
        "pk", flat=True
    )
    for pk in list(pending):
        with transaction.atomic():
            day = DailyPageView.objects.select_for_update().filter(pk=pk, rolled_up=False).first()
            if day is None:
                continue
            visitors = DailyVisitor.objects.filter(date=day.date).count()
            if channel is not None:
                add_to_figure(
                    channel=channel,
                    metric=Metric.VISITS,
                    year=day.date.year,
                    month=day.date.month,
                    delta=visitors,
                )
                add_to_figure(
                    channel=channel,
                    metric=Metric.VIEWS,
                    year=day.date.year,
                    month=day.date.month,
                    delta=day.views,
                )
            DailyVisitor.objects.filter(date=day.date).delete()
            day.visitors = visitors
            day.salt = ""
            day.rolled_up = True
            day.save(update_fields=["visitors", "salt", "rolled_up"])
            rolled += 1
    return rolled


def todays_counts(day: dt.date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    row = DailyPageView.objects.filter(date=day).first()
    visitors = DailyVisitor.objects.filter(date=day).aggregate(n=Count("pk"))["n"]
    return (row.views if row else 0), visitors


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

    from django.conf import settings
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


def sweep_deliveries(*, now: dt.datetime | None = None) -> int:
    """Beat: finish what dead workers left of issues still being sent.

    - a delivery claimed ('sending') longer ago than a batch may run
      (NEWSLETTER_STALE_AFTER, above the task's hard time limit) has no
      live owner: back to pending;
    - those, and the pending deliveries of an issue nobody has claimed from
      for that long (its batches were lost), are queued again. The claim
      (pending → sending) lets only one task send each, so a sweep that
      runs twice, or a batch redelivered meanwhile, never sends twice;
    - the 발송 figure is recounted and finished issues are marked sent.
    Returns how many deliveries were handed over again."""
    from django.conf import settings

    from .tasks import enqueue_batches

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
            enqueue_batches(
                issue.pk, [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
            )
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
            from .models import ContentItem, ContentKind

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


# --- satisfaction survey -----------------------------------------------------------------


def kdate(day: dt.date) -> str:
    return format_date(day)


def save_survey(*, survey: Survey, questions: list[str] | None) -> Survey:
    """Save a survey and, when given, replace its questions (numbered from 1).
    Once anyone has answered, the questions stay as they were answered."""
    with transaction.atomic():
        if survey.pk:
            Survey.objects.select_for_update().filter(pk=survey.pk).first()
            answered = survey.recipients.filter(answered_at__isnull=False).exists()
            if questions is not None and answered:
                raise ServiceError("questions", "응답이 있어 문항을 바꿀 수 없습니다.")
        survey.save()
        if questions is not None:
            survey.questions.all().delete()
            SurveyQuestion.objects.bulk_create(
                SurveyQuestion(survey=survey, order=i, text=text)
                for i, text in enumerate(questions, start=1)
            )
    return survey


def add_recipients(*, survey, emails: list[str], group: str = "") -> int:
    """Add recipients (duplicates ignored); returns how many are new."""
    before = survey.recipients.count()
    SurveyRecipient.objects.bulk_create(
        [SurveyRecipient(survey=survey, email=e.strip().lower(), group=group) for e in emails],
        ignore_conflicts=True,
    )
    return survey.recipients.count() - before


def send_survey(*, survey, base_url: str) -> int:
    """E-mail each recipient not yet invited their own answer link."""
    count = 0
    with transaction.atomic():
        recipients = survey.recipients.select_for_update().filter(sent_at__isnull=True)
        for recipient in recipients:
            link = base_url + reverse("outreach:survey_answer", args=[recipient.token])
            queued = queue_email(
                to=recipient.email,
                subject=f"[서울시협동조합지원센터] {survey.title} 참여 요청",
                body=(
                    f"{survey.intro}\n\n"
                    f"조사 기간: {kdate(survey.opens_on)} ~ {kdate(survey.closes_on)}\n"
                    f"아래 주소에서 응답해 주세요 (문항마다 0~100점):\n{link}\n"
                ).strip(),
                key=f"outreach-survey-{recipient.pk}",
            )
            recipient.sent_at = timezone.now()
            recipient.save(update_fields=["sent_at"])
            count += queued is not None
    return count


def answer_survey(*, recipient: SurveyRecipient, values: dict[int, int]) -> None:
    """Store every answer of one recipient at once; a second submission is refused."""
    if any(not 0 <= v <= 100 for v in values.values()):
        raise ServiceError(None, "점수는 0에서 100 사이여야 합니다.")
    with transaction.atomic():
        recipient = SurveyRecipient.objects.select_for_update().get(pk=recipient.pk)
        if recipient.answered_at is not None:
            raise ServiceError(None, "이미 응답하셨습니다. 참여해 주셔서 감사합니다.")
        if not recipient.survey.is_open():
            raise ServiceError(None, "조사 기간이 아닙니다.")
        question_ids = set(recipient.survey.questions.values_list("pk", flat=True))
        if set(values) != question_ids:
            raise ServiceError(None, "모든 문항에 답해 주세요.")
        SurveyAnswer.objects.bulk_create(
            [SurveyAnswer(recipient=recipient, question_id=q, value=v) for q, v in values.items()]
        )
        recipient.answered_at = timezone.now()
        recipient.save(update_fields=["answered_at"])
