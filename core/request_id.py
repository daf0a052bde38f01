"""One id per request, in every log line the request causes and in its response.

`RequestIdMiddleware` takes a well-formed `X-Request-ID` from the reverse proxy
(or makes one), keeps it and the signed-in user's id in context variables that
`core.logs` copies onto each log record, and answers with
the same `X-Request-ID` header, which gunicorn's access log prints
(portal/gunicorn.conf.py). Only the numeric user id is kept: never a name.
"""

import contextvars
import re
import uuid

from django.core.signals import request_finished
from django.utils.functional import LazyObject, empty

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")
request_var: contextvars.ContextVar[object] = contextvars.ContextVar("request", default=None)

HEADER = "X-Request-ID"
# A proxy's id is believed only when it is short and plain (no log injection).
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID.match(incoming) else new_request_id()
        request.request_id = request_id
        request_id_var.set(request_id)
        user_id_var.set("-")
        request_var.set(request)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def current_user_id() -> str:
    """The signed-in user's id, only if the request already looked the user up
    (reading request.user here would cost a session query on every request)."""
    explicit = user_id_var.get()
    if explicit != "-":
        return explicit
    request = request_var.get()
    user = getattr(request, "__dict__", {}).get("user") if request is not None else None
    if isinstance(user, LazyObject):
        user = user._wrapped
    if user is None or user is empty or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.pk)


def _clear(**kwargs):
    # Not when the middleware returns: Django logs a 4xx/5xx response after the
    # whole middleware chain (BaseHandler.get_response), and that line should
    # still carry the request's id. The response's close() ends the request.
    request_id_var.set("-")
    user_id_var.set("-")
    request_var.set(None)


request_finished.connect(_clear, dispatch_uid="core.request_id.clear")
