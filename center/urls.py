"""The center's own pages: the dashboard, the organisation (profile, history,
commissioned tasks, fiscal years, positions), budget and ledger, the plan,
program units and indicators. Shapes from core.routing.records."""

from django.urls import path

from core.routing import records

from .views import budget, dashboard, organisation, plan

app_name = "center"

Y = "center/<year:year>"


def _crud(module, stem: str) -> dict:
    """The add-or-edit and delete views a module names `<stem>EditView`, `<stem>DeleteView`."""
    return {
        "form": getattr(module, f"{stem}EditView"),
        "delete": getattr(module, f"{stem}DeleteView"),
    }


urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # organisation
    path("center/profile/", organisation.ProfileView.as_view(), name="profile"),
    path("center/profile/edit/", organisation.ProfileEditView.as_view(), name="profile_edit"),
    *records("center/history", "history", **_crud(organisation, "History")),
    *records("center/tasks", "task", **_crud(organisation, "Task")),
    *records(
        "center/years", "year", list=organisation.YearListView, add=organisation.YearCreateView
    ),
    path("center/years/<year:year>/edit/", organisation.YearUpdateView.as_view(), name="year_edit"),
    *records(f"{Y}/positions", "position", **_crud(organisation, "Position")),
    # budget and ledger
    *records(
        f"{Y}/budget",
        "budget_line",
        plural="budget",
        list=budget.BudgetView,
        **_crud(budget, "BudgetLine"),
    ),
    path("center/budget-lines/<id:pk>/", budget.budget_line_detail, name="budget_line"),
    *records(
        f"{Y}/expenditures",
        "expenditure",
        list=budget.ExpenditureListView,
        **_crud(budget, "Expenditure"),
    ),
    # plan
    path(f"{Y}/plan/", plan.PlanView.as_view(), name="plan"),
    path(f"{Y}/plan/edit/", plan.PlanEditView.as_view(), name="plan_edit"),
    *records(f"{Y}/plan/strategies", "strategy", **_crud(plan, "Strategy")),
    *records(f"{Y}/plan/areas", "area", **_crud(plan, "PlanArea")),
    *records(f"{Y}/plan/tasks", "keytask", **_crud(plan, "KeyTask")),
    # program units and indicators
    *records(
        f"{Y}/indicators", "indicator", list=plan.IndicatorListView, **_crud(plan, "Indicator")
    ),
    path(
        f"{Y}/indicators/<id:pk>/actual/",
        plan.IndicatorActualView.as_view(),
        name="indicator_actual",
    ),
    *records(f"{Y}/program-areas", "program_area", **_crud(plan, "ProgramArea")),
    *records(f"{Y}/units", "unit", **_crud(plan, "ProgramUnit")),
]
