"""Report exports and the report's text.

An export is a background job of the generic machinery (`core.jobs`, one
state machine for every file a person starts: claim, progress, finish or
fail, 중단됨 + 다시 시작, 취소): `request_export` queues it, `build_export`
is the job's body (`core.registry.FileBuilder` "report", registered in
apps.py), and the job's page follows it to its file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from center.models import FiscalYear, Plan, ProgramUnit
from core import jobs
from core.errors import ServiceError
from core.models import Job
from core.registry import FileBuilder

from . import builder, exporters, narrative
from .formats import FORMATS, filename
from .models import IndicatorMark, SectionReview, SectionTable

if TYPE_CHECKING:
    from collections.abc import Callable

BUILDER_NAME = "report"
ATTEMPTS = 3  # a failing section is retried within the task, then reported


def export_label(fiscal_year: FiscalYear, fmt: str) -> str:
    return f"{fiscal_year.year} 주요업무보고 {FORMATS[fmt][0]}"


def request_export(*, fiscal_year: FiscalYear, fmt: str | None, user) -> Job:
    """A new export of `fiscal_year` as `fmt`; the caller hands it to the
    task once the request commits (`core.tasks.queue_job`)."""
    if fmt not in FORMATS:
        raise ServiceError("fmt", "내보낼 형식을 고르세요.")
    return jobs.start_build(
        builder=REPORT_BUILDER,
        label=export_label(fiscal_year, fmt),
        params={
            "year": fiscal_year.year,
            "fmt": fmt,
            "back": reverse("reports:exports", args=[fiscal_year.year]),
            "back_label": f"{fiscal_year.year} 내보내기",
        },
        user=user,
    )


def build_export(job: Job, progress: Callable) -> tuple[bytes, str, dict]:
    """The job's body: the report of the job's year in its format, with the
    file name (초안 when sections await review) and the draft flag."""
    fiscal_year = FiscalYear.objects.get(year=job.params["year"])
    fmt = job.params["fmt"]
    total = builder.STEPS + 2
    data = exporters.render(
        fiscal_year, fmt, progress=lambda step, label: progress(step, total, label)
    )
    draft = bool(builder.unreviewed_sections(fiscal_year))
    return data, filename(fiscal_year, fmt, draft=draft), {"draft": draft}


REPORT_BUILDER = FileBuilder(
    name=BUILDER_NAME,
    label="주요업무보고",
    build=build_export,
    attempts=ATTEMPTS,
    keep_files=True,  # a report as it was submitted stays downloadable
)


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
