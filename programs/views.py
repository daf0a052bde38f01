"""Public pages (open calls, apply, private status link) and the staff pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, TemplateView, UpdateView

from center.models import FiscalYear
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
from core.privacy import log_access, mask_email, mask_name, mask_phone
from core.privacy_views import ReasonRequiredMixin, require_reason
from core.public_forms import ratelimit
from core.uploads import attachment_response

from . import selectors, services
from .forms import (
    AdvisoryMemberForm,
    ApplicationForm,
    AssignReviewerForm,
    CallForm,
    CoachingAssignmentForm,
    CoachingSessionForm,
    CriterionFormSet,
    DecisionForm,
    DemoDayForm,
    DisbursementForm,
    DocumentTypeFormSet,
    ExpertForm,
    OutcomeForm,
    PolicyIssueForm,
    PolicyMeetingForm,
    ProgramForm,
    PromoContentForm,
    ReviewForm,
    SettlementForm,
    SmallEventForm,
    SpendingForm,
)
from .models import (
    AdvisoryMember,
    Application,
    Attachment,
    Call,
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Expert,
    Grant,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    Program,
    PromoContent,
    ReviewAssignment,
    SmallEvent,
    Spending,
)
from .roles import ReviewerRequiredMixin

FORM_TEMPLATE = "programs/form.html"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


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
            _add_errors(form, exc)
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


# --- year scoping ---------------------------------------------------------------------------


class YearMixin:
    @cached_property
    def fiscal_year(self) -> FiscalYear:
        return get_object_or_404(FiscalYear, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("fiscal_year", self.fiscal_year)
        kwargs.setdefault("years", FiscalYear.objects.all())
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["fiscal_year"] = self.fiscal_year
        return kwargs


class FormPageMixin:
    template_name = FORM_TEMPLATE
    title = ""
    success_text = "저장했습니다."

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        kwargs.setdefault("back_url", self.get_success_url())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_text)
        return response


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

        from .indicators import INDICATOR_SOURCES

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
            with transaction.atomic():
                call = form.save()
                criteria.instance = call
                documents.instance = call
                criteria.save()
                documents.save()
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
    for app in applications:
        app.masked_representative = mask_name(app.representative)
        app.masked_phone = mask_phone(app.phone)
        app.masked_email = mask_email(app.email)
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
        ids = list(call.applications.values_list("pk", flat=True))
        ReviewAssignment.objects.bulk_create(
            [ReviewAssignment(application_id=i, reviewer=reviewer) for i in ids],
            ignore_conflicts=True,
        )
        messages.success(
            request,
            f"{staff_name(reviewer)}님에게 신청 {len(ids)}건을 배정했습니다.",
        )
        return redirect("programs:call_staff", pk=call.pk)
    assigned = (
        ReviewAssignment.objects.filter(application__call=call)
        .values("reviewer__username", "reviewer__first_name")
        .annotate(n=Count("pk"))
        .order_by("reviewer__username")
    )
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
    from .models import Review

    return Review.objects.select_related("reviewer").prefetch_related("scores__criterion")


class ReviewInboxView(ReviewerRequiredMixin, TemplateView):
    template_name = "programs/review_inbox.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        from .models import Review

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
        from .models import Review

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
                _add_errors(form, exc)
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
            _add_errors(form, exc)
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


# --- grants -----------------------------------------------------------------------------------


class GrantListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/grants.html"

    def get_context_data(self, **kwargs):
        grants = list(selectors.grants(self.fiscal_year))
        totals = {
            "amount": sum(g.amount for g in grants),
            "disbursed": sum(g.disbursed for g in grants),
            "spent": sum(g.spent for g in grants),
        }
        return super().get_context_data(grants=grants, totals=totals, **kwargs)


def _grant(pk):
    return get_object_or_404(
        Grant.objects.select_related(
            "application",
            "application__call",
            "application__call__program",
            "application__call__fiscal_year",
            "budget_line",
        ),
        pk=pk,
    )


@staff_required
def grant_detail(request, pk):
    grant = _grant(pk)
    items = grant.items.annotate(total=Sum("spendings__amount")).order_by("pk")
    return render(
        request,
        "programs/grant.html",
        {
            "grant": grant,
            "items": items,
            "disbursements": grant.disbursements.select_related("expenditure"),
            "spendings": grant.spendings.select_related("item"),
            "settlement": getattr(grant, "settlement", None),
            "figures": services.settlement_figures(grant),
            "fiscal_year": grant.application.call.fiscal_year,
        },
    )


def _grant_form_page(request, grant, form, title):
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "subtitle": f"{grant.application.organisation} · {grant.application.project_name}",
            "back_url": grant.get_absolute_url(),
            "multipart": True,
        },
    )


@manager_required
def disburse(request, pk):
    grant = _grant(pk)
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_disbursement(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "지급을 기록하고 센터 집행 내역에 반영했습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "지원금 지급")


@staff_required
def add_spending(request, pk):
    grant = _grant(pk)
    form = SpendingForm(request.POST or None, request.FILES or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_spending(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "사용 내역을 기록했습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "사용 내역 등록")


@staff_required
def delete_spending(request, pk):
    spending = get_object_or_404(Spending.objects.select_related("grant"), pk=pk)
    if request.method == "POST":
        try:
            services.delete_spending(spending=spending)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "사용 내역을 삭제했습니다.")
        return redirect(spending.grant)
    return render(
        request,
        "programs/confirm_delete.html",
        {"object": spending, "back_url": spending.grant.get_absolute_url()},
    )


def _describe_receipt(request, pk):
    spending = Spending.objects.select_related("grant").filter(pk=pk).first()
    if spending is None:
        return None, request.path
    return spending, f"사업비 증빙 {spending.grant} {spending.receipt_name}"[:200]


@staff_required
@require_http_methods(["GET", "POST"])  # POST: the reason form
@require_reason(action="export", describe=_describe_receipt, title="증빙 서류 내려받기")
def receipt(request, pk):
    """Receipts may name payees (강사료, 인건비): a reason first, logged."""
    spending = get_object_or_404(Spending, pk=pk)
    return attachment_response(spending.receipt, spending.receipt_name or "receipt")


@manager_required
def settle(request, pk):
    grant = _grant(pk)
    form = SettlementForm(request.POST or None, initial={"settled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.settle(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "정산을 마쳤습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "정산")


# --- coaching ----------------------------------------------------------------------------------


class CoachingListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/coaching.html"

    def get_context_data(self, **kwargs):
        assignments = selectors.coaching(self.fiscal_year).prefetch_related(
            Prefetch("sessions", queryset=CoachingSession.objects.order_by("date", "pk"))
        )
        experts = Expert.objects.annotate(n=Count("assignments"))
        return super().get_context_data(assignments=assignments, experts=experts, **kwargs)


class ExpertCreateView(StaffRequiredMixin, FormPageMixin, CreateView):
    model = Expert
    form_class = ExpertForm
    title = "전문가 등록"

    def get_success_url(self):
        return reverse("programs:home")


class ExpertUpdateView(ExpertCreateView, UpdateView):
    title = "전문가 정보 수정"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log_access(request, self.object, "view", subject=f"경영 전문가 #{self.object.pk}")
        return response


class AssignmentCreateView(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    model = CoachingAssignment
    form_class = CoachingAssignmentForm
    title = "코칭·컨설팅 배정"

    def get_success_url(self):
        return reverse("programs:coaching", args=[self.fiscal_year.year])


class SessionCreateView(StaffRequiredMixin, FormPageMixin, CreateView):
    model = CoachingSession
    form_class = CoachingSessionForm
    title = "코칭·컨설팅 회차 기록"

    @cached_property
    def assignment(self):
        return get_object_or_404(
            CoachingAssignment.objects.select_related("application__call__fiscal_year", "expert"),
            pk=self.kwargs["pk"],
        )

    def form_valid(self, form):
        form.instance.assignment = self.assignment
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.assignment))
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse(
            "programs:coaching", args=[self.assignment.application.call.fiscal_year.year]
        )


# --- outcomes and demo days --------------------------------------------------------------------


class OutcomeListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/outcomes.html"

    def get_context_data(self, **kwargs):
        supported = (
            Application.objects.filter(
                call__fiscal_year=self.fiscal_year, status=Application.SELECTED
            )
            .select_related("call__program", "outcome", "grant")
            .prefetch_related("members")
            .order_by("call__program__order", "organisation", "pk")
        )
        demo_days = (
            DemoDay.objects.filter(fiscal_year=self.fiscal_year)
            .select_related("program")
            .prefetch_related("teams")
        )
        founded = Outcome.objects.filter(
            application__call__fiscal_year=self.fiscal_year, founded=True
        ).count()
        return super().get_context_data(
            supported=supported, demo_days=demo_days, founded=founded, **kwargs
        )


@staff_required
def outcome_edit(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call__fiscal_year"),
        pk=pk,
        status=Application.SELECTED,
    )
    outcome = Outcome.objects.filter(application=application).first() or Outcome(
        application=application
    )
    form = OutcomeForm(request.POST or None, instance=outcome)
    back = reverse("programs:outcomes", args=[application.call.fiscal_year.year])
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "성과를 저장했습니다.")
        return redirect(back)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "title": "성과 기록", "subtitle": str(application), "back_url": back},
    )


class DemoDayCreateView(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    model = DemoDay
    form_class = DemoDayForm
    title = "데모데이 등록"

    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("programs:outcomes", args=[self.fiscal_year.year])


class DemoDayUpdateView(DemoDayCreateView, UpdateView):
    title = "데모데이 수정"

    def get_queryset(self):
        return DemoDay.objects.filter(fiscal_year=self.fiscal_year)


# --- small events ------------------------------------------------------------------------------


class SmallEventListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/small_events.html"

    def get_context_data(self, **kwargs):
        events = SmallEvent.objects.filter(fiscal_year=self.fiscal_year).prefetch_related(
            "contents"
        )
        return super().get_context_data(
            events=events, totals=selectors.crowdfunding_totals(self.fiscal_year), **kwargs
        )


class SmallEventCreateView(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    model = SmallEvent
    form_class = SmallEventForm
    title = "작은행사 등록"

    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("programs:small_events", args=[self.fiscal_year.year])


class SmallEventUpdateView(SmallEventCreateView, UpdateView):
    title = "작은행사 수정"

    def get_queryset(self):
        return SmallEvent.objects.filter(fiscal_year=self.fiscal_year)


class PromoContentCreateView(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    model = PromoContent
    form_class = PromoContentForm
    title = "홍보 콘텐츠 등록"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("fiscal_year")
        return kwargs

    @cached_property
    def event(self):
        return get_object_or_404(SmallEvent, pk=self.kwargs["pk"], fiscal_year=self.fiscal_year)

    def form_valid(self, form):
        form.instance.event = self.event
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.event))
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse("programs:small_events", args=[self.fiscal_year.year])


# --- policy work -------------------------------------------------------------------------------


class PolicyView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/policy.html"

    def get_context_data(self, **kwargs):
        fy = self.fiscal_year
        meetings = PolicyMeeting.objects.filter(fiscal_year=fy).prefetch_related("attendees")
        issues = PolicyIssue.objects.filter(fiscal_year=fy)
        status = self.request.GET.get("status", "")
        if status in dict(PolicyIssue.STATUSES):
            issues = issues.filter(status=status)
        if self.request.GET.get("priority") == "1":
            issues = issues.filter(priority=True)
        counts = PolicyIssue.objects.filter(fiscal_year=fy).aggregate(
            total=Count("pk"), priority=Count("pk", filter=Q(priority=True))
        )
        return super().get_context_data(
            members=AdvisoryMember.objects.filter(fiscal_year=fy),
            meetings=meetings,
            issues=issues,
            counts=counts,
            statuses=PolicyIssue.STATUSES,
            **kwargs,
        )


class _PolicyCreate(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("programs:policy", args=[self.fiscal_year.year])

    def get_queryset(self):
        return self.model.objects.filter(fiscal_year=self.fiscal_year)


class MemberCreateView(_PolicyCreate):
    model = AdvisoryMember
    form_class = AdvisoryMemberForm
    title = "자문위원 등록"


class MeetingCreateView(_PolicyCreate):
    model = PolicyMeeting
    form_class = PolicyMeetingForm
    title = "회의·토론회 기록"


class MeetingUpdateView(MeetingCreateView, UpdateView):
    title = "회의·토론회 수정"


class IssueCreateView(_PolicyCreate):
    model = PolicyIssue
    form_class = PolicyIssueForm
    title = "제도개선 과제 등록"


class IssueUpdateView(IssueCreateView, UpdateView):
    title = "제도개선 과제 수정"
