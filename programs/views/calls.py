"""Public pages (open calls, apply, the private status link), the staff overview,
programs and calls (with their criteria and document types), reviewer
assignment, applications, reviews and decisions."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from center.selectors import current_fiscal_year_or_404
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
from core.public_forms import rate_limited
from core.registry import get as source
from core.uploads import attachment_response
from core.views import ObjectEditView, ObjectListView, render_form, service_errors_on

from .. import selectors, services, xlsx
from ..exporting import ApplicationExport
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
from ..indicators import INDICATOR_SOURCES
from ..models import Call, Program
from ..roles import ReviewerRequiredMixin
from ..tables import ApplicationTable
from .common import YearMixin, paginate

# --- public ---------------------------------------------------------------------------------


@public
def public_calls(request):
    page = paginate(request, selectors.open_calls())
    return render(request, "programs/public_calls.html", {"calls": page, "page_obj": page})


@public
def public_call(request, pk):
    call = get_object_or_404(selectors.published_calls(), pk=pk)
    return render(
        request,
        "programs/public_call.html",
        {"call": call, "is_open": call.is_open(timezone.now())},
    )


@public
def plan_template(request, pk):
    """The call's 사업계획서 form, with the sections its criteria ask for."""
    call = get_object_or_404(selectors.published_calls(), pk=pk)
    return xlsx.response(xlsx.plan_template(call), call, "plan-template")


# Five accepted applications per address per 10 minutes; refused posts
# (a missing field, a bad file) do not count.
APPLY_LIMIT, APPLY_PERIOD = 5, 600


@public
def apply(request, pk):
    call = get_object_or_404(selectors.published_calls(), pk=pk)
    if not call.is_open(timezone.now()):
        return render(request, "programs/public_closed.html", {"call": call}, status=410)
    if request.method == "POST" and rate_limited(
        request, "programs-apply", APPLY_LIMIT, APPLY_PERIOD, peek=True
    ):
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(APPLY_PERIOD)
        return response
    form = ApplicationForm(request.POST or None, request.FILES or None, call=call)
    if request.method == "POST":
        form.mark_held(selectors.held_uploads(call=call, form_key=form.key))
        if form.is_valid():
            with service_errors_on(form):
                application = services.submit_application(
                    call=call,
                    data=form.application_data(),
                    members=form.cleaned_data["members"],
                    files=form.uploads,
                    held=form.held_used,
                    consent={**form.consent_record(), **form.participants_consent_record()},
                )
                rate_limited(request, "programs-apply", APPLY_LIMIT, APPLY_PERIOD)
                return redirect("programs:status", token=application.token)
        uploads = getattr(form, "uploads", {})  # clean() may have stopped early
        if form.key is not None and uploads:
            form.mark_held(services.hold_uploads(call=call, form_key=form.key, uploads=uploads))
    return render_form(request, "programs/apply.html", {"call": call, "form": form}, form=form)


@public
@never_cache
def application_status(request, token):
    application = get_object_or_404(selectors.application_by_token(token))
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
    return redirect("programs:overview", year=current_fiscal_year_or_404().year)


class OverviewView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/overview.html"

    def get_context_data(self, **kwargs):
        calls = paginate(self.request, selectors.calls_of_year(self.fiscal_year))
        rows = []
        for (_unit, name), key in INDICATOR_SOURCES.items():
            src = source(key)
            rows.append((name, src.label, src.func(self.fiscal_year.year), src.measure))
        return super().get_context_data(
            calls=calls,
            page_obj=calls,
            programs=selectors.programs(),
            indicator_rows=rows,
            **kwargs,
        )


# --- programs and calls (manager) -------------------------------------------------------------


class ProgramEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = Program, ProgramForm, "지원사업"
    success_url = reverse_lazy("programs:home")


