"""Public pages (open calls, apply, the private status link), the staff overview,
programs and calls (with their criteria and document types), reviewer
assignment, applications, reviews and decisions."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, TemplateView, UpdateView

from center.selectors import current_fiscal_year
from core.display import staff_name
from core.korean import josa
from core.permissions import (
    ManagerRequiredMixin,
    StaffRequiredMixin,
    manager_required,
    public,
    staff_required,
)
from core.privacy import log_access, mask_name
from core.privacy_views import ReasonRequiredMixin
from core.public_forms import ratelimit
from core.uploads import attachment_response

from .. import selectors, services
from ..forms import (
    ApplicationForm,
    AssignReviewerForm,
    CallForm,
    CriterionFormSet,
    DecisionForm,
    DocumentTypeFormSet,
    ProgramForm,
    ReviewForm,
)
from ..models import (
    Application,
    Attachment,
    Call,
    Grant,
    Program,
)
from ..roles import ReviewerRequiredMixin
from .common import FormPageMixin, YearMixin, add_service_error

# --- public ---------------------------------------------------------------------------------


@public
def public_calls(request):
    return render(request, "programs/public_calls.html", {"calls": selectors.open_calls()})


@public
def public_call(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("program", "fiscal_year").prefetch_related(
            "criteria", "document_types"
        ),
        pk=pk,
        published=True,
    )
    return render(
        request,
        "programs/public_call.html",
        {"call": call, "is_open": call.is_open(timezone.now())},
    )


@public
@ratelimit("programs-apply", limit=5, period=600)
def apply(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("program").prefetch_related("document_types"),
        pk=pk,
        published=True,
    )
    if not call.is_open(timezone.now()):
        return render(request, "programs/public_closed.html", {"call": call}, status=410)
    form = ApplicationForm(request.POST or None, request.FILES or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(
                call=call,
                data=form.application_data(),
                members=form.cleaned_data["members"],
                files=form.uploads,
                consent=form.consent_record(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("programs:status", token=application.token)
    return render(request, "programs/apply.html", {"call": call, "form": form})


@public
@never_cache
def application_status(request, token):
    application = get_object_or_404(
        Application.objects.select_related("call", "call__program", "grant").prefetch_related(
            "members", "attachments"
        ),
        token=token,
    )
    return render(
        request,
        "programs/status.html",
        {
            "application": application,
            "status_url": request.build_absolute_uri(application.status_url()),
        },
    )


@staff_required
def staff_home(request):
    fiscal_year = current_fiscal_year()
    if fiscal_year is None:
        raise Http404("회계연도가 없습니다.")
    return redirect("programs:overview", year=fiscal_year.year)


class OverviewView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/overview.html"

    def get_context_data(self, **kwargs):
        calls = (
            Call.objects.filter(fiscal_year=self.fiscal_year)
            .select_related("program")
            .annotate(
                n_applications=Count("applications", distinct=True),
            )
            .order_by("program__order", "opens_at", "pk")
        )
        from core.registry import get as source

        from ..indicators import INDICATOR_SOURCES

        rows = []
        for (_unit, name), key in INDICATOR_SOURCES.items():
            src = source(key)
            rows.append((name, src.label, src.func(self.fiscal_year.year), src.measure))
        return super().get_context_data(
            calls=calls,
            programs=Program.objects.all(),
            indicator_rows=rows,
            **kwargs,
        )


# --- programs and calls (manager) -------------------------------------------------------------


class ProgramCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    model = Program
    form_class = ProgramForm
    title = "지원사업 추가"

    def get_success_url(self):
        return reverse("programs:home")


class ProgramUpdateView(ProgramCreateView, UpdateView):
    title = "지원사업 수정"


@manager_required
def call_edit(request, pk=None):
    call = get_object_or_404(Call, pk=pk) if pk else Call()
    form = CallForm(request.POST or None, instance=call)
    criteria = CriterionFormSet(request.POST or None, instance=call, prefix="criteria")
    documents = DocumentTypeFormSet(request.POST or None, instance=call, prefix="documents")
    if request.method == "POST":
        if form.is_valid() and criteria.is_valid() and documents.is_valid():
            try:
                call = services.save_call(
                    call=form.save(commit=False), criteria=criteria, documents=documents
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "공고를 저장했습니다.")
                return redirect("programs:call_staff", pk=call.pk)
    return render(
        request,
        "programs/call_form.html",
        {
            "form": form,
            "criteria": criteria,
            "documents": documents,
            "call": call if call.pk else None,
        },
    )


@staff_required
def call_staff(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("program", "fiscal_year").prefetch_related(
            "criteria", "document_types"
        ),
        pk=pk,
    )
    applications = list(selectors.applications_for_call(call))
    return render(
        request,
        "programs/call_staff.html",
        {"call": call, "applications": applications, "fiscal_year": call.fiscal_year},
    )


@staff_required
def ranking(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("program", "fiscal_year").prefetch_related("criteria"), pk=pk
    )
    rows = list(selectors.ranking(call))
    return render(
        request,
        "programs/ranking.html",
        {"call": call, "rows": rows, "fiscal_year": call.fiscal_year},
    )


@manager_required
def assign_reviewer(request, pk):
    call = get_object_or_404(Call, pk=pk)
    form = AssignReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        n = services.assign_reviewer(call=call, reviewer=reviewer)
        messages.success(
            request,
            f"{staff_name(reviewer)}님에게 신청 {n}건을 배정했습니다.",
        )
        return redirect("programs:call_staff", pk=call.pk)
    assigned = selectors.reviewer_loads(call)
    return render(
        request,
        "programs/assign.html",
        {"call": call, "form": form, "assigned": assigned, "title": "심사위원 배정"},
    )


# --- applications, reviews, decisions --------------------------------------------------------


@staff_required
def application_detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related(
            "call", "call__program", "call__fiscal_year"
        ).prefetch_related(
            "members",
            "attachments__document_type",
            Prefetch("reviews", queryset=_reviews_qs()),
        ),
        pk=pk,
    )
    log_access(
        request,
        application,
        "view",
        subject=f"지원사업 신청 #{application.pk} ({mask_name(application.representative)})",
    )
    grant = Grant.objects.filter(application=application).first()
    decision_form = None
    if not application.is_decided:
        decision_form = DecisionForm(application=application)
    return render(
        request,
        "programs/application.html",
        {
            "application": application,
            "grant": grant,
            "decision_form": decision_form,
            "fiscal_year": application.call.fiscal_year,
        },
    )


def _reviews_qs():
    from ..models import Review

    return Review.objects.select_related("reviewer").prefetch_related("scores__criterion")


class ReviewInboxView(ReviewerRequiredMixin, TemplateView):
    template_name = "programs/review_inbox.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        from ..models import Review

        apps = (
            selectors.reviewable_applications(user)
            .exclude(status__in=[Application.SELECTED, Application.REJECTED])
            .order_by("call", "submitted_at", "pk")
        )
        mine = dict(
            Review.objects.filter(reviewer=user, application__in=apps).values_list(
                "application_id", "weighted_total"
            )
        )
        rows = [(a, mine.get(a.pk)) for a in apps]
        return super().get_context_data(rows=rows, **kwargs)


class ReviewView(ReviewerRequiredMixin, TemplateView):
    template_name = "programs/review.html"

    def get_application(self):
        application = (
            selectors.reviewable_applications(self.request.user)
            .prefetch_related("members", "attachments__document_type", "call__criteria")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if application is None:
            raise Http404("심사할 수 있는 신청이 아닙니다.")
        return application

    def get(self, request, *args, **kwargs):
        application = self.get_application()
        from ..models import Review

        review = (
            Review.objects.filter(application=application, reviewer=request.user)
            .prefetch_related("scores")
            .first()
        )
        form = ReviewForm(criteria=application.call.criteria.all(), review=review)
        return self.render_to_response({"application": application, "form": form})

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        form = ReviewForm(request.POST, criteria=application.call.criteria.all())
        if form.is_valid():
            try:
                services.save_review(
                    application=application,
                    reviewer=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "심사 점수를 저장했습니다.")
                return redirect("programs:review_inbox")
        return self.render_to_response({"application": application, "form": form})


class _ReviewableAttachmentMixin:
    """Finds the attachment among the applications the user may review
    (404 otherwise) before the reason step asks anything."""

    def dispatch(self, request, *args, **kwargs):
        application = selectors.reviewable_applications(request.user).filter(pk=self.kwargs["pk"])
        self.attachment = get_object_or_404(
            Attachment.objects.select_related("application"),
            pk=self.kwargs["attachment"],
            application__in=application,
        )
        return super().dispatch(request, *args, **kwargs)


class AttachmentDownloadView(
    ReviewerRequiredMixin, _ReviewableAttachmentMixin, ReasonRequiredMixin, View
):
    """Applicants' documents: a reason first, then the file, logged with it."""

    reason_title = "신청 서류 내려받기"

    def describe_access(self, request, *args, **kwargs):
        application = self.attachment.application
        subject = f"지원사업 신청 {application} 첨부 {self.attachment.original_name}"
        return application, subject[:200]

    def get(self, request, *args, **kwargs):
        return attachment_response(self.attachment.file, self.attachment.original_name)


@manager_required
def decide(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call", "call__program", "call__fiscal_year"), pk=pk
    )
    form = DecisionForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.decide(
                application=application,
                selected=c["decision"] == "selected",
                amount=c.get("amount"),
                budget_line=c.get("budget_line"),
                items=(c.get("items") or "").splitlines(),
                note=c.get("note", ""),
                status_url=settings.PUBLIC_BASE_URL + application.status_url(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                f"{josa(application.get_status_display(), '으로/로')} 결정하고 신청자에게 메일을 보냈습니다.",
            )
            return redirect("programs:ranking", pk=application.call_id)
    return render(
        request,
        "programs/decide.html",
        {"application": application, "form": form, "title": "선정 결정"},
    )
