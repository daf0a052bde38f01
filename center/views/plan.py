"""The year's plan (strategies, areas, key tasks) and its program units and
performance indicators."""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin
from core.querystring import query_id
from core.views import ObjectDeleteView, ObjectEditView, ObjectListView, YearMixin, YearScopedMixin

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
from ..models import Indicator, KeyTask, Plan, PlanArea, ProgramArea, ProgramUnit, Strategy
from ..tables import IndicatorTable

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
    """Strategies, areas and key tasks belong to the year's plan: only its rows
    are found (through `plan_lookup`), and a new strategy or area is its own."""

    plan_lookup = "plan"

    @cached_property
    def plan(self) -> Plan:
        plan = Plan.objects.filter(fiscal_year=self.fiscal_year).first()
        if plan is None:
            raise Http404("사업 계획이 아직 없습니다.")
        return plan

    def get_queryset(self):
        return self.model.objects.filter(**{self.plan_lookup: self.plan})

    def save(self, form):
        if self.plan_lookup == "plan":
            form.instance.plan = self.plan
        return super().save(form)

    def get_success_url(self):
        return reverse("center:plan", args=[self.fiscal_year.year])


class StrategyEditView(PlanChildMixin, ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = Strategy, StrategyForm, "전략"


class StrategyDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model = Strategy


class PlanAreaEditView(PlanChildMixin, ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = PlanArea, PlanAreaForm, "추진 분야"


class PlanAreaDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model = PlanArea


class KeyTaskEditView(PlanChildMixin, ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = KeyTask, KeyTaskForm, "추진과제"
    plan_lookup = "area__plan"  # the form offers the plan's areas

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}


class KeyTaskDeleteView(PlanChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model, plan_lookup = KeyTask, "area__plan"


# --- program units and indicators ------------------------------------------------


class IndicatorListView(YearMixin, StaffRequiredMixin, ObjectListView):
    """The year's indicators with their actuals (computed rows: the table
    sorts them in Python), in report order unless `?sort=`."""

    table_class = IndicatorTable
    template_name = "center/indicators.html"
    context_object_name = "rows"
    paginate_by = 200

    def get_base_queryset(self):
        return selectors.indicator_rows(self.fiscal_year)


class IndicatorsChildMixin(YearScopedMixin):
    """Program areas, units and indicators belong to the year."""

    year_url = "center:indicators"


class IndicatorsChildEditView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectEditView):
    year_form_kwarg = True  # the forms limit their choices to the year


class ProgramAreaEditView(IndicatorsChildEditView):
    model, form_class, noun = ProgramArea, ProgramAreaForm, "사업 분야"


class ProgramAreaDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model = ProgramArea


class ProgramUnitEditView(IndicatorsChildEditView):
    model, form_class, noun = ProgramUnit, ProgramUnitForm, "단위사업"
    year_lookup = "area__fiscal_year"


class ProgramUnitDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model, year_lookup = ProgramUnit, "area__fiscal_year"


class IndicatorEditView(IndicatorsChildEditView):
    model, form_class, noun = Indicator, IndicatorForm, "성과지표"
    year_lookup = "unit__area__fiscal_year"

    def get_initial(self):
        initial = super().get_initial()
        unit = query_id(self.request, "unit")
        if unit is not None:
            initial["unit"] = unit
        return initial


class IndicatorDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    model, year_lookup = Indicator, "unit__area__fiscal_year"


class IndicatorActualView(IndicatorsChildMixin, StaffRequiredMixin, ObjectEditView):
    """Staff enter the actual of an indicator that lives outside the portal."""

    model, form_class, year_lookup = Indicator, IndicatorActualForm, "unit__area__fiscal_year"
    success_message = "실적을 저장했습니다."

    def get_queryset(self):
        return super().get_queryset().filter(source="").select_related("unit")

    def get_title(self):
        return f"실적 입력: {self.object.unit.name} · {self.object.name}"
