"""Writes with rules on the center's data. Each takes its lock, validates and
saves in one transaction; views call these and stay thin."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum

from core import registry
from core.errors import ServiceError
from core.roles import is_manager

from . import fiscal

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from .models import (
    BudgetLine,
    Expenditure,
    FiscalYear,
    Indicator,
)


def validate_budget_line(line: BudgetLine) -> None:
    """Tree rules the database cannot express on its own."""
    errors: dict[str, str] = {}
    parent = line.parent
    if parent is not None:
        if parent.fiscal_year_id != line.fiscal_year_id:
            errors["parent"] = "같은 회계연도의 항목만 상위 항목으로 고를 수 있습니다."
        elif line.pk and _is_descendant(parent, line):
            errors["parent"] = "자기 자신이나 하위 항목을 상위 항목으로 고를 수 없습니다."
        elif parent.expenditures.exists():
            errors["parent"] = (
                "집행 내역이 있는 항목 아래에는 하위 항목을 둘 수 없습니다. "
                "집행 내역을 하위 항목으로 옮긴 뒤 다시 시도하세요."
            )
    has_children = bool(line.pk) and line.children.exists()
    if has_children and line.planned is not None:
        errors["planned"] = (
            "하위 항목이 있는 항목의 예산액은 하위 항목의 합계로 계산됩니다. 비워 두세요."
        )
    if not has_children and line.planned is None and line.pk and line.expenditures.exists():
        errors["planned"] = "집행 내역이 있는 항목은 예산액을 입력해야 합니다."
    if errors:
        raise ServiceError.many(errors)


def _is_descendant(candidate: BudgetLine, ancestor: BudgetLine) -> bool:
    node = candidate
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@transaction.atomic
def save_budget_line(line: BudgetLine) -> BudgetLine:
    if line.parent_id:
        # Serialise with expenditures being added to the parent.
        BudgetLine.objects.select_for_update().get(pk=line.parent_id)
    validate_budget_line(line)
    line.save()
    return line


def line_balance(line: BudgetLine, *, exclude_pk: int | None = None) -> int:
    """What is left of a leaf line's planned amount (negative once overrun);
    refunds count back into it."""
    entries = line.expenditures.all()
    if exclude_pk:
        entries = entries.exclude(pk=exclude_pk)
    executed = entries.aggregate(total=Sum("amount"))["total"] or 0
    return (line.planned or 0) - executed


def validate_expenditure(expenditure: Expenditure, *, user: User | None = None) -> None:
    """Rules of a ledger entry: a leaf line, a date in the line's fiscal year,
    and never past the line's planned amount unless a manager records it as
    초과집행 with a reason. The form calls this for early errors; the service
    calls it again under the line's row lock."""
    line = expenditure.budget_line
    errors: dict[str, str] = {}
    if line.children.exists():
        errors["budget_line"] = (
            "하위 항목이 있는 항목에는 집행할 수 없습니다. 세부 항목을 고르세요."
        )
    date_error = fiscal.date_error("집행일", expenditure.date, line.fiscal_year.year)
    if date_error:
        errors["date"] = date_error
    if not errors and not expenditure.is_refund and expenditure.amount:
        errors.update(_budget_errors(expenditure, user))
    if errors:
        raise ServiceError.many(errors)


def _budget_errors(expenditure: Expenditure, user: User | None) -> dict[str, str]:
    left = line_balance(expenditure.budget_line, exclude_pk=expenditure.pk)
    if expenditure.amount <= left:
        # Within budget: the 초과집행 flag would only mislead the report.
        expenditure.is_overrun = False
        expenditure.overrun_reason = ""
        return {}
    if not expenditure.is_overrun:
        return {
            "amount": f"예산액을 넘는 금액입니다. 남은 예산은 {max(left, 0):,}원입니다. "
            "불가피하면 관리자가 초과집행으로 표시하고 사유를 적어 기록합니다."
        }
    if user is None or not is_manager(user):
        return {"is_overrun": "초과집행은 관리자만 기록할 수 있습니다."}
    expenditure.overrun_reason = (expenditure.overrun_reason or "").strip()
    if not expenditure.overrun_reason:
        return {"overrun_reason": "초과집행 사유를 적어 주세요."}
    return {}


@transaction.atomic
def record_expenditure(expenditure: Expenditure, *, user: User | None = None) -> Expenditure:
    """Save a ledger entry. The line row is locked first, so the tree cannot
    change under it and concurrent entries cannot jointly pass its budget."""
    BudgetLine.objects.select_for_update().get(pk=expenditure.budget_line_id)
    validate_expenditure(expenditure, user=user)
    if user is not None and expenditure.created_by_id is None:
        expenditure.created_by = user
    expenditure.save()
    return expenditure


def use_indicator_sources(*, year: int, sources: dict[tuple[str, str], str]) -> int:
    """Point the year's indicators, named (unit, indicator), at the registered
    sources that compute them (their entered actual is dropped); how many
    were switched. Each app's demo loader calls it for its indicators."""
    switched = 0
    for (unit, name), source in sources.items():
        switched += Indicator.objects.filter(
            unit__area__fiscal_year__year=year, unit__name=unit, name=name
        ).update(source=source, entered_actual=None)
    return switched


def _copy(obj, fields: str, **parents):
    """A new row of `obj`'s model with the named fields copied and its new parents."""
    values = {name: getattr(obj, name) for name in fields.split()}
    return type(obj).objects.create(**values, **parents)


@transaction.atomic
def copy_fiscal_year(
    *, source: FiscalYear, year: int, report_date: dt.date | None = None
) -> FiscalYear:
    """Start `year` from `source`'s plan: staffing, budget lines with their
    planned amounts, the plan, program units and indicator targets. Nothing
    of the execution (expenditures, entered actuals) is copied."""
    if FiscalYear.objects.filter(year=year).exists():
        raise ServiceError("year", f"{year}년 회계연도가 이미 있습니다.")
    target = FiscalYear.objects.create(year=year, report_date=report_date)

    for position in source.positions.all():
        _copy(position, "order title quota current", fiscal_year=target)

    line_map: dict[int, BudgetLine] = {}
    pending = list(source.budget_lines.order_by("pk"))
    # Parents first: repeat passes until every line found its copied parent.
    while pending:
        remaining = []
        for line in pending:
            if line.parent_id and line.parent_id not in line_map:
                remaining.append(line)
                continue
            line_map[line.pk] = _copy(
                line, "order name planned", fiscal_year=target, parent=line_map.get(line.parent_id)
            )
        if len(remaining) == len(pending):
            raise ServiceError(None, "예산 항목의 상하위 구조가 올바르지 않습니다.")
        pending = remaining

    plan = getattr(source, "plan", None)
    if plan is not None:
        new_plan = _copy(plan, "vision focus", fiscal_year=target)
        for strategy in plan.strategies.all():
            _copy(strategy, "order title actions", plan=new_plan)
        for area in plan.areas.prefetch_related("tasks"):
            new_area = _copy(area, "order title slogan", plan=new_plan)
            for task in area.tasks.all():
                _copy(task, "number title activities", area=new_area)

    for area in source.program_areas.prefetch_related("units__indicators", "units__budget_lines"):
        new_area = _copy(area, "order name", fiscal_year=target)
        for unit in area.units.all():
            new_unit = _copy(unit, "order name target_group overview narrative", area=new_area)
            new_unit.budget_lines.set([line_map[line.pk] for line in unit.budget_lines.all()])
            for indicator in unit.indicators.all():
                _copy(indicator, "order name measure target source", unit=new_unit)
    registry.year_copied(source, target)  # e.g. the report's declared tables
    return target
