"""Path converters shared by every app's urls.py.

A URL argument that reaches a view has already the shape its records can
have, so a crafted path (a NUL byte, `²`, invalid UTF-8, `..%2f`, twenty
digits) is a 404 from the resolver instead of an error deep in a query:

- `<token:token>` — the private links' tokens, made by `secrets.token_urlsafe`
  (URL-safe base64: letters, digits, `-`, `_`; the columns hold at most 64).
  Django's `str` converter lets anything but `/` through, NUL included, and
  PostgreSQL refuses a NUL in a string literal.
- `<id:pk>` — a primary key: ASCII digits (as Django's `int`), at most 18 of
  them, so every value fits a 64-bit column; twenty digits would otherwise
  overflow in lookups Django does not guard (a foreign key's `…_id`).
- `<year:year>` — a four-digit year (1000–2999), so `date(year, …)` and the
  year columns never see 99999999999.

Each urls.py that uses them imports this module, which registers them.
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class TokenConverter:
    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


class YearConverter(IntConverter):
    regex = "[12][0-9]{3}"


register_converter(TokenConverter, "token")
register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
