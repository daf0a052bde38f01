"""Support for teams: experts and coaching, outcomes and demo days, small
events and their promotional content."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from core.permissions import StaffRequiredMixin, staff_required
from core.privacy import log_access
from core.views import ObjectCreateView, ObjectEditView, ObjectListView

from .. import forms, selectors, services
from ..models import CoachingAssignment, CoachingSession, DemoDay, Expert, PromoContent, SmallEvent
from ..tables import OutcomeTable, SmallEventTable
from .common import FORM_TEMPLATE, YearListMixin, YearMixin, YearScopedMixin, paginate

# --- coaching ----------------------------------------------------------------------------------


class CoachingListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/coaching.html"

    def get_context_data(self, **kwargs):
        page = paginate(self.request, selectors.coaching_with_sessions(self.fiscal_year))
        return super().get_context_data(
            assignments=page, page_obj=page, experts=selectors.experts(), **kwargs
        )


class ExpertEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class = Expert, forms.ExpertForm
    titles = ("전문가 등록", "전문가 정보 수정")
    success_url = reverse_lazy("programs:home")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object is not None:
            log_access(request, self.object, "view", subject=f"경영 전문가 #{self.object.pk}")
        return response


class AssignmentCreateView(YearMixin, StaffRequiredMixin, ObjectCreateView):
    model = CoachingAssignment
    form_class = forms.CoachingAssignmentForm
    title = "코칭·컨설팅 배정"

    def get_success_url(self):
        return reverse("programs:coaching", args=[self.fiscal_year.year])


class SessionCreateView(StaffRequiredMixin, ObjectCreateView):
    model = CoachingSession
    form_class = forms.CoachingSessionForm
    title = "코칭·컨설팅 회차 기록"

    @cached_property
    def assignment(self):
        return get_object_or_404(selectors.assignments(), pk=self.kwargs["pk"])

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


class OutcomeListView(YearListMixin, StaffRequiredMixin, ObjectListView):
    """The year's selected teams' outcomes as one sortable table, then the demo days."""

    selector = staticmethod(selectors.supported_with_outcomes)
    table_class = OutcomeTable
    template_name = "programs/outcomes.html"
    context_object_name = "supported"

    def get_context_data(self, **kwargs):
        fy = self.fiscal_year
        kwargs.update(demo_days=selectors.demo_days(fy), founded=selectors.founded_count(fy))
        return super().get_context_data(**kwargs)


@staff_required
def outcome_edit(request, pk):
    application = get_object_or_404(selectors.selected_application(pk))
    form = forms.OutcomeForm(request.POST or None, instance=selectors.outcome_for(application))
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


class DemoDayEditView(YearScopedMixin, StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = DemoDay, forms.DemoDayForm, "데모데이", ("등록", "수정")
    year_url = "programs:outcomes"


# --- small events ------------------------------------------------------------------------------


class SmallEventListView(YearListMixin, StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.small_events)
    table_class = SmallEventTable
    template_name = "programs/small_events.html"
    context_object_name = "events"

    @cached_property
    def totals(self):
        return selectors.crowdfunding_totals(self.fiscal_year)

    def get_table(self, queryset):
        table = super().get_table(queryset)
        table.totals = self.totals
        return table

    def get_context_data(self, **kwargs):
        kwargs.setdefault("totals", self.totals)
        return super().get_context_data(**kwargs)


class SmallEventEditView(YearScopedMixin, StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = SmallEvent, forms.SmallEventForm, "작은행사", ("등록", "수정")
    year_url = "programs:small_events"

    def save(self, form):
        return services.save_small_event(event=form.instance)


class PromoContentCreateView(YearMixin, StaffRequiredMixin, ObjectCreateView):
    model = PromoContent
    form_class = forms.PromoContentForm
    title = "홍보 콘텐츠 등록"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("fiscal_year")
        return kwargs

    @cached_property
    def event(self):
        return get_object_or_404(selectors.small_events(self.fiscal_year), pk=self.kwargs["pk"])

    def form_valid(self, form):
        form.instance.event = self.event
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subtitle", str(self.event))
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse("programs:small_events", args=[self.fiscal_year.year])
