"""One rule for what caches and search engines may keep.

- Every page of a view that is not marked `@public` (staff, manager and
  reviewer pages, the password change, the admin) is answered with
  ``Cache-Control: no-store, private`` (plus Django's other never-cache
  directives and ``Expires``): these pages show personal data, and neither a
  shared proxy nor the browser's back/forward cache on a shared PC may keep
  them. File downloads from those views included.
- Every *token page* — a public view whose URL carries a ``token`` (a booking,
  a question, an education registration, a survey, a newsletter link, an
  application's status, …) — gets the same header and also
  ``X-Robots-Tag: noindex, nofollow``; `request.noindex` is set so
  ``base.html`` adds ``<meta name="robots" content="noindex">``.

Which views are public is declared once, by `core.permissions.public`; the
rule reads that mark from the resolved view, so a new page is covered without
being listed anywhere.
"""

from django.utils.cache import add_never_cache_headers

ROBOTS = "noindex, nofollow"
TOKEN_KWARG = "token"


def is_public_view(func) -> bool:
    view_class = getattr(func, "view_class", None)
    return bool(getattr(func, "is_public", False) or getattr(view_class, "is_public", False))


def page_kind(resolver_match) -> str | None:
    """'private' for a non-public view, 'token' for a public token page,
    None for an ordinary public page (or an unresolved URL)."""
    if resolver_match is None:
        return None
    if not is_public_view(resolver_match.func):
        return "private"
    if TOKEN_KWARG in resolver_match.kwargs:
        return "token"
    return None


class PrivatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.noindex = page_kind(request.resolver_match) == "token"

    def __call__(self, request):
        response = self.get_response(request)
        kind = page_kind(getattr(request, "resolver_match", None))
        if kind is not None:
            add_never_cache_headers(response)
        if kind == "token":
            response["X-Robots-Tag"] = ROBOTS
        return response
