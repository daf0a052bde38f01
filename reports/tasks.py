import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

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
    from . import exporters, services
    from .builder import STEPS
    from .models import ReportExport

    export = services.start_export(export_id=export_id, total_steps=STEPS + 2)
    if export is None:
        return ReportExport.objects.get(pk=export_id).status

    def progress(step: int, label: str) -> None:
        if not services.record_progress(export_id=export_id, step=step, label=label):
            raise Stopped

    for attempt in range(1, ATTEMPTS + 1):
        services.record_attempt(export_id=export_id, attempt=attempt)
        try:
            data = exporters.render(export.fiscal_year, export.fmt, progress=progress)
            break
        except Stopped:
            logger.info("report export %s stopped: cancelled", export_id)
            return ReportExport.objects.get(pk=export_id).status
        except SoftTimeLimitExceeded:
            logger.error("report export %s ran out of time", export_id)
            services.fail_export(
                export_id=export_id,
                error="제한 시간 안에 보고서를 만들지 못했습니다. 다시 시도해 주세요.",
            )
            return ReportExport.FAILED
        except Exception as exc:  # any failure of a section: retry, then report it
            logger.exception("report export %s failed (attempt %s)", export_id, attempt)
            if attempt == ATTEMPTS:
                services.fail_export(
                    export_id=export_id, error=f"보고서를 만들지 못했습니다: {exc}"
                )
                return ReportExport.FAILED
            services.note_retry(export_id=export_id, attempt=attempt)
            time.sleep(0.2 * attempt)

    return services.finish_export(export_id=export_id, data=data)


@shared_task
def sweep_stale_exports() -> int:
    """Beat: exports whose task was lost show as 중단됨 (다시 시도 / 취소)."""
    from .services import mark_interrupted

    return mark_interrupted()
