"""The page a form gets when its CSRF check fails (CSRF_FAILURE_VIEW).

Django's own page is English-tagged, unstyled and talks about DEBUG. Most
failures here are an expired form: the session (30 idle minutes) ended while
someone was typing, or the page was opened before a restart. The Korean page
says so and leads back to the form it came from."""

from urllib.parse import urlsplit

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(request) -> str:
    """The referring page's path when it is on this site, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("home")


def csrf_failure(request, reason=""):
    context = {
        "back_url": back_url(request),
        "cookies_missing": reason == REASON_NO_CSRF_COOKIE,
    }
    response = render(request, "403_csrf.html", context, status=403)
    response["Cache-Control"] = "no-store"
    return response
