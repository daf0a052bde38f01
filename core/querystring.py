"""The one way views read integers from the query string (or any user text).

`str.isdigit()` is true for `²`, `١٢` and `５`, which `int()` then refuses or
reads as a number no column can hold; a view that checks `isdigit()` and
calls `int()` answers 500 to `?year=²`. `query_int` accepts only ASCII
digits (an optional leading `-` when negatives are allowed), at most 18 of
them, within the bounds the view gives; anything else is ignored and the
default used, so a hand-edited link shows the unfiltered page, never a 500.
"""

import re

import django_filters
from django import forms
from django.http import HttpRequest, QueryDict

_INTEGER = re.compile(r"-?[0-9]{1,18}")

# Largest primary key the URL converters and filters accept (fits BIGINT).
MAX_ID = 10**18 - 1


def parse_int(
    value: object,
    default: int | None = None,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int | None:
    """`value` as an int when it is plain ASCII digits within the bounds,
    else `default`."""
    if value is None:
        return default
    text = str(value).strip()
    if not _INTEGER.fullmatch(text):
        return default
    number = int(text)
    if (min_value is not None and number < min_value) or (
        max_value is not None and number > max_value
    ):
        return default
    return number


def query_int(
    request: HttpRequest,
    name: str,
    default: int | None = None,
    *,
    min_value: int | None = 0,
    max_value: int | None = MAX_ID,
) -> int | None:
    """The GET parameter `name` as an int, or `default` when it is missing,
    not an ASCII integer, or out of bounds (by default 0 … MAX_ID, an id)."""
    return parse_int(request.GET.get(name), default, min_value=min_value, max_value=max_value)


def query_id(request: HttpRequest, name: str) -> int | None:
    """A record id from the query string (1 … MAX_ID), or None."""
    return query_int(request, name, None, min_value=1)


MIN_YEAR, MAX_YEAR = 1000, 2999


def query_year(request: HttpRequest, name: str = "year") -> int | None:
    """A four-digit year from the query string, or None."""
    return query_int(request, name, None, min_value=MIN_YEAR, max_value=MAX_YEAR)


class YearFilter(django_filters.NumberFilter):
    """django-filter's number filter for a date's year, bounded to four-digit
    years: `?year=-1` or twenty digits would make the `__year` lookup build an
    impossible date (a 500); out of bounds, the field is invalid and the
    FilterSet leaves the list unfiltered by year."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class QueryStringNulMiddleware:
    """Drops NUL characters from the query string's names and values.

    PostgreSQL refuses a NUL in a string literal, so `?q=%00` reaching a
    search would be a 500; form fields already refuse NUL (Django's
    ProhibitNullCharactersValidator), raw `request.GET` reads did not. A NUL
    has no meaning in any parameter of the portal, so it is removed once,
    here, for every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
