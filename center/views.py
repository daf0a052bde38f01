from celery import current_app  # the project's app (portal/celery.py), not imported here
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, public, staff_required
from core.querystring import query_id, query_int, query_year
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    YearMixin,
)

from . import selectors, services
from .exporters import ExpenditureExport
from .forms import (
    BudgetLineForm,
    CommissionedTaskForm,
    ExpenditureForm,
    FiscalYearForm,
    HistoryEntryForm,
    IndicatorActualForm,
    IndicatorForm,
    KeyTaskForm,
    OrganisationForm,
    PlanAreaForm,
    PlanForm,
    ProgramAreaForm,
    ProgramUnitForm,
    StaffPositionForm,
    StrategyForm,
)
from .models import (
    BudgetLine,
    CommissionedTask,
    Expenditure,
    FiscalYear,
    HistoryEntry,
    Indicator,
    KeyTask,
    Organisation,
    Plan,
    PlanArea,
    ProgramArea,
    ProgramUnit,
    StaffPosition,
    Strategy,
)

# --- public -----------------------------------------------------------------


@public
def home(request):
    org = Organisation.current()
    tasks = CommissionedTask.objects.all()
    return render(request, "center/home.html", {"org": org, "tasks": tasks})


@public
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


@public
def map_image(request):
    """The center's 약도 for the home page, inline (an image checked by content
    when it was uploaded), cached for a day by browsers."""
    org = Organisation.current()
    if org is None or not org.map_image:
        raise Http404("약도가 없습니다.")
    try:
        handle = org.map_image.open("rb")
    except FileNotFoundError as exc:
        raise Http404("약도가 없습니다.") from exc
    kind = "png" if org.map_image.name.lower().endswith(".png") else "jpeg"
    response = FileResponse(handle, content_type=f"image/{kind}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public
@never_cache
def healthz(request):
    """200 with each dependency's state, 503 when the database is unreachable."""
    status = {"database": "ok"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        status["database"] = "error"
        code = 503
    if settings.CELERY_BROKER_URL:
        try:
            with current_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            status["broker"] = "ok"
        except Exception:  # any transport error means the broker is down
            status["broker"] = "error"
    else:
        status["broker"] = "eager"
    return JsonResponse(status, status=code)


class YearFormMixin(YearMixin):
    """The year from the URL, also handed to the form (it limits the choices)."""

    year_form_kwarg = True


# --- dashboard --------------------------------------------------------------


def _link(url_name: str, year: int) -> str:
    """The URL behind a registered figure: with the year when the page takes one."""
    from django.urls import NoReverseMatch

    if not url_name:
        return ""
    for kwargs in ({"year": year}, {}):
        try:
            return reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


@staff_required
def dashboard(request):
    from core import charts
    from core import registry as registry

    years = FiscalYear.objects.all()
    year_param = query_year(request)
    fiscal_year = None
    if year_param is not None:
        fiscal_year = years.filter(year=year_param).first()
    fiscal_year = fiscal_year or selectors.current_fiscal_year()
    context = {"fiscal_year": fiscal_year, "years": years}
    if fiscal_year:
        budget = selectors.budget_tree(fiscal_year)
        progress = selectors.indicator_progress(fiscal_year)
        for row in progress:
            row.url = _link(row.url_name, fiscal_year.year)
        series = registry.all_series()
        drawn = charts.monthly_charts(
            [charts.MonthlySeries(s.label, s.func(fiscal_year.year), s.unit) for s in series],
            months=charts.months_reached(fiscal_year.year),
            id_prefix="dash",
        )
        context.update(
            budget_rows=[row for row in budget if row.depth <= 1],
            progress=progress,
            elapsed=round(selectors.year_elapsed(fiscal_year) * 100),
            behind=sum(1 for p in progress if p.status in (selectors.BEHIND, selectors.MISSED)),
            spending_chart=drawn.get("spending", ""),
            trends_chart=drawn.get("trends", ""),
            trend_links=[
                (s.label, url)
                for s in series
                if s.unit != "원" and (url := _link(s.url_name, fiscal_year.year))
            ],
            alerts=[
                (a, a.func(), _link(a.url_name, fiscal_year.year)) for a in registry.all_alerts()
            ],
            overruns=selectors.overruns(fiscal_year),
        )
    return render(request, "center/dashboard.html", context)


# --- profile ----------------------------------------------------------------


class ProfileView(StaffRequiredMixin, TemplateView):
    template_name = "center/profile.html"

    def get_context_data(self, **kwargs):
        year = selectors.current_fiscal_year()
        positions = list(year.positions.all()) if year else []
        return super().get_context_data(
            org=Organisation.current(),
            history=HistoryEntry.objects.all(),
            tasks=CommissionedTask.objects.all(),
            fiscal_year=year,
            positions=positions,
            quota_total=sum(p.quota for p in positions),
            current_total=sum(p.current for p in positions),
            **kwargs,
        )


class ProfileEditView(ManagerRequiredMixin, ObjectEditView):
    form_class = OrganisationForm
    title = "기관 정보 수정"

    def get_object(self, queryset=None):
        return Organisation.current() or Organisation()

    def get_success_url(self):
        return reverse("center:profile")


class HistoryCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = HistoryEntry
    form_class = HistoryEntryForm
    title = "주요연혁 추가"

    def get_success_url(self):
        return reverse("center:profile")


class HistoryUpdateView(HistoryCreateView, ObjectEditView):
    title = "주요연혁 수정"


class HistoryDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = HistoryEntry

    def get_success_url(self):
        return reverse("center:profile")


class TaskCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = CommissionedTask
    form_class = CommissionedTaskForm
    title = "위탁사무 추가"

    def get_success_url(self):
        return reverse("center:profile")


class TaskUpdateView(TaskCreateView, ObjectEditView):
    title = "위탁사무 수정"


class TaskDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = CommissionedTask

    def get_success_url(self):
        return reverse("center:profile")


# --- fiscal years -------------------------------------------------------------


class YearListView(ManagerRequiredMixin, ListView):
    model = FiscalYear
    template_name = "center/year_list.html"
    context_object_name = "years"


class YearCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = FiscalYear
    form_class = FiscalYearForm
    title = "회계연도 추가"

    def save(self, form):
        source = self.copied_from = form.cleaned_data.get("copy_from")
        if source is None:
            return form.save()
        return services.copy_fiscal_year(
            source=source,
            year=form.cleaned_data["year"],
            report_date=form.cleaned_data.get("report_date"),
        )

    def get_success_message(self):
        source = getattr(self, "copied_from", None)
        if source is not None:
            return f"{source.year}년 계획을 복사해 {self.object.year}년을 만들었습니다."
        return super().get_success_message()

    def get_success_url(self):
        return reverse("center:years")


class YearUpdateView(ManagerRequiredMixin, ObjectEditView):
    model = FiscalYear
    fields = ["report_date"]
    slug_field = "year"
    slug_url_kwarg = "year"
    title = "회계연도 수정"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        from .forms import DateInput

        form.fields["report_date"].widget = DateInput()
        return form

    def get_success_url(self):
        return reverse("center:years")


# --- staffing -----------------------------------------------------------------


class PositionCreateView(YearFormMixin, ManagerRequiredMixin, ObjectCreateView):
    model = StaffPosition
    form_class = StaffPositionForm
    title = "직위 추가"

    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("center:profile")


class PositionUpdateView(PositionCreateView, ObjectEditView):
    title = "직원 현황 수정"

    def get_queryset(self):
        return StaffPosition.objects.filter(fiscal_year=self.fiscal_year)


class PositionDeleteView(YearMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return StaffPosition.objects.filter(fiscal_year=self.fiscal_year)

    def get_success_url(self):
        return reverse("center:profile")


# --- budget -----------------------------------------------------------------


class BudgetView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "center/budget.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.budget_tree(self.fiscal_year), **kwargs)


class BudgetLineCreateView(YearFormMixin, ManagerRequiredMixin, ObjectCreateView):
    model = BudgetLine
    form_class = BudgetLineForm
    title = "예산 항목 추가"

    def get_initial(self):
        initial = super().get_initial()
        parent = query_id(self.request, "parent")
        if parent is not None:
            initial["parent"] = parent
        return initial

    def get_success_url(self):
        return reverse("center:budget", args=[self.fiscal_year.year])


class BudgetLineUpdateView(BudgetLineCreateView, ObjectEditView):
    title = "예산 항목 수정"

    def get_queryset(self):
        return BudgetLine.objects.filter(fiscal_year=self.fiscal_year)


class BudgetLineDeleteView(YearMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return BudgetLine.objects.filter(fiscal_year=self.fiscal_year)

    def get_success_url(self):
        return reverse("center:budget", args=[self.fiscal_year.year])


@staff_required
def budget_line_detail(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("fiscal_year", "parent"), pk=pk)
    row = next(r for r in selectors.budget_tree(line.fiscal_year) if r.line.pk == line.pk)
    expenditures = line.expenditures.select_related("created_by").order_by("-date", "-pk")
    history = line.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "center/budget_line.html",
        {
            "line": line,
            "row": row,
            "fiscal_year": line.fiscal_year,
            "expenditures": expenditures,
            "history": history,
        },
    )


class ExpenditureListView(YearMixin, StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.expenditures)
    template_name = "center/expenditure_list.html"
    context_object_name = "expenditures"
    paginate_by = 50
    exporter = ExpenditureExport()

    def get_selector_kwargs(self):
        return {
            "fiscal_year": self.fiscal_year,
            "line_id": query_id(self.request, "line"),
            "month": query_int(self.request, "month", min_value=1, max_value=12),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lines=selectors.leaf_lines(self.fiscal_year),
            total=selectors.expenditure_total(self.object_list),
            months=range(1, 13),
            **kwargs,
        )


class ExpenditureCreateView(YearFormMixin, ManagerRequiredMixin, ObjectCreateView):
    model = Expenditure
    form_class = ExpenditureForm
    title = "집행 내역 등록"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        line = query_id(self.request, "line")
        if line is not None:
            initial["budget_line"] = line
        return initial

    def save(self, form):
        return services.record_expenditure(form.instance, user=self.request.user)

    def get_success_url(self):
        return reverse("center:expenditures", args=[self.fiscal_year.year])


class OwnedEntryMixin:
    """Ledger entries made by another record's service (a grant disbursement)
    are changed there, so the ledger and that record never disagree."""

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        owner = entry.owner()
        if owner is not None:
            self.owner_locked = owner
        return entry

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if getattr(self, "owner_locked", None) is not None:
            messages.error(
                request,
                f"이 집행 내역은 ‘{self.owner_locked}’에서 만든 것이라 그 화면에서만 고칠 수 있습니다.",
            )
            return redirect(reverse("center:expenditures", args=[self.fiscal_year.year]))
        return super().post(request, *args, **kwargs)


class ExpenditureUpdateView(OwnedEntryMixin, ExpenditureCreateView, ObjectEditView):
    title = "집행 내역 수정"

    def get_queryset(self):
        return Expenditure.objects.filter(budget_line__fiscal_year=self.fiscal_year)


class ExpenditureDeleteView(OwnedEntryMixin, YearMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return Expenditure.objects.filter(budget_line__fiscal_year=self.fiscal_year)

    def get_success_url(self):
        return reverse("center:expenditures", args=[self.fiscal_year.year])


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


class ProgramAreaCreateView(
    IndicatorsChildMixin, YearFormMixin, ManagerRequiredMixin, ObjectCreateView
):
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


class ProgramUnitCreateView(
    IndicatorsChildMixin, YearFormMixin, ManagerRequiredMixin, ObjectCreateView
):
    form_class = ProgramUnitForm
    title = "단위사업 추가"


class ProgramUnitUpdateView(ProgramUnitCreateView, ObjectEditView):
    title = "단위사업 수정"

    def get_queryset(self):
        return ProgramUnit.objects.filter(area__fiscal_year=self.fiscal_year)


class ProgramUnitDeleteView(IndicatorsChildMixin, ManagerRequiredMixin, ObjectDeleteView):
    def get_queryset(self):
        return ProgramUnit.objects.filter(area__fiscal_year=self.fiscal_year)


class IndicatorCreateView(
    IndicatorsChildMixin, YearFormMixin, ManagerRequiredMixin, ObjectCreateView
):
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