@manager_required
def call_edit(request, pk=None):
    call = get_object_or_404(selectors.calls(), pk=pk) if pk else Call()
    form = CallForm(request.POST or None, instance=call)
    criteria = CriterionFormSet(request.POST or None, instance=call, prefix="criteria")
    documents = DocumentTypeFormSet(request.POST or None, instance=call, prefix="documents")
    if request.method == "POST":
        if form.is_valid() and criteria.is_valid() and documents.is_valid():
            with service_errors_on(form):
                call = services.save_call(
                    call=form.save(commit=False), criteria=criteria, documents=documents
                )
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


class CallApplicationsView(StaffRequiredMixin, ObjectListView):
    """A call's applications: sortable, masked, 50 a page (the whole list is
    the XLSX download)."""

    table_class = ApplicationTable
    exporter = ApplicationExport()
    template_name = "programs/call_staff.html"
    context_object_name = "applications"

    @cached_property
    def call(self):
        return get_object_or_404(selectors.calls(), pk=self.kwargs["pk"])

    def get_base_queryset(self):
        return selectors.applications_for_call(self.call)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("call", self.call)
        kwargs.setdefault("fiscal_year", self.call.fiscal_year)
        return super().get_context_data(**kwargs)


call_staff = CallApplicationsView.as_view()


@staff_required
def ranking(request, pk):
    call = get_object_or_404(selectors.calls(), pk=pk)
    page = paginate(request, selectors.ranking(call))
    return render(
        request,
        "programs/ranking.html",
        {"call": call, "page_obj": page, "rows": page, "fiscal_year": call.fiscal_year},
    )


@staff_required
def ranking_xlsx(request, pk):
    """The whole ranking (no personal data: teams, scores, decisions)."""
    call = get_object_or_404(selectors.calls(), pk=pk)
    return xlsx.response(xlsx.ranking(call, selectors.ranking(call)), call, "ranking")


@manager_required
def assign_reviewer(request, pk):
    call = get_object_or_404(selectors.calls(), pk=pk)
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
    application = get_object_or_404(selectors.application_page(pk))
    log_access(
        request,
        application,
        "view",
        subject=f"지원사업 신청 #{application.pk} ({mask_name(application.representative)})",
    )
    grant = getattr(application, "grant", None)
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


class ReviewInboxView(ReviewerRequiredMixin, TemplateView):
    template_name = "programs/review_inbox.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = paginate(self.request, selectors.review_inbox(user))
        mine = selectors.review_totals(user, [a.pk for a in page])
        rows = [(a, mine.get(a.pk)) for a in page]
        return super().get_context_data(rows=rows, page_obj=page, **kwargs)


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
        review = selectors.review_of(application, request.user)
        form = ReviewForm(criteria=application.call.criteria.all(), review=review)
        return self.render_to_response({"application": application, "form": form})

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        form = ReviewForm(request.POST, criteria=application.call.criteria.all())
        if form.is_valid():
            with service_errors_on(form):
                services.save_review(
                    application=application,
                    reviewer=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, "심사 점수를 저장했습니다.")
                return redirect("programs:review_inbox")
        return self.render_to_response({"application": application, "form": form})


class _ReviewableAttachmentMixin:
    """Finds the attachment among the applications the user may review
    (404 otherwise) before the reason step asks anything."""

    def dispatch(self, request, *args, **kwargs):
        self.attachment = get_object_or_404(
            selectors.reviewable_attachment(
                request.user, application=self.kwargs["pk"], attachment=self.kwargs["attachment"]
            )
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
    application = get_object_or_404(selectors.applications(), pk=pk)
    form = DecisionForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        with service_errors_on(form):
            services.decide(
                application=application,
                selected=c["decision"] == "selected",
                amount=c.get("amount"),
                budget_line=c.get("budget_line"),
                items=(c.get("items") or "").splitlines(),
                note=c.get("note", ""),
                status_url=settings.PUBLIC_BASE_URL + application.status_url(),
            )
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
