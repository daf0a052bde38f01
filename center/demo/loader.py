"""Loads the 2021 demo for the center app. Idempotent: every row is found by
its natural key first, and a ledger line gets its entries only while it has
none, so a second run changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from center import models

from . import center_2021 as data
from . import map as demo_map

YEAR = 2021
REPORT_DATE = dt.date(2021, 11, 4)


def split_amount(total: int, parts: int) -> list[int]:
    """Split `total` won into `parts` uneven amounts (multiples of 10 won)
    that add up exactly; the last entry takes the remainder."""
    if parts <= 1 or total < parts * 10:
        return [total]
    weights = [3 + (i * 7) % 5 for i in range(parts)]
    scale = sum(weights)
    amounts = [(total * w // scale) // 10 * 10 for w in weights[:-1]]
    amounts.append(total - sum(amounts))
    return amounts


def _ledger(line: models.BudgetLine, executed_thousand: int, payees: list[str], monthly: bool):
    if line.expenditures.exists():
        return
    total = executed_thousand * 1000
    if monthly:
        # Personnel and running costs are paid every month, January to October.
        count = 10
        amounts = split_amount(total, count)
        dates = [dt.date(YEAR, month, 25) for month in range(1, 11)]
        names = [payees[i % len(payees)] for i in range(count)]
    else:
        count = max(2, len(payees) * 2) if total >= 1_000_000 else 1
        amounts = split_amount(total, count)
        dates = [
            dt.date(YEAR, 2 + (i * 8) // max(count, 1), 5 + (i * 3) % 20) for i in range(count)
        ]
        names = [payees[i % len(payees)] for i in range(count)]
    models.Expenditure.objects.bulk_create(
        models.Expenditure(
            budget_line=line,
            date=date,
            amount=amount,
            payee=name,
            memo=f"{line.name} {date.month}월 집행",
            evidence=f"2021-{line.pk:03d}-{index + 1:02d}",
        )
        for index, (date, amount, name) in enumerate(zip(dates, amounts, names, strict=True))
    )


def _budget(year: models.FiscalYear, node, parent=None, order=0):
    name, planned, executed, payees, children = node
    line, _ = models.BudgetLine.objects.get_or_create(
        fiscal_year=year,
        parent=parent,
        name=name,
        defaults={"order": order, "planned": planned * 1000 if planned is not None else None},
    )
    for index, child in enumerate(children):
        _budget(year, child, line, index)
    if executed:
        monthly = parent is not None and parent.name in ("인건비 소계", "운영비 소계")
        _ledger(line, executed, payees, monthly)
    return line


@transaction.atomic
def load(stdout=None) -> models.FiscalYear:
    org = models.Organisation.current()
    if org is None:
        org = models.Organisation.objects.create(
            **{**data.ORGANISATION, "floor_area": Decimal(data.ORGANISATION["floor_area"])}
        )
    if not org.map_image:
        png = demo_map.draw_png()
        if png is not None:
            org.map_image.save("map.png", ContentFile(png), save=False)
            org.map_credit = demo_map.CREDIT
            org.save(update_fields=["map_image", "map_credit"])
    for date, text, term, operator, heads in data.HISTORY:
        models.HistoryEntry.objects.get_or_create(
            date=date, text=text, defaults={"term": term, "operator": operator, "heads": heads}
        )
    for index, text in enumerate(data.TASKS):
        models.CommissionedTask.objects.get_or_create(text=text, defaults={"order": index})

    year, _ = models.FiscalYear.objects.get_or_create(
        year=YEAR, defaults={"report_date": REPORT_DATE}
    )
    for index, (title, quota, current) in enumerate(data.POSITIONS):
        models.StaffPosition.objects.get_or_create(
            fiscal_year=year,
            title=title,
            defaults={"order": index, "quota": quota, "current": current},
        )
    _budget(year, data.BUDGET)
    lines = {line.name: line for line in models.BudgetLine.objects.filter(fiscal_year=year)}

    plan, _ = models.Plan.objects.get_or_create(
        fiscal_year=year, defaults={"vision": data.PLAN["vision"], "focus": data.PLAN["focus"]}
    )
    for index, (title, actions) in enumerate(data.PLAN["strategies"]):
        models.Strategy.objects.get_or_create(
            plan=plan, title=title, defaults={"order": index, "actions": "\n".join(actions)}
        )
    for index, (title, slogan, tasks) in enumerate(data.PLAN["areas"]):
        area, _ = models.PlanArea.objects.get_or_create(
            plan=plan, title=title, defaults={"order": index, "slogan": slogan}
        )
        for number, task_title, activities in tasks:
            models.KeyTask.objects.get_or_create(
                area=area,
                number=number,
                defaults={"title": task_title, "activities": activities},
            )

    import json
    from pathlib import Path

    texts = json.loads((Path(__file__).parent / "units_2021.json").read_text(encoding="utf-8"))
    for area_index, (area_name, units) in enumerate(data.PROGRAMS):
        area, _ = models.ProgramArea.objects.get_or_create(
            fiscal_year=year, name=area_name, defaults={"order": area_index}
        )
        for unit_index, (unit_name, target_group, line_names, indicators) in enumerate(units):
            text = texts.get(unit_name, {})
            unit, created = models.ProgramUnit.objects.get_or_create(
                area=area,
                name=unit_name,
                defaults={
                    "order": unit_index,
                    "target_group": target_group,
                    "overview": text.get("overview", ""),
                    "narrative": text.get("narrative", ""),
                },
            )
            if created:
                unit.budget_lines.set([lines[name] for name in line_names])
            for order, (name, measure, target, actual, note) in enumerate(indicators):
                models.Indicator.objects.get_or_create(
                    unit=unit,
                    name=name,
                    measure=measure,
                    defaults={
                        "order": order,
                        "target": target,
                        "entered_actual": actual,
                        "actual_note": note,
                    },
                )
    if stdout:
        stdout.write(f"센터 정보와 {YEAR}년 예산·계획·성과지표를 불러왔습니다.")
    return year
