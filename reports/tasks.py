import logging
import time

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPTS = 3


@shared_task(bind=True, acks_late=True)
def build_report_export(self, export_id: int) -> str:
    """Build one export. Idempotent: a finished export is left alone, and a
    retried or redelivered task overwrites the export's single file."""
    from . import exporters
    from .builder import STEPS
    from .models import ReportExport

    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update().select_related("fiscal_year").get(pk=export_id)
        )
        if export.status == ReportExport.DONE:
            return export.status
        export.status = ReportExport.RUNNING
        export.total_steps = STEPS + 2
        export.save(update_fields=["status", "total_steps"])

    def progress(step: int, label: str) -> None:
        ReportExport.objects.filter(pk=export_id).update(step=step, step_label=label)

    for attempt in range(1, ATTEMPTS + 1):
        ReportExport.objects.filter(pk=export_id).update(attempts=attempt)
        try:
            data = exporters.render(export.fiscal_year, export.fmt, progress=progress)
            break
        except Exception as exc:  # any failure of a section: retry, then report it
            logger.exception("report export %s failed (attempt %s)", export_id, attempt)
            if attempt == ATTEMPTS:
                ReportExport.objects.filter(pk=export_id).update(
                    status=ReportExport.FAILED,
                    error=f"보고서를 만들지 못했습니다: {exc}"[:300],
                    finished_at=timezone.now(),
                )
                return ReportExport.FAILED
            ReportExport.objects.filter(pk=export_id).update(
                error=f"{attempt}번째 시도가 실패해 다시 시도합니다."
            )
            time.sleep(0.2 * attempt)

    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status == ReportExport.DONE:  # another delivery finished first
            return export.status
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
        export.save()
    return export.status
