"""Reads the report pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import ReportExport

if TYPE_CHECKING:
    from center.models import FiscalYear

HISTORY_LENGTH = 50


def export_history(*, fiscal_year: FiscalYear) -> QuerySet[ReportExport]:
    """The year's latest exports (newest first, the model's order), with who asked."""
    return ReportExport.objects.filter(fiscal_year=fiscal_year).select_related("created_by")[
        :HISTORY_LENGTH
    ]


def export_detail(*, pk: int) -> ReportExport:
    return ReportExport.objects.select_related("fiscal_year", "created_by").get(pk=pk)
