"""The center's own pages: the dashboard, the organisation (profile, history,
commissioned tasks, fiscal years, positions), budget and ledger, the plan,
program units and indicators. Shapes from core.routing.records."""

from core.routing import records
from django.urls import path

from .views import budget, dashboard, organisation, plan

app_name = "center"

Y = "center/<year:year>"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # organisation
    path("center/profile/", organisation.ProfileView.as_view(), name="profile"),
    path("center/profile/edit/", organisation.ProfileEditView.as_view(), name="profile_edit"),
    *records(
        "center/history",
        "history",
        add=organisation.HistoryCreateView,
        edit=organisation.HistoryUpdateView,
        delete=organisation.HistoryDeleteView,
    ),
    *records(
        "center/tasks",
        "task",
        add=organisation.TaskCreateView,
        edit=organisation.TaskUpdateView,
        delete=organisation.TaskDeleteView,
    ),
    *records(
        "center/years", "year", list=organisation.YearListView, add=organisation.YearCreateView
    ),
    path("center/years/<year:year>/edit/", organisation.YearUpdateView.as_view(), name="year_edit"),
    *records(
        f"{Y}/positions",
        "position",
        add=organisation.PositionCreateView,
        edit=organisation.PositionUpdateView,
        delete=organisation.PositionDeleteView,
    ),
    # budget and ledger
    *records(
        f"{Y}/budget",
        "budget_line",
        plural="budget",
        list=budget.BudgetView,
        add=budget.BudgetLineCreateView,
        edit=budget.BudgetLineUpdateView,
        delete=budget.BudgetLineDeleteView,
    ),
    path("center/budget-lines/<id:pk>/", budget.budget_line_detail, name="budget_line"),
    *records(
        f"{Y}/expenditures",
        "expenditure",
        list=budget.ExpenditureListView,
        add=budget.ExpenditureCreateView,
        edit=budget.ExpenditureUpdateView,
        delete=budget.ExpenditureDeleteView,
    ),
    # plan
    path(f"{Y}/plan/", plan.PlanView.as_view(), name="plan"),
    path(f"{Y}/plan/edit/", plan.PlanEditView.as_view(), name="plan_edit"),
    *records(
        f"{Y}/plan/strategies",
        "strategy",
        add=plan.StrategyCreateView,
        edit=plan.StrategyUpdateView,
        delete=plan.StrategyDeleteView,
    ),
    *records(
        f"{Y}/plan/areas",
        "area",
        add=plan.PlanAreaCreateView,
        edit=plan.PlanAreaUpdateView,
        delete=plan.PlanAreaDeleteView,
    ),
    *records(
        f"{Y}/plan/tasks",
        "keytask",
        add=plan.KeyTaskCreateView,
        edit=plan.KeyTaskUpdateView,
        delete=plan.KeyTaskDeleteView,
    ),
    # program units and indicators
    *records(
        f"{Y}/indicators",
        "indicator",
        list=plan.IndicatorListView,
        add=plan.IndicatorCreateView,
        edit=plan.IndicatorUpdateView,
        delete=plan.IndicatorDeleteView,
    ),
    path(
        f"{Y}/indicators/<id:pk>/actual/",
        plan.IndicatorActualView.as_view(),
        name="indicator_actual",
    ),
    *records(
        f"{Y}/program-areas",
        "program_area",
        add=plan.ProgramAreaCreateView,
        edit=plan.ProgramAreaUpdateView,
        delete=plan.ProgramAreaDeleteView,
    ),
    *records(
        f"{Y}/units",
        "unit",
        add=plan.ProgramUnitCreateView,
        edit=plan.ProgramUnitUpdateView,
        delete=plan.ProgramUnitDeleteView,
    ),
]
