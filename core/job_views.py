"""Pages of the background jobs (core.jobs): start a list export, upload a
file to import (one preview-then-commit page for every registered
importer), follow a job's progress bar (htmx), take its file, see the
history of one's own jobs. A job is shown to whoever started it, and to
managers."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import jobs, roles
from .errors import ServiceError
from .exporting import FilterError
from .models import Job
from .permissions import staff_required
from .privacy import log_access
from .registry import get_exporter, get_importer
from .tasks import queue_job
from .uploads import attachment_response, validate_upload

HISTORY = 10


class ImportForm(forms.Form):
    file = forms.FileField(
        label="파일 (XLSX 또는 CSV)",
        help_text="첫 행은 제목 행입니다. 양식을 내려받아 작성하세요.",
        error_messages={"required": "가져올 파일을 고르세요."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".csv"):
            limit = settings.UPLOAD_MAX_BYTES_DOCUMENT
            if upload.size > limit:
                raise ValidationError(
                    f"파일이 너무 큽니다. {limit // (1024 * 1024)}MB 이하로 올려 주세요."
                )
            if upload.size == 0:
                raise ValidationError("빈 파일입니다.")
            return upload
        if not name.endswith(".xlsx"):
            raise ValidationError("XLSX 또는 CSV 파일만 가져올 수 있습니다.")
        validate_upload(upload, kinds=("xlsx",), max_bytes=settings.UPLOAD_MAX_BYTES_DOCUMENT)
        return upload


def _allowed(role: str, user) -> bool:
    return roles.is_manager(user) if role == "manager" else roles.is_staff_member(user)


def _own_job(request, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if job.created_by_id != request.user.pk and not roles.is_manager(request.user):
        raise Http404("작업이 없습니다.")
    return job


def _history(user, name: str):
    return Job.objects.filter(created_by=user, name=name).select_related("created_by")[:HISTORY]


@staff_required
@require_POST
def export_start(request, name: str):
    exporter = get_exporter(name)
    if exporter is None:
        raise Http404("내보내기가 없습니다.")
    if not exporter.allowed(request.user):
        raise PermissionDenied("이 목록을 내려받을 권한이 없습니다.")
    query = request.POST.get("query", "")[:2000]
    back = request.META.get("HTTP_REFERER") or "/"
    try:
        job = jobs.start_export(
            exporter=exporter, query=query, fmt=request.POST.get("fmt"), user=request.user
        )
    except (FilterError, ServiceError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
        return redirect(back)
    if exporter.personal:
        count = exporter.queryset(query).count()
        log_access(
            request,
            None,
            "export",
            subject=f"{exporter.label} {count:,}건 (가림 처리)",
            reason=query[:200],
        )
    queue_job(job.pk)
    return redirect(job)


@staff_required
def import_page(request, name: str):
    """Upload → every row checked in the background → preview → import."""
    importer = get_importer(name)
    if importer is None:
        raise Http404("가져오기가 없습니다.")
    if not _allowed(importer.role, request.user):
        raise PermissionDenied("이 가져오기를 할 권한이 없습니다.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.start_preview(
            importer=importer, upload=form.cleaned_data["file"], user=request.user
        )
        queue_job(job.pk)
        return redirect(job)
    return render(
        request,
        "core/import.html",
        {"form": form, "importer": importer, "history": _history(request.user, name)},
    )


@staff_required
def job_detail(request, pk: int):
    jobs.mark_interrupted(job_id=pk)
    job = _own_job(request, pk)
    importer = get_importer(job.name) if job.kind != Job.EXPORT else None
    context = {"job": job, "importer": importer}
    if request.htmx:
        return render(request, "core/_job_progress.html", context)
    context["history"] = _history(job.created_by, job.name)
    return render(request, "core/job_detail.html", context)


@staff_required
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != Job.DONE or not job.file:
        raise Http404("내려받을 파일이 없습니다.")
    return attachment_response(job.file, job.filename)


@staff_required
@require_POST
def job_import(request, pk: int):
    job = _own_job(request, pk)
    importer = get_importer(job.name)
    if importer is None or not _allowed(importer.role, request.user):
        raise PermissionDenied("이 가져오기를 할 권한이 없습니다.")
    try:
        follow = jobs.start_import(job=job, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(job)
    queue_job(follow.pk)
    return redirect(follow)


@staff_required
@require_POST
def job_cancel(request, pk: int):
    return _transition(
        request,
        pk,
        jobs.cancel,
        done="작업을 취소했습니다.",
        refused="이미 끝난 작업은 취소할 수 없습니다.",
    )


@staff_required
@require_POST
def job_restart(request, pk: int):
    return _transition(
        request,
        pk,
        jobs.restart,
        then=queue_job,
        done="작업을 다시 시작했습니다.",
        refused="이 작업은 다시 시작할 수 없습니다.",
    )


def _transition(request, pk: int, change, *, done: str, refused: str, then=None):
    """The job page's 취소 and 다시 시작 buttons: `change(job_id=…)` is a
    core.jobs transition that answers whether it applied (it takes the lock
    and checks the state); `then(job_id)` runs after one that did (restart
    queues the task again). Either way the person is back on the job's page
    with a message saying what happened."""
    job = _own_job(request, pk)
    if change(job_id=job.pk):
        if then is not None:
            then(job.pk)
        messages.success(request, done)
    else:
        messages.error(request, refused)
    return redirect(job)
