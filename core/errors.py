"""The one error a service raises when a rule refuses an action.

    from core.errors import ServiceError

    raise ServiceError("phone", "이 휴대전화 번호로 이미 신청하셨습니다.")
    raise ServiceError(None, "신청이 마감된 교육입니다.")      # not about one field
    raise ServiceError.many({"date": "…", "amount": "…"})    # several fields at once

The message is Korean and shown to the user as it is. `field` names the form
field it belongs to (None: the whole action); the generic views in
`core.views` put it next to that field, or above the form when the form has
no such field (`core.views.add_service_error`).

It is a subclass of Django's `ValidationError`, deliberately: a model's
`clean()`, `full_clean()` and the form machinery already speak that type, so
an older `except ValidationError` (or `exc.message_dict`) keeps working while
callers move over, and a `ServiceError` raised inside a form's `clean()`
lands on the right field without any glue.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    field: str | None
    message: str

    def __init__(self, field: str | None, message: str, *, code: str | None = None):
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.message = message
        self.code = code

    @classmethod
    def many(cls, errors: dict[str | None, str]) -> ServiceError:
        """Several refusals at once ({field: message}); a key of None is the
        whole action's."""
        if len(errors) == 1:
            ((field, message),) = errors.items()
            return cls(field, message)
        exc = cls.__new__(cls)
        ValidationError.__init__(
            exc,
            {field or "__all__": [ValidationError(message)] for field, message in errors.items()},
        )
        exc.field = None
        exc.message = " ".join(errors.values())
        return exc

    def __str__(self) -> str:
        return self.message
