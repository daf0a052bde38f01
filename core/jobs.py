"""Background jobs: every export and import a person starts runs as a task
(`core.tasks.run_job`), with a progress bar and a history, like the report
export. Never inside the request: 7,300 consultations take seconds to write
and 3,000 imported rows tens of seconds to check.

- `start_export(exporter=…, query=…, fmt=…, user=…)`: the rows the filtered
  list shows, as XLSX or CSV; the file is offered on the job's page.
- `start_preview(importer=…, upload=…, user=…)`: every row of the uploaded
  file is checked (nothing saved); the page shows the preview or the errors.
- `start_import(job=…, user=…)`: the previewed file is imported, all or
  nothing (`core.importing.run_import`).
- `start_build(builder=…, label=…, params=…, user=…)`: a file an app builds
  itself (a `core.registry.FileBuilder`, e.g. the annual report).

Each returns the queued job; the caller hands it to the task with
`core.tasks.queue_job(job.pk)` once its transaction commits (the views do).

Every state change is one conditional UPDATE, so a redelivered task cannot
run a job twice: `claim` moves queued → running once. A job whose task was
lost (a broker down, a worker or the web process killed) shows as 중단됨
once untouched for `JOB_STALE_AFTER`, and can be started again (다시 시작,
as can a failed one) or cancelled (취소됨): a task still holding a cancelled
job stops at its next progress step, and one delivered later does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import importing
from .display import format_datetime
from .errors import ServiceError
from .exporting import FORMATS, ListExporter
from .models import Job
from .registry import FileBuilder, Importer, builders, get_builder, get_exporter, get_importer

logger = logging.getLogger(__name__)

QUEUE_DOWN = "작업 대기열에 연결하지 못해 중단되었습니다. 다시 시작해 주세요."
LOST = "작업이 응답하지 않아 중단되었습니다. 다시 시작해 주세요."
OUT_OF_TIME = "제한 시간 안에 끝내지 못했습니다. 다시 시작해 주세요."
PREVIEW_ROWS = 200
UPLOAD_KEEP_HOURS = 24
FILE_KEEP_DAYS = 7


def queue_down(job_id: int) -> None:
    """The broker refused the job: it shows as 중단됨 at once (다시 시작)."""
    Job.objects.filter(pk=job_id, status=Job.QUEUED).update(
        status=Job.INTERRUPTED, error=QUEUE_DOWN, touched_at=timezone.now()
    )


def start_export(*, exporter: ListExporter, query: str, fmt: str, user) -> Job:
    if fmt not in FORMATS:
        raise ServiceError("fmt", "내려받을 형식을 고르세요.")
    exporter.queryset(query)  # FilterError before anything is queued
    job = Job.objects.create(
        kind=Job.EXPORT,
        name=exporter.name,
        label=f"{exporter.label} {FORMATS[fmt]}",
        params={"query": query, "fmt": fmt},
        created_by=user,
    )
    return job


def start_build(*, builder: FileBuilder, label: str, params: dict, user) -> Job:
    return Job.objects.create(
        kind=Job.EXPORT, name=builder.name, label=label, params=params, created_by=user
    )


def start_preview(*, importer: Importer, upload, user) -> Job:
    purge_expired_files()
    job = Job(
        kind=Job.PREVIEW,
        name=importer.name,
        label=f"{importer.label} 가져오기",
        upload_name=upload.name[:200],
        created_by=user,
    )
    job.upload.save(upload.name, upload, save=False)
    job.save()
    return job


def start_import(*, job: Job, user) -> Job:
    """The import of a preview that passed; ServiceError when it did not, or
    when it was imported already (a second click imports nothing)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.kind != Job.PREVIEW or job.status != Job.DONE or job.result.get("errors"):
            raise ServiceError(None, "검사를 통과한 미리보기만 가져올 수 있습니다.")
        if job.params.get("imported_as"):
            raise ServiceError(None, "이미 가져온 파일입니다.")
        follow = Job.objects.create(
            kind=Job.IMPORT,
            name=job.name,
            label=job.label,
            upload=job.upload.name,
            upload_name=job.upload_name,
            params={"preview": job.pk},
            created_by=user,
        )
        job.params = {**job.params, "imported_as": follow.pk}
        job.save(update_fields=["params"])
    return follow


def mark_interrupted(*, job_id: int | None = None) -> int:
    stale = Job.objects.filter(
        status__in=Job.ACTIVE,
        touched_at__lt=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_AFTER),
    )
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    return stale.update(status=Job.INTERRUPTED, error=LOST, touched_at=timezone.now())


def restart(*, job_id: int) -> bool:
    """다시 시작: a failed or interrupted job is queued again from the start
    (the caller hands it to the task). False when someone else acted."""
    changed = Job.objects.filter(pk=job_id, status__in=Job.RESTARTABLE).update(
        status=Job.QUEUED,
        step=0,
        step_label="",
        error="",
        attempts=0,
        finished_at=None,
        touched_at=timezone.now(),
    )
    return bool(changed)


def cancel(*, job_id: int) -> bool:
    """취소: the job ends without a file; a task still holding it stops at its
    next progress step, and one delivered later does nothing."""
    now = timezone.now()
    changed = Job.objects.filter(pk=job_id, status__in=Job.CANCELLABLE).update(
        status=Job.CANCELLED, error="", finished_at=now, touched_at=now
    )
    return bool(changed)


