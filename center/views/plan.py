"""The year's plan (strategies, areas, key tasks) and its program units and
performance indicators."""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin
from core.querystring import query_id
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectEditView,
    YearMixin,
)

from .. import selectors
from ..forms import (
    IndicatorActualForm,
    IndicatorForm,
    KeyTaskForm,
    PlanAreaForm,
    PlanForm,
    ProgramAreaForm,
    ProgramUnitForm,
    StrategyForm,
)
from ..models import (
    Indicator,
    KeyTask,
    Plan,
    PlanArea,
    ProgramArea,
    ProgramUnit,
    Strategy,
)

# --- plan -------------------------------------------------------------------


class PlanView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "center/plan.html"

    def get_context_data(self, **kwargs):
        plan = Plan.objects.filter(fiscal_year=self.fiscal_year).first()
        areas = plan.areas.prefetch_related("tasks") if plan else []
        return super().get_context_data(
            plan=plan,
            strategies=plan.strategies.all() if plan else [],
            areas=areas,
            **kwargs,
        )


class PlanEditView(YearMixin, ManagerRequiredMixin, ObjectEditView):
    form_class = PlanForm
    title = "사업 계획 수정"

    def get_object(self, queryset=None):
        return Plan.objects.filter(fiscal_year=self.fiscal_year).first() or Plan(
            fiscal_year=self.fiscal_year
        )

    def get_success_url(self):
        return reverse("center:plan", args=[self.fiscal_year.year])


class PlanChildMixin(YearMixin):
    """Strategies, areas and key tasks belong to the year's plan."""

    @cached_property
    def plan(self) -> Plan:
        plan = Plan.objects.filter(fiscal_year=self.fiscal_year).first()
        if plan is None:
            raise Http404("사업 계획이 아직 없습니다.")
        return plan

    def get_success_url(self):
        return reverse("center:plan", args=[self.fiscal_year.year])


class StrategyCreateView(PlanChildMixin, ManagerRequiredMixin, ObjectCreateView):
    form_class = StrategyForm
    title = "전략 추가"

    def form_valid(self, form):
        form.instance.plan = self.plan
        return super().form_valid(form)


class StrategyUpdateView(StrategyCreateView, ObjectEditView):
    title = "전략 수정"

    def get_queryset(self):
        return Strategy.objects.filter(plan=self.plan)


class StrategyDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return Strategy.objects.filter(plan=self.plan)


class PlanAreaCreateView(PlanChildMixin, ManagerRequiredMixin, ObjectCreateView):
    form_class = PlanAreaForm
    title = "추진 분야 추가"

    def form_valid(self, form):
        form.instance.plan = self.plan
        return super().form_valid(form)


class PlanAreaUpdateView(PlanAreaCreateView, ObjectEditView):
    title = "추진 분야 수정"

    def get_queryset(self):
        return PlanArea.objects.filter(plan=self.plan)


class PlanAreaDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return PlanArea.objects.filter(plan=self.plan)


class KeyTaskCreateView(PlanChildMixin, ManagerRequiredMixin, ObjectCreateView):
    form_class = KeyTaskForm
    title = "추진과제 추가"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}


class KeyTaskUpdateView(KeyTaskCreateView, ObjectEditView):
    title = "추진과제 수정"

    def get_queryset(self):
        return KeyTask.objects.filter(area__plan=self.plan)


class KeyTaskDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return KeyTask.objects.filter(area__plan=self.plan)


# --- program units and indicators ------------------------------------------------


class IndicatorListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "center/indicators.html"

    def get_context_data(self, **kwargs):
        rows = selectors.indicator_rows(self.fiscal_year)
        areas = ProgramArea.objects.filter(fiscal_year=self.fiscal_year).prefetch_related("units")
        return super().get_context_data(rows=rows, areas=areas, **kwargs)


class IndicatorsChildMixin(YearMixin):
    def get_success_url(self):
        return reverse("center:indicators", args=[self.fiscal_year.year])


class ProgramAreaCreateView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectCreateView):
    year_form_kwarg = True  # the form limits its choices to the year
    form_class = ProgramAreaForm
    title = "사업 분야 추가"

    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)


class ProgramAreaUpdateView(ProgramAreaCreateView, ObjectEditView):
    title = "사업 분야 수정"

    def get_queryset(self):
        return ProgramArea.objects.filter(fiscal_year=self.fiscal_year)


class ProgramAreaDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return ProgramArea.objects.filter(fiscal_year=self.fiscal_year)


class ProgramUnitCreateView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectCreateView):
    year_form_kwarg = True  # the form limits its choices to the year
    form_class = ProgramUnitForm
    title = "단위사업 추가"


class ProgramUnitUpdateView(ProgramUnitCreateView, ObjectEditView):
    title = "단위사업 수정"

    def get_queryset(self):
        return ProgramUnit.objects.filter(area__fiscal_year=self.fiscal_year)


class ProgramUnitDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return ProgramUnit.objects.filter(area__fiscal_year=self.fiscal_year)


class IndicatorCreateView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectCreateView):
    year_form_kwarg = True  # the form limits its choices to the year
    form_class = IndicatorForm
    title = "성과지표 추가"

    def get_initial(self):
        initial = super().get_initial()
        unit = query_id(self.request, "unit")
        if unit is not None:
            initial["unit"] = unit
        return initial


class IndicatorUpdateView(IndicatorCreateView, ObjectEditView):
    title = "성과지표 수정"

    def get_queryset(self):
        return Indicator.objects.filter(unit__area__fiscal_year=self.fiscal_year)


class IndicatorDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return Indicator.objects.filter(unit__area__fiscal_year=self.fiscal_year)


class IndicatorActualView(IndicatorsChildMixin, StaffRequiredMixin, ObjectEditView):
    """Staff enter the actual of an indicator that lives outside the portal."""

    form_class = IndicatorActualForm
    success_message = "실적을 저장했습니다."

    def get_queryset(self):
        return Indicator.objects.filter(
            unit__area__fiscal_year=self.fiscal_year, source=""
        ).select_related("unit")

    def get_title(self):
        return f"실적 입력: {self.object.unit.name} · {self.object.name}"
