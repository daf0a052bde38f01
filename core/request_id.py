"""One id per request, in every log line the request causes and in its response.

`RequestIdMiddleware` takes a well-formed `X-Request-ID` from the reverse proxy
(or makes one), keeps it and the signed-in user's id in context variables that
`core.logs.RequestContextFilter` copies onto each log record, and answers with
the same `X-Request-ID` header, which gunicorn's access log prints
(portal/gunicorn.conf.py). Only the numeric user id is kept: never a name.
"""

import contextvars
import re
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")

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
        rid_token = request_id_var.set(request_id)
        uid_token = user_id_var.set("-")
        response = self.get_response(request)
        # Reset only after a response: an exception raised here is logged by
        # Django's outer handler, which should still see this request's id
        # (the next request sets its own). The user is known once
        # AuthenticationMiddleware ran: process_view sets it.
        request_id_var.reset(rid_token)
        user_id_var.reset(uid_token)
        response[HEADER] = request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            user_id_var.set(str(user.pk))
        return None
