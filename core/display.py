"""The portal's display rules, each defined once (templates reach them through
`core/templatetags/portal.py`):

- dates and datetimes in the official Korean form of the formats module
  (`core/formats/ko/formats.py`): 2021. 11. 4. and 2021. 11. 4. 14:00, datetimes
  in the local time zone;
- 천원 (thousand won), half-up and symmetric for negative amounts;
- counts with thousands separators (1,200), '-' for nothing;
- mean scores (x.x), half-up;
- the staff display name (full name, else the username);
- absolute URLs for e-mails, always from `settings.PUBLIC_BASE_URL`, never from
  the host of the request that happened to trigger the mail.

Rates (집행률, 달성률) live next door in `core/rates.py`; masking in `core/privacy.py`.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone

WEEKDAYS = "월화수목금토일"

# --- dates ---------------------------------------------------------------------------


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: dt.date | dt.datetime | None) -> str:
    """2021. 11. 4. (a datetime is taken in local time first); '' for nothing."""
    if value is None:
        return ""
    value = _local(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return formats.date_format(value, "DATE_FORMAT")


def format_datetime(value: dt.datetime | None) -> str:
    """2021. 11. 4. 14:00 in local time; '' for nothing."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")


def format_time(value: dt.time | dt.datetime | None) -> str:
    """14:00 (a datetime in local time); '' for nothing."""
    if value is None:
        return ""
    return formats.time_format(_local(value), "TIME_FORMAT")


def format_date_weekday(value: dt.date | None) -> str:
    """2021. 11. 4.(목): the date with its Korean weekday, as booking forms show it."""
    if value is None:
        return ""
    value = _local(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{format_date(value)}({WEEKDAYS[value.weekday()]})"


def format_month(value: dt.date | None) -> str:
    """2021년 11월 (YEAR_MONTH_FORMAT)."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "YEAR_MONTH_FORMAT")


# --- counts ---------------------------------------------------------------------------


def format_count(value) -> str:
    """A count or figure with thousands separators (1,200), '-' for nothing."""
    if value is None or value == "":
        return "-"
    return formats.number_format(value, force_grouping=True)


# --- numbers ---------------------------------------------------------------------------


def half_up(value, places: int = 0) -> Decimal:
    """`value` rounded half-up to `places` decimals (never float round(), which
    rounds half-even: round(2.5) == 2)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def thousand_won(won: int | None) -> int | None:
    """Won → thousand won, half-up away from zero: 2,500 → 3, 1,499 → 1,
    -2,500 → -3. None stays None."""
    if won is None or won == "":
        return None
    return int(half_up(Decimal(int(won)) / 1000))


MEAN_SCORE_PLACES = 1


def mean_score(total, count, places: int = MEAN_SCORE_PLACES) -> Decimal | None:
    """The mean of `count` answers summing to `total`, half-up to one decimal
    (4.65 → 4.7) or to `places`; None when there is no answer."""
    if not count or total is None:
        return None
    return half_up(Decimal(total) / Decimal(count), places)


# --- people ---------------------------------------------------------------------------


def staff_name(user) -> str:
    """The name a staff member is shown by: the full name, else the username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- absolute URLs ---------------------------------------------------------------------


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    """An absolute URL on PUBLIC_BASE_URL, for links in e-mails and files:
    absolute_url("/consult/") or absolute_url("education:public_session", pk)."""
    path = path_or_name
    if not path.startswith(("/", "http://", "https://")):
        try:
            path = reverse(path_or_name, args=args or None, kwargs=kwargs or None)
        except NoReverseMatch:
            if args or kwargs:
                raise
            path = "/" + path
    if path.startswith(("http://", "https://")):
        return path
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def base_url() -> str:
    """PUBLIC_BASE_URL without a trailing slash, for services that append paths."""
    return settings.PUBLIC_BASE_URL.rstrip("/")
