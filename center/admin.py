from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

for model in (
    models.Organisation,
    models.HistoryEntry,
    models.CommissionedTask,
    models.FiscalYear,
    models.StaffPosition,
    models.Plan,
    models.Strategy,
    models.PlanArea,
    models.KeyTask,
    models.ProgramArea,
):
    admin.site.register(model)


@admin.register(models.BudgetLine, models.ProgramUnit, models.Indicator)
class HistoryAdmin(SimpleHistoryAdmin):
    pass


@admin.register(models.Expenditure)
class ExpenditureAdmin(SimpleHistoryAdmin):
    list_display = ("date", "budget_line", "payee", "amount")
    list_select_related = ("budget_line",)