def purge_expired_files() -> int:
    """Uploads never imported are deleted after UPLOAD_KEEP_HOURS, built
    files after FILE_KEEP_DAYS (the job's row and its history stay), except
    the files of builders that keep theirs."""
    now = timezone.now()
    kept = [b.name for b in builders() if b.keep_files]
    removed = 0
    for field, before in (
        ("upload", now - dt.timedelta(hours=UPLOAD_KEEP_HOURS)),
        ("file", now - dt.timedelta(days=FILE_KEEP_DAYS)),
    ):
        old = Job.objects.filter(created_at__lt=before).exclude(**{field: ""})
        for job in old.exclude(name__in=kept) if field == "file" else old:
            getattr(job, field).delete(save=True)
            removed += 1
    return removed


# --- the task's steps ------------------------------------------------------------------


def claim(job_id: int) -> Job | None:
    """queued (or interrupted, when its task turns up after all) → running,
    once; None when another delivery has it or it has ended."""
    changed = Job.objects.filter(pk=job_id, status__in=(Job.QUEUED, Job.INTERRUPTED)).update(
        status=Job.RUNNING, error="", touched_at=timezone.now()
    )
    return Job.objects.get(pk=job_id) if changed else None


class Cancelled(Exception):
    """The job was cancelled (or ended elsewhere) while its task ran."""


def record_progress(job_id: int, step: int, total: int, label: str) -> bool:
    """Each step also says "still alive"; False when the job is no longer
    running (cancelled meanwhile), and the task should stop."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.RUNNING).update(
            step=step, total_steps=max(total, 1), step_label=label, touched_at=timezone.now()
        )
    )


def finish(job: Job, *, result: dict | None = None, content: bytes | None = None, filename=""):
    """The job is done with `result` and its file: a job's single file, so a
    restarted job replaces the one before. A job cancelled (or finished by
    another delivery) meanwhile is left alone."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status != Job.RUNNING:
            return
        if content is not None:
            if current.file:
                current.file.storage.delete(current.file.name)
            job.file.save(filename, ContentFile(content), save=False)
            job.filename = filename
            job.size = len(content)
        job.result = result or {}
        job.status = Job.DONE
        job.step = job.total_steps
        job.step_label = "완료"
        job.error = ""
        job.attempts = current.attempts
        job.finished_at = job.touched_at = timezone.now()
        job.save()


def fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id, status=Job.RUNNING).update(
        status=Job.FAILED,
        error=error[:300],
        finished_at=timezone.now(),
        touched_at=timezone.now(),
    )


def run(job_id: int) -> str:
    """The task body: build the export, or check / import the upload."""
    job = claim(job_id)
    if job is None:
        return Job.objects.get(pk=job_id).status

    def progress(done: int, total: int, label: str = "") -> None:
        if not record_progress(job_id, done, total, label or f"{done:,} / {total:,}행"):
            raise Cancelled

    builder = get_builder(job.name) if job.kind == Job.EXPORT else None
    attempts = builder.attempts if builder else 1
    for attempt in range(1, attempts + 1):
        Job.objects.filter(pk=job_id).update(attempts=attempt)
        try:
            if builder is not None:
                content, filename, result = builder.build(job, progress)
                finish(job, result=result, content=content, filename=filename)
            elif job.kind == Job.EXPORT:
                _export(job, progress)
            else:
                _import(job, progress)
            break
        except Cancelled:
            logger.info("job %s (%s) stopped: cancelled", job_id, job.name)
            break
        except SoftTimeLimitExceeded:
            logger.error("job %s (%s) ran out of time", job_id, job.name)
            fail(job_id, OUT_OF_TIME)
            break
        except (importing.ImportFileError, ServiceError) as exc:
            fail(job_id, str(getattr(exc, "message", exc)))
            break
        except Exception as exc:  # shown on the page; the log has the traceback
            logger.exception(
                "job %s (%s %s) failed (attempt %s)", job_id, job.kind, job.name, attempt
            )
            if attempt == attempts:
                fail(job_id, f"작업을 끝내지 못했습니다: {exc}")
                break
            Job.objects.filter(pk=job_id).update(
                error=f"{attempt}번째 시도가 실패해 다시 시도합니다.", touched_at=timezone.now()
            )
            time.sleep(0.2 * attempt)
    return Job.objects.get(pk=job_id).status


def _export(job: Job, progress) -> None:
    exporter = get_exporter(job.name)
    if exporter is None:
        raise ServiceError(None, f"내보내기 '{job.name}'을(를) 찾을 수 없습니다.")
    fmt = job.params["fmt"]
    queryset = exporter.queryset(job.params.get("query", ""))
    content, count = exporter.build(queryset, fmt, progress=lambda d, t: progress(d, t))
    finish(job, result={"rows": count}, content=content, filename=exporter.filename(fmt))


def _import(job: Job, progress) -> None:
    importer = get_importer(job.name)
    if importer is None:
        raise ServiceError(None, f"가져오기 '{job.name}'을(를) 찾을 수 없습니다.")
    progress(0, 3, "파일 읽는 중")
    with job.upload.open("rb") as handle:
        rows = importing.read_rows(handle.read(), job.upload_name)
    commit = job.kind == Job.IMPORT
    progress(1, 3, "가져오는 중" if commit else "행 검사 중")
    outcome = importing.run_import(job.name, rows, user=job.created_by, commit=commit)
    result = {
        "rows": len(rows),
        "saved": outcome.saved,
        "errors": outcome.errors[:500],
        "error_count": len(outcome.errors),
        "columns": list(outcome.columns),
        "preview": [[_cell(v) for v in row] for row in outcome.preview[:PREVIEW_ROWS]],
    }
    finish(job, result=result)
    if commit and outcome.ok:
        job.upload.delete(save=True)


def _cell(value) -> str:
    if hasattr(value, "hour"):
        return format_datetime(value)
    return "" if value is None else str(value)
