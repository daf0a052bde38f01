"""Support for teams: experts and coaching, outcomes and demo days, small
events and their promotional content."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, TemplateView, UpdateView

from core.permissions import (
    StaffRequiredMixin,
    staff_required,
)
from core.privacy import log_access

from .. import selectors, services
from ..forms import (
    CoachingAssignmentForm,
    CoachingSessionForm,
    DemoDayForm,
    ExpertForm,
    OutcomeForm,
    PromoContentForm,
    SmallEventForm,
)
from ..models import (
    Application,
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Expert,
    Outcome,
    PromoContent,
    SmallEvent,
)
from .common import FORM_TEMPLATE, FormPageMixin, YearMixin

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

    def save(self, form):
        return services.save_small_event(event=form.instance)

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
