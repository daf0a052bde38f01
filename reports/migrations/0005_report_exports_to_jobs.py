"""Report exports move onto the generic jobs (core.jobs): every ReportExport
row becomes a core.Job of the "report" builder with the same state, file,
times and requester, so the history stays visible; then the model goes.
The beat entry of the old sweeper is removed (core's sweep-stale-jobs covers
report exports now)."""

from django.db import migrations

FORMATS = {"pdf": "PDF", "xlsx": "엑셀", "html": "HTML", "hwpx": "한글(HWPX)"}
EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx", "html": "html", "hwpx": "hwpx"}


def to_jobs(apps, schema_editor):
    ReportExport = apps.get_model("reports", "ReportExport")
    Job = apps.get_model("core", "Job")
    for export in ReportExport.objects.select_related("fiscal_year").order_by("pk"):
        year = export.fiscal_year.year
        suffix = "_초안" if export.is_draft else ""
        job = Job.objects.create(
            kind="export",
            name="report",
            label=f"{year} 주요업무보고 {FORMATS.get(export.fmt, export.fmt)}",
            params={
                "year": year,
                "fmt": export.fmt,
                "back": f"/reports/{year}/exports/",
                "back_label": f"{year} 내보내기",
                "report_export": export.pk,
            },
            status=export.status,
            step=export.step,
            total_steps=export.total_steps,
            step_label=export.step_label,
            file=export.file.name,
            filename=f"{year}_주요업무보고{suffix}.{EXTENSIONS.get(export.fmt, export.fmt)}"
            if export.file
            else "",
            size=export.size,
            result={"draft": True} if export.is_draft else {},
            error=export.error,
            attempts=export.attempts,
            created_by_id=export.created_by_id,
            finished_at=export.finished_at,
            touched_at=export.touched_at,
        )
        # created_at is auto_now_add: set the request's own time afterwards.
        Job.objects.filter(pk=job.pk).update(created_at=export.created_at)


def to_exports(apps, schema_editor):
    ReportExport = apps.get_model("reports", "ReportExport")
    FiscalYear = apps.get_model("center", "FiscalYear")
    Job = apps.get_model("core", "Job")
    years = dict(FiscalYear.objects.values_list("year", "pk"))
    for job in Job.objects.filter(name="report").order_by("pk"):
        if job.params.get("year") not in years:
            continue
        export = ReportExport.objects.create(
            fiscal_year_id=years[job.params["year"]],
            fmt=job.params.get("fmt", "pdf"),
            status=job.status,
            step=job.step,
            total_steps=job.total_steps,
            step_label=job.step_label,
            file=job.file.name,
            size=job.size,
            attempts=job.attempts,
            error=job.error,
            is_draft=bool(job.result.get("draft")),
            created_by_id=job.created_by_id,
            finished_at=job.finished_at,
            touched_at=job.touched_at,
        )
        ReportExport.objects.filter(pk=export.pk).update(created_at=job.created_at)
    Job.objects.filter(name="report").delete()


def drop_old_sweeper(apps, schema_editor):
    try:
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:
        return
    PeriodicTask.objects.filter(task="reports.tasks.sweep_stale_exports").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_report_tables_reviews_marks"),
        ("core", "0004_job_attempts_cancelled"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(to_jobs, to_exports),
        migrations.RunPython(drop_old_sweeper, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReportExport"),
    ]
