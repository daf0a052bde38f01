"""Report exports: request, retry, cancel, the task's own steps (start,
progress, fail, finish), and recovering the ones whose task was lost (a
broker down when it was requested, a worker killed mid-build).

The state machine lives on `ReportExport`; every change here is one
conditional UPDATE (or a row lock), so a task that comes back to life and a
person pressing a button cannot both win.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from center.models import Plan, ProgramUnit
from core.errors import ServiceError
from core.queue import enqueue

from . import builder, narrative
from .formats import FORMATS, filename
from .models import IndicatorMark, ReportExport, SectionReview, SectionTable

if TYPE_CHECKING:
    from center.models import FiscalYear

QUEUE_DOWN = "작업 대기열에 연결하지 못해 중단되었습니다. 다시 시도하거나 취소하세요."
LOST = "작업이 응답하지 않아 중단되었습니다. 다시 시도하거나 취소하세요."


def request_export(*, fiscal_year: FiscalYear, fmt: str | None, user) -> ReportExport:
    """A new export of `fiscal_year` as `fmt`, queued once the request commits."""
    if fmt not in FORMATS:
        raise ServiceError("fmt", "내보낼 형식을 고르세요.")
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


# --- the task's steps ------------------------------------------------------------------------


def start_export(*, export_id: int, total_steps: int) -> ReportExport | None:
    """The task takes the export (running); None when it is already done or
    cancelled, so a redelivered task does nothing."""
    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update().select_related("fiscal_year").get(pk=export_id)
        )
        if export.status in (ReportExport.DONE, ReportExport.CANCELLED):
            return None
        export.status = ReportExport.RUNNING
        export.total_steps = total_steps
        export.touched_at = timezone.now()
        export.save(update_fields=["status", "total_steps", "touched_at"])
    return export


def record_progress(*, export_id: int, step: int, label: str) -> bool:
    """Each step also says "still alive"; False when the export was cancelled
    (or finished elsewhere) meanwhile, and the task should stop."""
    return bool(
        ReportExport.objects.filter(
            pk=export_id, status__in=(ReportExport.RUNNING, ReportExport.INTERRUPTED)
        ).update(
            status=ReportExport.RUNNING, step=step, step_label=label, touched_at=timezone.now()
        )
    )


def record_attempt(*, export_id: int, attempt: int) -> None:
    ReportExport.objects.filter(pk=export_id).update(attempts=attempt)


def note_retry(*, export_id: int, attempt: int) -> None:
    ReportExport.objects.filter(pk=export_id).update(
        error=f"{attempt}번째 시도가 실패해 다시 시도합니다.", touched_at=timezone.now()
    )


def fail_export(*, export_id: int, error: str) -> None:
    """A running export ends as failed with `error` (shown with 다시 시도)."""
    ReportExport.objects.filter(pk=export_id, status=ReportExport.RUNNING).update(
        status=ReportExport.FAILED,
        error=error[:300],
        finished_at=timezone.now(),
        touched_at=timezone.now(),
    )


def finish_export(*, export_id: int, data: bytes) -> str:
    """Store the built file as the export's single file; an export finished
    by another delivery or cancelled meanwhile is left alone."""
    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update().select_related("fiscal_year").get(pk=export_id)
        )
        if export.status in (ReportExport.DONE, ReportExport.CANCELLED):
            return export.status
        name = export.file.name
        if name:
            export.file.storage.delete(name)
        export.is_draft = bool(builder.unreviewed_sections(export.fiscal_year))
        name = filename(export.fiscal_year, export.fmt, draft=export.is_draft)
        export.file.save(name, ContentFile(data), save=False)
        export.size = len(data)
        export.status = ReportExport.DONE
        export.step = export.total_steps
        export.step_label = "완료"
        export.error = ""
        export.finished_at = timezone.now()
        export.touched_at = export.finished_at
        export.save()
    return export.status


# --- the report's text: review, marks, bindings ----------------------------------------------


def copy_report_settings(source: FiscalYear, target: FiscalYear) -> int:
    """After `center.services.copy_fiscal_year`: the sections of `target` show
    the same tables as `source`'s same-named units. Reviews and 미실시 marks
    are the year's own and are not copied (the new year's text is a draft)."""
    units = {
        (u.area.name, u.name): u
        for u in ProgramUnit.objects.filter(area__fiscal_year=target).select_related("area")
    }
    copies = [
        SectionTable(
            unit=units[(t.unit.area.name, t.unit.name)],
            order=t.order,
            source=t.source,
            title=t.title,
        )
        for t in SectionTable.objects.filter(unit__area__fiscal_year=source).select_related(
            "unit__area"
        )
        if (t.unit.area.name, t.unit.name) in units
    ]
    SectionTable.objects.bulk_create(copies)
    return len(copies)


def review_section(*, fiscal_year: FiscalYear, section: str, user) -> None:
    """검토 완료: a manager confirms the section's current text (its lines
    carried over from last year included) for this year's report."""
    if section == "plan":
        plan = Plan.objects.filter(fiscal_year=fiscal_year).first()
        if plan is None:
            raise ServiceError("section", "이 연도에는 사업 계획이 없습니다.")
        digest = builder.plan_digest(plan)
    else:
        pk = section.removeprefix("unit:")
        unit = ProgramUnit.objects.filter(
            pk=int(pk) if pk.isdigit() else 0, area__fiscal_year=fiscal_year
        ).first()
        if unit is None:
            raise ServiceError("section", "검토할 단위사업을 찾지 못했습니다.")
        digest = builder.unit_digest(unit)
    SectionReview.objects.update_or_create(
        fiscal_year=fiscal_year,
        section=section,
        defaults={"digest": digest, "reviewed_by": user, "reviewed_at": timezone.now()},
    )


MARK_STATUSES = ("not_held", "not_applicable")


def mark_indicator(*, indicator, status: str, note: str, user) -> None:
    """미실시/해당없음: the report prints '-' for the indicator with `note` as
    its footnote."""
    if status not in MARK_STATUSES:
        raise ServiceError("status", "미실시 또는 해당없음을 고르세요.")
    note = (note or "").strip()
    if not note:
        raise ServiceError("note", "왜 '-'로 적는지 주석을 쓰세요.")
    if len(note) > 300:
        raise ServiceError("note", "주석은 300자 이내로 쓰세요.")
    IndicatorMark.objects.update_or_create(
        indicator=indicator,
        defaults={"status": status, "note": note, "marked_by": user, "marked_at": timezone.now()},
    )


def unmark_indicator(*, indicator) -> bool:
    return bool(IndicatorMark.objects.filter(indicator=indicator).delete()[0])


def bind_literal(*, unit, field: str, line: int, literal: str, name: str):
    """The editor's one-click binding: the literal figure on the unit's text
    becomes the placeholder `name` (which must be one the editor offered)."""
    if field not in ("overview", "narrative"):
        raise ServiceError("field", "사업개요 또는 추진내용만 고칠 수 있습니다.")
    with transaction.atomic():
        unit = type(unit).objects.select_for_update().get(pk=unit.pk)
        offered = builder.binding_offers(unit, field)
        if not any(b.line == line and b.literal == literal and b.name == name for b in offered):
            raise ServiceError(field, "그 숫자는 이제 연결할 수 없습니다. 화면을 새로 고치세요.")
        setattr(unit, field, narrative.bind(getattr(unit, field), line, literal, name))
        unit.save(update_fields=[field])
    return unit
