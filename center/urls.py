"""The center's own pages: profile, fiscal years, budget and ledger, plan,
program units and indicators, and the dashboard."""

from django.urls import path

from . import views

app_name = "center"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("center/profile/", views.ProfileView.as_view(), name="profile"),
    path("center/profile/edit/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("center/history/add/", views.HistoryCreateView.as_view(), name="history_add"),
    path("center/history/<id:pk>/edit/", views.HistoryUpdateView.as_view(), name="history_edit"),
    path(
        "center/history/<id:pk>/delete/", views.HistoryDeleteView.as_view(), name="history_delete"
    ),
    path("center/tasks/add/", views.TaskCreateView.as_view(), name="task_add"),
    path("center/tasks/<id:pk>/edit/", views.TaskUpdateView.as_view(), name="task_edit"),
    path("center/tasks/<id:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("center/years/", views.YearListView.as_view(), name="years"),
    path("center/years/add/", views.YearCreateView.as_view(), name="year_add"),
    path("center/years/<year:year>/edit/", views.YearUpdateView.as_view(), name="year_edit"),
    path(
        "center/<year:year>/positions/add/",
        views.PositionCreateView.as_view(),
        name="position_add",
    ),
    path(
        "center/<year:year>/positions/<id:pk>/edit/",
        views.PositionUpdateView.as_view(),
        name="position_edit",
    ),
    path(
        "center/<year:year>/positions/<id:pk>/delete/",
        views.PositionDeleteView.as_view(),
        name="position_delete",
    ),
    path("center/<year:year>/budget/", views.BudgetView.as_view(), name="budget"),
    path(
        "center/<year:year>/budget/add/",
        views.BudgetLineCreateView.as_view(),
        name="budget_line_add",
    ),
    path(
        "center/<year:year>/budget/<id:pk>/edit/",
        views.BudgetLineUpdateView.as_view(),
        name="budget_line_edit",
    ),
    path(
        "center/<year:year>/budget/<id:pk>/delete/",
        views.BudgetLineDeleteView.as_view(),
        name="budget_line_delete",
    ),
    path("center/budget-lines/<id:pk>/", views.budget_line_detail, name="budget_line"),
    path(
        "center/<year:year>/expenditures/",
        views.ExpenditureListView.as_view(),
        name="expenditures",
    ),
    path(
        "center/<year:year>/expenditures/add/",
        views.ExpenditureCreateView.as_view(),
        name="expenditure_add",
    ),
    path(
        "center/<year:year>/expenditures/<id:pk>/edit/",
        views.ExpenditureUpdateView.as_view(),
        name="expenditure_edit",
    ),
    path(
        "center/<year:year>/expenditures/<id:pk>/delete/",
        views.ExpenditureDeleteView.as_view(),
        name="expenditure_delete",
    ),
    path("center/<year:year>/plan/", views.PlanView.as_view(), name="plan"),
    path("center/<year:year>/plan/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(
        "center/<year:year>/plan/strategies/add/",
        views.StrategyCreateView.as_view(),
        name="strategy_add",
    ),
    path(
        "center/<year:year>/plan/strategies/<id:pk>/edit/",
        views.StrategyUpdateView.as_view(),
        name="strategy_edit",
    ),
    path(
        "center/<year:year>/plan/strategies/<id:pk>/delete/",
        views.StrategyDeleteView.as_view(),
        name="strategy_delete",
    ),
    path("center/<year:year>/plan/areas/add/", views.PlanAreaCreateView.as_view(), name="area_add"),
    path(
        "center/<year:year>/plan/areas/<id:pk>/edit/",
        views.PlanAreaUpdateView.as_view(),
        name="area_edit",
    ),
    path(
        "center/<year:year>/plan/areas/<id:pk>/delete/",
        views.PlanAreaDeleteView.as_view(),
        name="area_delete",
    ),
    path(
        "center/<year:year>/plan/tasks/add/", views.KeyTaskCreateView.as_view(), name="keytask_add"
    ),
    path(
        "center/<year:year>/plan/tasks/<id:pk>/edit/",
        views.KeyTaskUpdateView.as_view(),
        name="keytask_edit",
    ),
    path(
        "center/<year:year>/plan/tasks/<id:pk>/delete/",
        views.KeyTaskDeleteView.as_view(),
        name="keytask_delete",
    ),
    path("center/<year:year>/indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path(
        "center/<year:year>/program-areas/add/",
        views.ProgramAreaCreateView.as_view(),
        name="program_area_add",
    ),
    path(
        "center/<year:year>/program-areas/<id:pk>/edit/",
        views.ProgramAreaUpdateView.as_view(),
        name="program_area_edit",
    ),
    path(
        "center/<year:year>/program-areas/<id:pk>/delete/",
        views.ProgramAreaDeleteView.as_view(),
        name="program_area_delete",
    ),
    path("center/<year:year>/units/add/", views.ProgramUnitCreateView.as_view(), name="unit_add"),
    path(
        "center/<year:year>/units/<id:pk>/edit/",
        views.ProgramUnitUpdateView.as_view(),
        name="unit_edit",
    ),
    path(
        "center/<year:year>/units/<id:pk>/delete/",
        views.ProgramUnitDeleteView.as_view(),
        name="unit_delete",
    ),
    path(
        "center/<year:year>/indicators/add/",
        views.IndicatorCreateView.as_view(),
        name="indicator_add",
    ),
    path(
        "center/<year:year>/indicators/<id:pk>/edit/",
        views.IndicatorUpdateView.as_view(),
        name="indicator_edit",
    ),
    path(
        "center/<year:year>/indicators/<id:pk>/delete/",
        views.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path(
        "center/<year:year>/indicators/<id:pk>/actual/",
        views.IndicatorActualView.as_view(),
        name="indicator_actual",
    ),
]
