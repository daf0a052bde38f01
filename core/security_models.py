"""Guards of the audit trail (imported at the end of center/models.py).

The access log's own `delete()` refuses, but a queryset `.delete()` skips
model methods; Django still sends `pre_delete` for each row it collects, so
a receiver here refuses those too. The same holds for every historical
record kept by django-simple-history: change history is never deleted
through the ORM (retention scrubs personal fields with `.update()`).

Receivers are connected per model (not for every sender), so Django's fast
deletes of other models stay fast."""

from django.db.models.signals import class_prepared, pre_delete
from simple_history.models import registered_models

from core.privacy import AccessLogCheckpoint, PersonalDataAccess


class AuditRecordProtected(Exception):
    """Raised when code tries to delete an access-log entry or a historical record."""


def _refuse_access_log_delete(sender, instance, **kwargs):
    raise AuditRecordProtected("개인정보 접근 기록은 삭제할 수 없습니다.")


def _refuse_history_delete(sender, instance, **kwargs):
    raise AuditRecordProtected("변경 이력은 삭제할 수 없습니다.")


def is_historical_model(model) -> bool:
    return getattr(model, "instance_type", None) is not None and any(
        f.name == "history_id" for f in model._meta.fields
    )


def _protect(model):
    if is_historical_model(model):
        pre_delete.connect(
            _refuse_history_delete, sender=model, dispatch_uid=f"protect-{model._meta.label}"
        )


pre_delete.connect(
    _refuse_access_log_delete, sender=PersonalDataAccess, dispatch_uid="protect-access-log"
)
pre_delete.connect(
    _refuse_access_log_delete, sender=AccessLogCheckpoint, dispatch_uid="protect-checkpoints"
)


def _on_class_prepared(sender, **kwargs):
    _protect(sender)


class_prepared.connect(_on_class_prepared, dispatch_uid="protect-history")

# Historical models prepared before this module was imported (center's own).
for _tracked in list(registered_models.values()):
    for _manager in (getattr(_tracked, "history", None),):
        if _manager is not None:
            _protect(_manager.model)
