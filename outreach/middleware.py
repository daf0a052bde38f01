"""A privacy-friendly count of the portal's own public pages.

For each public GET answered with an HTML 200 it adds one page view to the
day's row (an atomic F() update) and records a salted hash of (IP, user
agent) to estimate unique visitors. The salt is random per day and is wiped
with the hashes when the day is rolled into the monthly figures, so no
visitor can be recognised across days. No cookie, no third party.
"""

import logging

from core.privacy import client_ip

from . import services

logger = logging.getLogger(__name__)

BOT_MARKERS = ("bot", "spider", "crawl", "slurp", "headless", "preview")


def _is_public(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    func = match.func
    view_class = getattr(func, "view_class", None)
    return bool(getattr(func, "is_public", False) or getattr(view_class, "is_public", False))


class PageViewCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            if self._countable(request, response):
                services.count_page_view(
                    ip=client_ip(request) or "", user_agent=request.headers.get("User-Agent", "")
                )
        except Exception:  # counting must never break a page
            logger.exception("page view not counted")
        return response

    @staticmethod
    def _countable(request, response) -> bool:
        if request.method != "GET" or response.status_code != 200:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if getattr(request, "htmx", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False  # staff browsing their own site are not visitors
        agent = request.headers.get("User-Agent", "").lower()
        if not agent or any(marker in agent for marker in BOT_MARKERS):
            return False
        return _is_public(request)
