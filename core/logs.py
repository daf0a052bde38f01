"""Log lines for operators: time in Asia/Seoul with its offset, level, logger,
request id and user id; JSON with LOG_FORMAT=json, one readable line otherwise.

Personal data stays out: the user is their numeric id (never a name), and any
e-mail address or Korean phone number in a message or traceback is masked as a
last line of defence. The same formatters serve Django (portal/settings.py
LOGGING) and gunicorn's access log (portal/gunicorn.conf.py), so both show one
clock and one shape.
"""

import logging
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pythonjsonlogger.json import JsonFormatter

from core.request_id import current_user_id, request_id_var

SEOUL = ZoneInfo("Asia/Seoul")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)0\d{1,2}[-. ]?\d{3,4}[-. ]?\d{4}(?!\d)")
MASK = "[개인정보 삭제]"


def scrub(text: str) -> str:
    """Mask e-mail addresses and phone numbers."""
    return _PHONE.sub(MASK, _EMAIL.sub(MASK, text))


def seoul_time(record: logging.LogRecord) -> str:
    """ISO 8601 with milliseconds and the +09:00 offset."""
    return datetime.fromtimestamp(record.created, SEOUL).isoformat(timespec="milliseconds")


def _install_record_factory() -> None:
    """Stamp the request id and user id on every record when it is made, so
    any handler (console, mail, a test's caplog) sees the request's values."""
    base = logging.getLogRecordFactory()
    if getattr(base, "portal_context", False):
        return

    def factory(*args, **kwargs):
        record = base(*args, **kwargs)
        record.request_id = request_id_var.get()
        record.user_id = current_user_id()
        return record

    factory.portal_context = True
    logging.setLogRecordFactory(factory)


_install_record_factory()


class RequestContextFilter(logging.Filter):
    """Copy the request id and user id of the current request onto each record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "user_id"):
            record.user_id = current_user_id()
        return True


def _access_fields(record: logging.LogRecord) -> dict:
    """gunicorn.access records carry their atoms as a mapping in record.args."""
    atoms = record.args
    if record.name != "gunicorn.access" or not hasattr(atoms, "get"):
        return {}
    request_id = atoms.get("{x-request-id}o", "-")
    if request_id and request_id != "-":
        record.request_id = request_id
    return {
        "remote": atoms.get("h"),
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "status": atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": round(int(atoms.get("D", 0) or 0) / 1000, 1),
    }


class PortalJsonFormatter(JsonFormatter):
    """A fixed set of fields; extras such as Django's `request` object are left out."""

    def add_fields(self, log_data, record, message_dict):
        access = _access_fields(record)
        log_data["time"] = seoul_time(record)
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["request_id"] = getattr(record, "request_id", request_id_var.get())
        log_data["user_id"] = getattr(record, "user_id", "-")
        log_data["message"] = scrub(record.message)
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            log_data["status"] = status_code
        log_data.update(access)
        if message_dict.get("exc_info"):
            log_data["exc_info"] = scrub(message_dict["exc_info"])


class PortalTextFormatter(logging.Formatter):
    """`2026-12-01T09:30:00.123+09:00 WARNING django.request [rid user=7] message`."""

    def format(self, record):
        access = _access_fields(record)
        message = record.getMessage()
        if access:
            message = (
                f"{access['remote']} {access['method']} {access['path']} {access['status']} "
                f"{access['bytes']}B {access['duration_ms']}ms"
            )
        line = (
            f"{seoul_time(record)} {record.levelname} {record.name} "
            f"[{getattr(record, 'request_id', '-')} user={getattr(record, 'user_id', '-')}] "
            f"{message}"
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return scrub(line)


def formatter_class(log_format: str) -> str:
    """The dotted path LOGGING names for LOG_FORMAT (json, anything else: text)."""
    if log_format.strip().lower() == "json":
        return "core.logs.PortalJsonFormatter"
    return "core.logs.PortalTextFormatter"


def _scrub_tree(value):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_tree(item) for item in value]
    return value


def sentry_before_send(event, hint):
    """Sentry (optional, SENTRY_DSN): no form data, cookies or query strings, the
    user as an id only, and e-mail addresses and phone numbers masked anywhere."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                k: v for k, v in headers.items() if k.lower() not in {"cookie", "authorization"}
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return _scrub_tree(event)


def _private_reporter_filter():
    from django.views.debug import SafeExceptionReporterFilter

    class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
        """Error mails to ADMINS show which fields a form had, never their values."""

        def get_post_parameters(self, request):
            if request is None:
                return {}
            return {key: self.cleansed_substitute for key in request.POST}

    return PrivateExceptionReporterFilter


def __getattr__(name):
    # Built lazily: django.views.debug needs configured settings to import.
    if name == "PrivateExceptionReporterFilter":
        return _private_reporter_filter()
    raise AttributeError(name)
