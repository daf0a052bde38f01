"""The export state machine lives in reports.services: the view and the task only call it."""

import pytest

from center.models import FiscalYear
from core.errors import ServiceError
from reports import services
from reports.models import ReportExport

pytestmark = pytest.mark.django_db


def test_unknown_format_is_refused_by_the_service(manager_user):
    year = FiscalYear.objects.create(year=2021)
    with pytest.raises(ServiceError) as caught:
        services.request_export(fiscal_year=year, fmt="docx", user=manager_user)
    assert caught.value.field == "fmt"
    assert not ReportExport.objects.exists()


def test_exports_page_says_which_format_is_missing(manager_client):
    FiscalYear.objects.create(year=2021)
    response = manager_client.post("/reports/2021/exports/", {"fmt": "docx"}, follow=True)
    assert "내보낼 형식을 고르세요." in response.content.decode()
    assert not ReportExport.objects.exists()


def test_a_cancelled_export_is_not_started_or_finished_by_a_late_task(manager_user):
    year = FiscalYear.objects.create(year=2021)
    export = ReportExport.objects.create(fiscal_year=year, fmt="xlsx", created_by=manager_user)
    assert services.cancel_export(export_id=export.pk)
    assert services.start_export(export_id=export.pk, total_steps=5) is None
    assert services.record_progress(export_id=export.pk, step=1, label="표지") is False
    assert services.finish_export(export_id=export.pk, data=b"x") == ReportExport.CANCELLED
    export.refresh_from_db()
    assert export.status == ReportExport.CANCELLED and not export.file
