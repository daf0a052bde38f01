import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from core.cache import redis_client

from ..models import (
    Channel,
    DailyPageView,
    DailyVisitor,
    Metric,
)
from .figures import add_to_figure

logger = logging.getLogger(__name__)

HOMEPAGE = "homepage"


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


# With a shared cache (Redis), a page view costs no SQL: the day's views are
# counted in the cache and moved to its row by `flush_page_views` (beat, every
# minute, and before every roll-up); a visitor already seen today is known to
# the cache and not inserted again. Without one (a laptop) the row is updated
# at once. A failing cache falls back to the database for that view.
VIEWS_KEY = "outreach:pageviews:{}"
SEEN_KEY = "outreach:visitor:{}:{}"
BUFFER_SECONDS = 3 * 24 * 3600


def _shared_cache() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def count_page_view(*, ip: str, user_agent: str, day: dt.date | None = None) -> None:
    """With a shared cache: one pipeline of cache commands (the day's count,
    its expiry, the visitor seen), plus one insert for a new visitor of the
    day. Otherwise two queries once the day's row exists: an atomic F()
    update and an insert that ignores a visitor already seen."""
    day = day or timezone.localdate()
    pk, salt = _day_row(day)
    digest = hashlib.sha256(f"{salt}|{ip}|{user_agent}".encode()).hexdigest()
    if _shared_cache():
        try:
            if _count_in_cache(day, digest):
                DailyVisitor.objects.bulk_create(
                    [DailyVisitor(date=day, digest=digest)], ignore_conflicts=True
                )
            return
        except Exception:  # Redis down: count this one in the database
            logger.warning("page views: cache unavailable, counting in the database")
    if not DailyPageView.objects.filter(pk=pk, date=day).update(views=F("views") + 1):
        _day_cache.pop(day, None)  # the row went away (tests, manual clean-up)
        pk, salt = _day_row(day)
        DailyPageView.objects.filter(pk=pk).update(views=F("views") + 1)
    DailyVisitor.objects.bulk_create([DailyVisitor(date=day, digest=digest)], ignore_conflicts=True)


def _count_in_cache(day: dt.date, digest: str) -> bool:
    """Add the view to the day's count in the cache; True for a visitor not
    seen today. One round trip to Redis (four through Django's cache API)."""
    views = VIEWS_KEY.format(day.isoformat())
    seen = SEEN_KEY.format(day.isoformat(), digest)
    client = redis_client()
    if client is None:  # another shared cache: its own API
        if not cache.add(views, 1, timeout=BUFFER_SECONDS):
            cache.incr(views)
        return cache.add(seen, 1, timeout=BUFFER_SECONDS)
    views, seen = cache.make_and_validate_key(views), cache.make_and_validate_key(seen)
    pipe = client.pipeline(transaction=False)
    pipe.incr(views)
    pipe.expire(views, BUFFER_SECONDS)
    pipe.set(seen, 1, nx=True, ex=BUFFER_SECONDS)
    return bool(pipe.execute()[2])


def flush_page_views(*, today: dt.date | None = None) -> int:
    """Move the views counted in the cache (the last three days) to their
    days' rows; returns how many. The cache is decremented first, so a
    crash between the two loses views rather than counting them twice."""
    if not _shared_cache():
        return 0
    today = today or timezone.localdate()
    moved = 0
    for back in range(3):
        day = today - dt.timedelta(days=back)
        key = VIEWS_KEY.format(day.isoformat())
        try:
            count = int(cache.get(key) or 0)
            if count <= 0:
                continue
            cache.decr(key, count)
        except Exception:
            logger.warning("page views: cache unavailable, flush skipped", exc_info=True)
            return moved
        updated = DailyPageView.objects.filter(date=day).update(views=F("views") + count)
        if not updated:
            DailyPageView.objects.create(date=day, salt=secrets.token_hex(32), views=count)
        moved += count
    return moved


def roll_up_page_views(today: dt.date | None = None) -> int:
    """Add every finished day's counts to 홈페이지 방문 (visitors) and 조회 (page
    views), then forget that day's salt and digests. Idempotent: a day is
    rolled once, under a row lock. Returns the number of days rolled."""
    today = today or timezone.localdate()
    flush_page_views(today=today)
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
    pending = 0
    if _shared_cache():
        try:
            pending = int(cache.get(VIEWS_KEY.format(day.isoformat())) or 0)
        except Exception:
            pending = 0
    visitors = DailyVisitor.objects.filter(date=day).aggregate(n=Count("pk"))["n"]
    return (row.views if row else 0) + pending, visitors
