"""Reads the report pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core.models import Job

from .services import BUILDER_NAME

if TYPE_CHECKING:
    from center.models import FiscalYear

HISTORY_LENGTH = 50


def export_history(*, fiscal_year: FiscalYear) -> QuerySet[Job]:
    """The year's latest exports (newest first), whoever asked, with who asked."""
    return Job.objects.filter(name=BUILDER_NAME, params__year=fiscal_year.year).select_related(
        "created_by"
    )[:HISTORY_LENGTH]
