"""Exports whose task was lost: shown as 중단됨 with 다시 시도 and 취소.

A lost export (the broker was down when it was requested, the worker was
killed mid-build) used to stay "대기 0%" forever. Now an export queued or
running past REPORT_EXPORT_STALE_AFTER (above the task's hard time limit) is
interrupted, retrying queues it again, cancelling ends it, and a task that
turns up after a cancel does nothing."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from reports import exporters, services, tasks
from reports.models import ReportExport


@pytest.fixture
def post(manager_client, django_capture_on_commit_callbacks):
    def do(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return manager_client.post(url, data or {})

    return do


def _export(report_year, manager_user, status, minutes_ago):
    export = ReportExport.objects.create(
        fiscal_year=report_year, fmt="html", created_by=manager_user, status=status
    )
    ReportExport.objects.filter(pk=export.pk).update(
        touched_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return export


def test_visibility_timeout_is_a_little_above_the_longest_task():
    from portal.celery import app

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS  # production, not only the tests'
    hard = tasks.build_report_export.time_limit
    assert hard == settings.REPORT_EXPORT_TIME_LIMIT
    assert tasks.build_report_export.soft_time_limit < hard
    assert hard < options["visibility_timeout"] <= hard + 5 * 60
    assert options["visibility_timeout"] < 3600  # kombu's default: an hour
    assert app.conf.broker_transport_options["visibility_timeout"] == options["visibility_timeout"]
    # Every other task has a (shorter) limit of its own.
    assert settings.CELERY_TASK_TIME_LIMIT < hard
    assert settings.REPORT_EXPORT_STALE_AFTER > hard


@pytest.mark.parametrize("status", [ReportExport.QUEUED, ReportExport.RUNNING])
def test_export_untouched_past_the_timeout_shows_interrupted_with_retry_and_cancel(
    manager_client, report_year, manager_user, status
):
    stale_minutes = settings.REPORT_EXPORT_STALE_AFTER // 60 + 1
    export = _export(report_year, manager_user, status, stale_minutes)
    page = manager_client.get(f"/reports/exports/{export.pk}/").content.decode()
    export.refresh_from_db()
    assert export.status == ReportExport.INTERRUPTED
    assert "중단됨" in page and "대기" not in page.split("export-status")[1][:20]
    assert f'action="/reports/exports/{export.pk}/retry/"' in page and "다시 시도" in page
    assert f'action="/reports/exports/{export.pk}/cancel/"' in page and ">취소<" in page
    assert "hx-trigger" not in page  # no more polling of a dead export
    listing = manager_client.get("/reports/2021/exports/").content.decode()
    assert "중단됨" in listing


def test_export_still_within_the_timeout_is_left_alone(manager_client, report_year, manager_user):
    export = _export(report_year, manager_user, ReportExport.RUNNING, 1)
    page = manager_client.get(f"/reports/exports/{export.pk}/").content.decode()
    export.refresh_from_db()
    assert export.status == ReportExport.RUNNING
    assert "생성 중" in page and "/cancel/" not in page and "/retry/" not in page


def test_beat_sweep_interrupts_only_stale_exports(report_year, manager_user):
    stale = _export(report_year, manager_user, ReportExport.QUEUED, 60)
    fresh = _export(report_year, manager_user, ReportExport.QUEUED, 0)
    done = _export(report_year, manager_user, ReportExport.DONE, 60)
    assert tasks.sweep_stale_exports() == 1
    statuses = dict(ReportExport.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: ReportExport.INTERRUPTED,
        fresh.pk: ReportExport.QUEUED,
        done.pk: ReportExport.DONE,
    }
    assert settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale-exports"]["task"] == (
        "reports.tasks.sweep_stale_exports"
    )


def test_retry_requeues_an_interrupted_export_and_builds_it(
    post, manager_client, report_year, manager_user
):
    export = _export(report_year, manager_user, ReportExport.QUEUED, 60)
    services.mark_interrupted()
    response = post(f"/reports/exports/{export.pk}/retry/")
    assert response.url == f"/reports/exports/{export.pk}/"
    export.refresh_from_db()
    assert (export.status, export.percent, export.error) == (ReportExport.DONE, 100, "")
    assert export.size and export.file.size == export.size
    assert "파일 받기" in manager_client.get(response.url).content.decode()


def test_cancel_ends_it_and_a_late_task_does_nothing(
    post, manager_client, report_year, manager_user
):
    export = _export(report_year, manager_user, ReportExport.RUNNING, 60)
    services.mark_interrupted()
    post(f"/reports/exports/{export.pk}/cancel/")
    export.refresh_from_db()
    assert export.status == ReportExport.CANCELLED and export.finished_at
    page = manager_client.get(f"/reports/exports/{export.pk}/").content.decode()
    assert "취소됨" in page and "/retry/" not in page and "/cancel/" not in page
    # The lost task is redelivered after all: it leaves the cancelled export alone.
    assert tasks.build_report_export.apply(args=[export.pk]).get() == ReportExport.CANCELLED
    export.refresh_from_db()
    assert export.status == ReportExport.CANCELLED and not export.file
    # Neither button works on it any more.
    post(f"/reports/exports/{export.pk}/retry/")
    export.refresh_from_db()
    assert export.status == ReportExport.CANCELLED


def test_cancel_while_running_stops_the_task_at_its_next_step(report_year, manager_user):
    export = _export(report_year, manager_user, ReportExport.QUEUED, 0)
    real = exporters.render

    def cancel_midway(fiscal_year, fmt, progress=None):
        def step(number, label):
            progress(number, label)
            if number == 2:
                services.cancel_export(export_id=export.pk)

        return real(fiscal_year, fmt, progress=step)

    from unittest import mock

    with mock.patch.object(exporters, "render", cancel_midway):
        assert tasks.build_report_export.apply(args=[export.pk]).get() == ReportExport.CANCELLED
    export.refresh_from_db()
    assert export.status == ReportExport.CANCELLED and not export.file and export.attempts == 1


def test_broker_down_when_requested_is_interrupted_at_once(
    post, manager_client, report_year, monkeypatch
):
    monkeypatch.setattr(services, "enqueue", lambda task, *args, **options: False)
    response = post("/reports/2021/exports/", {"fmt": "pdf"})
    export = ReportExport.objects.get()
    assert response.url == export.get_absolute_url()
    assert export.status == ReportExport.INTERRUPTED
    page = manager_client.get(response.url).content.decode()
    assert "작업 대기열에 연결하지 못해 중단되었습니다" in page and "다시 시도" in page
