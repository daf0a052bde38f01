"""The center's own monthly series: budget execution by month."""

from django.db.models import Sum

from core.registry import monthly, register_series

from .models import Expenditure


@register_series(
    "center.expenditure", "월별 예산 집행액(원)", url_name="center:expenditures", unit="원"
)
def expenditure_by_month(year: int) -> list[int]:
    return monthly(
        year, Expenditure.objects.filter(budget_line__fiscal_year__year=year), "date", Sum("amount")
    )
