"""The embedded default (no broker): a report export started from the page
runs in core.queue's background pool; the request returns at once and the
progress page follows the export to its file."""

import threading

import pytest

from core.models import Job
from reports import exporters

pytestmark = pytest.mark.django_db(transaction=True)


def test_export_returns_at_once_and_completes_in_the_background(
    background_tasks, manager_client, demo, monkeypatch
):
    release = threading.Event()
    started = threading.Event()
    real = exporters.render

    def held(fiscal_year, fmt, progress=None):
        started.set()
        assert release.wait(120), "the test never let the export go"
        return real(fiscal_year, fmt, progress=progress)

    monkeypatch.setattr(exporters, "render", held)
    response = manager_client.post("/reports/2021/exports/", {"fmt": "xlsx"})
    export = Job.objects.get()
    # The page answered while the build had not even been allowed to start.
    assert response.status_code == 302 and response.url == f"/jobs/{export.pk}/"
    assert started.wait(60)
    assert export.status in (Job.QUEUED, Job.RUNNING)
    page = manager_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "파일 받기" not in page
    release.set()
    assert background_tasks(timeout=300)
    export.refresh_from_db()
    assert (export.status, export.percent, export.attempts) == ("done", 100, 1)
    assert export.size and export.file.size == export.size
    page = manager_client.get(response.url).content.decode()
    assert "파일 받기" in page and 'value="100"' in page
