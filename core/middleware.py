"""Middleware for faults and the second factor.

- `DatabaseUnavailableMiddleware`: a database that is restarting or
  unreachable gives a short Korean 503 page (with Retry-After) instead of a
  500; `core.security_views.server_error` (handler500) does the same for
  errors raised outside the view. Django has nothing built in for this.
- `SecondFactorMiddleware`: django-otp only *marks* a request as verified
  (`request.user.is_verified()`); it does not send anyone to the verify or
  enrol step. This middleware does: a user with a confirmed TOTP device must
  enter a code after the password, and (with OTP_REQUIRED_FOR_SUPERUSERS) a
  superuser without a device is sent to enrol before anything else.
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("center.faults")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without a request context: the context
    processors would ask the (unreachable) database for the user."""
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("database unavailable: %s %s", request.path, exception, exc_info=True)
            return database_unavailable_response()
        return None


SESSION_KEY = "_otp_has_device"


def has_confirmed_device(request) -> bool:
    """Whether the user has a confirmed device; asked once per session (the
    answer is kept in the session so staff pages pay no extra query), and
    reset by the enrol and remove views. Only the authenticator app counts:
    backup codes exist only beside one (core.accounts makes them for a user
    with a confirmed TOTP device and removes both together), so asking for
    them too would cost every session a second query for the same answer."""
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = TOTPDevice.objects.filter(
            user=request.user, confirmed=True
        ).exists()
    return request.session[SESSION_KEY]


class SecondFactorMiddleware:
    """Must come after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _exempt(self, request) -> bool:
        path = request.path_info
        allowed = (
            reverse("otp_verify"),
            reverse("otp_setup"),
            reverse("logout"),
            reverse("login"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._exempt(request)
        ):
            target = None
            if has_confirmed_device(request):
                target = "otp_verify"
            elif user.is_superuser and settings.OTP_REQUIRED_FOR_SUPERUSERS:
                target = "otp_setup"
            if target:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionIdleRefreshMiddleware:
    """Sessions end after SESSION_COOKIE_AGE idle seconds without being
    written on every request (SESSION_SAVE_EVERY_REQUEST is off): a session
    in use is saved again, pushing its expiry on, at most once every
    SESSION_REFRESH_SECONDS. Only signed-in users' sessions are refreshed:
    a visitor's is never started by this. Place it after
    AuthenticationMiddleware."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        session = request.session
        now = int(time.time())
        every = getattr(settings, "SESSION_REFRESH_SECONDS", 300)
        try:
            last = int(session.get(self.KEY, 0))
        except (TypeError, ValueError):
            last = 0
        if now - last >= every:
            session[self.KEY] = now  # marks it modified: SessionMiddleware saves it
        return response
