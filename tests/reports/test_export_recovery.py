"""Exports whose task was lost: shown as 중단됨 with 다시 시작 and 취소.

A report export is a job of the generic machinery (core.jobs). A lost export
(the broker was down when it was requested, the worker was killed mid-build)
used to stay "대기 0%" forever. Now a job queued or running past
JOB_STALE_AFTER (above the task's hard time limit) is interrupted, starting
it again queues it, cancelling ends it, and a task that turns up after a
cancel does nothing."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from core import jobs
from core import tasks as core_tasks
from core.models import Job
from reports import exporters, services


@pytest.fixture
def post(manager_client, django_capture_on_commit_callbacks):
    def do(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return manager_client.post(url, data or {})

    return do


def _export(report_year, manager_user, status, minutes_ago):
    job = services.request_export(fiscal_year=report_year, fmt="html", user=manager_user)
    Job.objects.filter(pk=job.pk).update(
        status=status, touched_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    job.refresh_from_db()
    return job


def test_visibility_timeout_is_a_little_above_the_longest_task():
    from portal.celery import app

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS  # production, not only the tests'
    hard = core_tasks.run_job.time_limit
    assert hard == settings.JOB_TIME_LIMIT
    assert core_tasks.run_job.soft_time_limit < hard
    assert hard < options["visibility_timeout"] <= hard + 5 * 60
    assert options["visibility_timeout"] < 3600  # kombu's default: an hour
    assert app.conf.broker_transport_options["visibility_timeout"] == options["visibility_timeout"]
    # Every other task has a (shorter) limit of its own.
    assert settings.CELERY_TASK_TIME_LIMIT < hard
    assert settings.JOB_STALE_AFTER > hard


@pytest.mark.parametrize("status", [Job.QUEUED, Job.RUNNING])
def test_export_untouched_past_the_timeout_shows_interrupted_with_restart_and_cancel(
    manager_client, report_year, manager_user, status
):
    stale_minutes = settings.JOB_STALE_AFTER // 60 + 1
    export = _export(report_year, manager_user, status, stale_minutes)
    page = manager_client.get(f"/jobs/{export.pk}/").content.decode()
    export.refresh_from_db()
    assert export.status == Job.INTERRUPTED
    assert "중단됨" in page and "대기" not in page.split("job-status")[1][:20]
    assert f'action="/jobs/{export.pk}/restart/"' in page and "다시 시작" in page
    assert f'action="/jobs/{export.pk}/cancel/"' in page and ">취소<" in page
    assert "hx-trigger" not in page  # no more polling of a dead export
    assert 'href="/reports/2021/exports/"' in page  # the way back to the year's exports
    listing = manager_client.get("/reports/2021/exports/").content.decode()
    assert "중단됨" in listing


def test_export_still_within_the_timeout_is_left_alone(manager_client, report_year, manager_user):
    export = _export(report_year, manager_user, Job.RUNNING, 1)
    page = manager_client.get(f"/jobs/{export.pk}/").content.decode()
    export.refresh_from_db()
    assert export.status == Job.RUNNING
    assert "진행 중" in page and "/cancel/" not in page and "/restart/" not in page


def test_beat_sweep_interrupts_only_stale_exports(report_year, manager_user):
    stale = _export(report_year, manager_user, Job.QUEUED, 60)
    fresh = _export(report_year, manager_user, Job.QUEUED, 0)
    done = _export(report_year, manager_user, Job.DONE, 60)
    assert core_tasks.sweep_stale_jobs() == 1
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: Job.INTERRUPTED,
        fresh.pk: Job.QUEUED,
        done.pk: Job.DONE,
    }
    assert settings.CELERY_BEAT_SCHEDULE["sweep-stale-jobs"]["task"] == (
        "core.tasks.sweep_stale_jobs"
    )
    assert not any("reports" in entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_restart_requeues_an_interrupted_export_and_builds_it(
    post, manager_client, report_year, manager_user
):
    export = _export(report_year, manager_user, Job.QUEUED, 60)
    jobs.mark_interrupted()
    response = post(f"/jobs/{export.pk}/restart/")
    assert response.url == f"/jobs/{export.pk}/"
    export.refresh_from_db()
    assert (export.status, export.percent, export.error) == (Job.DONE, 100, "")
    assert export.size and export.file.size == export.size
    assert "파일 받기" in manager_client.get(response.url).content.decode()


def test_report_files_outlive_the_purge_of_old_job_files(report_year, manager_user):
    export = _export(report_year, manager_user, Job.QUEUED, 0)
    assert jobs.run(export.pk) == Job.DONE
    Job.objects.filter(pk=export.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    jobs.purge_expired_files()
    export.refresh_from_db()
    assert export.file and export.file.size == export.size


def test_cancel_ends_it_and_a_late_task_does_nothing(
    post, manager_client, report_year, manager_user
):
    export = _export(report_year, manager_user, Job.RUNNING, 60)
    jobs.mark_interrupted()
    post(f"/jobs/{export.pk}/cancel/")
    export.refresh_from_db()
    assert export.status == Job.CANCELLED and export.finished_at
    page = manager_client.get(f"/jobs/{export.pk}/").content.decode()
    assert "취소됨" in page and "/restart/" not in page and "/cancel/" not in page
    # The lost task is redelivered after all: it leaves the cancelled export alone.
    assert core_tasks.run_job.apply(args=[export.pk]).get() == Job.CANCELLED
    export.refresh_from_db()
    assert export.status == Job.CANCELLED and not export.file
    # Neither button works on it any more.
    post(f"/jobs/{export.pk}/restart/")
    export.refresh_from_db()
    assert export.status == Job.CANCELLED


def test_cancel_while_running_stops_the_task_at_its_next_step(report_year, manager_user):
    export = _export(report_year, manager_user, Job.QUEUED, 0)
    real = exporters.render

    def cancel_midway(fiscal_year, fmt, progress=None):
        def step(number, label):
            progress(number, label)
            if number == 2:
                jobs.cancel(job_id=export.pk)

        return real(fiscal_year, fmt, progress=step)

    from unittest import mock

    with mock.patch.object(exporters, "render", cancel_midway):
        assert core_tasks.run_job.apply(args=[export.pk]).get() == Job.CANCELLED
    export.refresh_from_db()
    assert export.status == Job.CANCELLED and not export.file and export.attempts == 1


def test_broker_down_when_requested_is_interrupted_at_once(
    post, manager_client, report_year, monkeypatch
):
    monkeypatch.setattr(core_tasks, "enqueue", lambda task, *args, **options: False)
    response = post("/reports/2021/exports/", {"fmt": "pdf"})
    export = Job.objects.get()
    assert response.url == export.get_absolute_url()
    assert export.status == Job.INTERRUPTED
    page = manager_client.get(response.url).content.decode()
    assert "작업 대기열에 연결하지 못해 중단되었습니다" in page and "다시 시작" in page
