"""Report exports: request, retry, cancel, and recovering the ones whose task
was lost (a broker down when it was requested, a worker killed mid-build).

The state machine lives on `ReportExport`; every change here is one
conditional UPDATE (or a row lock), so a task that comes back to life and a
person pressing a button cannot both win.
"""

from django.db import transaction
from django.utils import timezone

from core.queue import enqueue

from .models import ReportExport

QUEUE_DOWN = "작업 대기열에 연결하지 못해 중단되었습니다. 다시 시도하거나 취소하세요."
LOST = "작업이 응답하지 않아 중단되었습니다. 다시 시도하거나 취소하세요."


def request_export(*, fiscal_year, fmt: str, user) -> ReportExport:
    export = ReportExport.objects.create(fiscal_year=fiscal_year, fmt=fmt, created_by=user)
    transaction.on_commit(lambda: enqueue_export(export.pk))
    return export


def enqueue_export(export_id: int) -> bool:
    """Queue the build; with the broker down the export is interrupted at
    once (the page offers 다시 시도), instead of waiting as "대기 0%"."""
    from .tasks import build_report_export

    if enqueue(build_report_export, export_id):
        return True
    ReportExport.objects.filter(pk=export_id, status=ReportExport.QUEUED).update(
        status=ReportExport.INTERRUPTED, error=QUEUE_DOWN, touched_at=timezone.now()
    )
    return False


def mark_interrupted(*, export_id: int | None = None) -> int:
    """Queued or running exports untouched for REPORT_EXPORT_STALE_AFTER
    (longer than the task's hard time limit, so no live task owns them) are
    interrupted. Returns how many were."""
    stale = ReportExport.objects.filter(
        status__in=ReportExport.ACTIVE, touched_at__lt=ReportExport.stale_before()
    )
    if export_id is not None:
        stale = stale.filter(pk=export_id)
    return stale.update(status=ReportExport.INTERRUPTED, error=LOST, touched_at=timezone.now())


def retry_export(*, export_id: int) -> bool:
    """다시 시도: a failed or interrupted export is queued again from the
    start. False when it is no longer retryable (someone else acted)."""
    changed = ReportExport.objects.filter(pk=export_id, status__in=ReportExport.RETRYABLE).update(
        status=ReportExport.QUEUED,
        step=0,
        step_label="",
        attempts=0,
        error="",
        finished_at=None,
        touched_at=timezone.now(),
    )
    if changed:
        transaction.on_commit(lambda: enqueue_export(export_id))
    return bool(changed)


def cancel_export(*, export_id: int) -> bool:
    """취소: the export ends without a file; a task still holding it stops at
    its next step, and one delivered later does nothing."""
    return bool(
        ReportExport.objects.filter(pk=export_id, status__in=ReportExport.CANCELLABLE).update(
            status=ReportExport.CANCELLED,
            error="",
            finished_at=timezone.now(),
            touched_at=timezone.now(),
        )
    )
