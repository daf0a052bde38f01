import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPTS = 3


class Stopped(Exception):
    """The export was cancelled (or finished elsewhere) while this task ran."""


# The longest task of the portal: its hard limit sets the broker's
# visibility timeout and the point after which an export counts as lost.
@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.REPORT_EXPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_EXPORT_TIME_LIMIT,
)
def build_report_export(self, export_id: int) -> str:
    """Build one export. Idempotent: a finished or cancelled export is left
    alone, and a retried or redelivered task overwrites the export's single
    file. An interrupted export whose task turns up after all is built."""
    from . import exporters
    from .builder import STEPS
    from .models import ReportExport

    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update().select_related("fiscal_year").get(pk=export_id)
        )
        if export.status in (ReportExport.DONE, ReportExport.CANCELLED):
            return export.status
        export.status = ReportExport.RUNNING
        export.total_steps = STEPS + 2
        export.touched_at = timezone.now()
        export.save(update_fields=["status", "total_steps", "touched_at"])

    def progress(step: int, label: str) -> None:
        # Each step also says "still alive"; an export cancelled meanwhile stops.
        if not ReportExport.objects.filter(
            pk=export_id, status__in=(ReportExport.RUNNING, ReportExport.INTERRUPTED)
        ).update(
            status=ReportExport.RUNNING, step=step, step_label=label, touched_at=timezone.now()
        ):
            raise Stopped

    for attempt in range(1, ATTEMPTS + 1):
        ReportExport.objects.filter(pk=export_id).update(attempts=attempt)
        try:
            data = exporters.render(export.fiscal_year, export.fmt, progress=progress)
            break
        except Stopped:
            logger.info("report export %s stopped: cancelled", export_id)
            return ReportExport.objects.get(pk=export_id).status
        except SoftTimeLimitExceeded:
            logger.error("report export %s ran out of time", export_id)
            ReportExport.objects.filter(pk=export_id, status=ReportExport.RUNNING).update(
                status=ReportExport.FAILED,
                error="제한 시간 안에 보고서를 만들지 못했습니다. 다시 시도해 주세요.",
                finished_at=timezone.now(),
                touched_at=timezone.now(),
            )
            return ReportExport.FAILED
        except Exception as exc:  # any failure of a section: retry, then report it
            logger.exception("report export %s failed (attempt %s)", export_id, attempt)
            if attempt == ATTEMPTS:
                ReportExport.objects.filter(pk=export_id, status=ReportExport.RUNNING).update(
                    status=ReportExport.FAILED,
                    error=f"보고서를 만들지 못했습니다: {exc}"[:300],
                    finished_at=timezone.now(),
                    touched_at=timezone.now(),
                )
                return ReportExport.FAILED
            ReportExport.objects.filter(pk=export_id).update(
                error=f"{attempt}번째 시도가 실패해 다시 시도합니다.", touched_at=timezone.now()
            )
            time.sleep(0.2 * attempt)

    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status in (ReportExport.DONE, ReportExport.CANCELLED):
            return export.status  # another delivery finished first, or cancelled
        name = export.file.name
        if name:
            export.file.storage.delete(name)
        export.file.save(
            exporters.filename(export.fiscal_year, export.fmt), ContentFile(data), save=False
        )
        export.size = len(data)
        export.status = ReportExport.DONE
        export.step = export.total_steps
        export.step_label = "완료"
        export.error = ""
        export.finished_at = timezone.now()
        export.touched_at = export.finished_at
        export.save()
    return export.status


@shared_task
def sweep_stale_exports() -> int:
    """Beat: exports whose task was lost show as 중단됨 (다시 시도 / 취소)."""
    from .services import mark_interrupted

    return mark_interrupted()
