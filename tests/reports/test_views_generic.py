"""A report export is a job of the generic machinery (core.jobs): the service
validates and queues, the job's state machine is core's."""

import pytest

from center.models import FiscalYear
from core import jobs
from core.errors import ServiceError
from core.models import Job
from reports import services

pytestmark = pytest.mark.django_db


def test_unknown_format_is_refused_by_the_service(manager_user):
    year = FiscalYear.objects.create(year=2021)
    with pytest.raises(ServiceError) as caught:
        services.request_export(fiscal_year=year, fmt="docx", user=manager_user)
    assert caught.value.field == "fmt"
    assert not Job.objects.exists()


def test_exports_page_says_which_format_is_missing(manager_client):
    FiscalYear.objects.create(year=2021)
    response = manager_client.post("/reports/2021/exports/", {"fmt": "docx"}, follow=True)
    assert "내보낼 형식을 고르세요." in response.content.decode()
    assert not Job.objects.exists()


def test_a_cancelled_export_is_not_started_or_finished_by_a_late_task(manager_user):
    year = FiscalYear.objects.create(year=2021)
    export = services.request_export(fiscal_year=year, fmt="xlsx", user=manager_user)
    assert (export.kind, export.name, export.params["year"]) == (Job.EXPORT, "report", 2021)
    assert jobs.cancel(job_id=export.pk)
    assert jobs.claim(export.pk) is None
    assert jobs.record_progress(export.pk, 1, 5, "표지") is False
    jobs.finish(export, content=b"x", filename="x.xlsx")
    export.refresh_from_db()
    assert export.status == Job.CANCELLED and not export.file
    assert jobs.run(export.pk) == Job.CANCELLED
