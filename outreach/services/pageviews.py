import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from ..models import (
    Channel,
    DailyPageView,
    DailyVisitor,
    Metric,
)
from .figures import add_to_figure

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
