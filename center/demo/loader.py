"""Loads the 2021 demo for the center app from `2021.json` (the organisation,
its history, the budget tree, the plan, the program units and their
indicators, as the 2021 주요업무보고 prints them; amounts in thousand won).
Idempotent: every row is found by its natural key first, and a ledger line
gets its entries only while it has none, so a second run changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from center import models
from core import demo

from . import map as demo_map

YEAR = 2021
REPORT_DATE = dt.date(2021, 11, 4)
DATA = demo.read(__file__)


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
        dates = [dt.date(YEAR, month, 25) for month in range(1, 11)]
    else:
        count = max(2, len(payees) * 2) if total >= 1_000_000 else 1
        dates = [
            dt.date(YEAR, 2 + (i * 8) // max(count, 1), 5 + (i * 3) % 20) for i in range(count)
        ]
    amounts = split_amount(total, count)
    names = [payees[i % len(payees)] for i in range(count)]
    rows = [
        {"date": date, "amount": amount, "payee": name, "memo": f"{line.name} {date.month}월 집행"}
        for date, amount, name in zip(dates, amounts, names, strict=True)
    ]
    for index, row in enumerate(rows, start=1):
        row["evidence"] = f"2021-{line.pk:03d}-{index:02d}"
    demo.create_all(models.Expenditure, rows, budget_line=line)


def _budget(year: models.FiscalYear, node: dict, parent=None, order=0):
    planned = node.get("planned")
    line, _ = models.BudgetLine.objects.get_or_create(
        fiscal_year=year,
        parent=parent,
        name=node["name"],
        defaults={"order": order, "planned": planned * 1000 if planned is not None else None},
    )
    for index, child in enumerate(node.get("children", [])):
        _budget(year, child, line, index)
    if node.get("executed"):
        monthly = parent is not None and parent.name in ("인건비 소계", "운영비 소계")
        _ledger(line, node["executed"], node["payees"], monthly)
    return line


def _organisation() -> None:
    org = models.Organisation.current()
    if org is None:
        record = DATA["organisation"]
        org = models.Organisation.objects.create(
            **{**record, "floor_area": Decimal(record["floor_area"])}
        )
    if not org.map_image:
        png = demo_map.draw_png()
        if png is not None:
            org.map_image.save("map.png", ContentFile(png), save=False)
            org.map_credit = demo_map.CREDIT
            org.save(update_fields=["map_image", "map_credit"])


def _plan(year: models.FiscalYear) -> None:
    data = DATA["plan"]
    plan, _ = models.Plan.objects.get_or_create(
        fiscal_year=year, defaults={"vision": data["vision"], "focus": data["focus"]}
    )
    strategies = [{**s, "actions": "\n".join(s["actions"])} for s in data["strategies"]]
    demo.ensure_all(models.Strategy, strategies, ["title"], order="order", plan=plan)
    for index, record in enumerate(data["areas"]):
        area, _ = demo.ensure(
            models.PlanArea,
            {"title": record["title"], "slogan": record["slogan"], "order": index},
            ["title"],
            plan=plan,
        )
        demo.ensure_all(models.KeyTask, record["tasks"], ["number"], area=area)


def _programs(year: models.FiscalYear) -> None:
    lines = {line.name: line for line in models.BudgetLine.objects.filter(fiscal_year=year)}
    for area_index, record in enumerate(DATA["programs"]):
        area, _ = models.ProgramArea.objects.get_or_create(
            fiscal_year=year, name=record["name"], defaults={"order": area_index}
        )
        for unit_index, unit_record in enumerate(record["units"]):
            fields = {
                k: v for k, v in unit_record.items() if k not in ("budget_lines", "indicators")
            }
            unit, created = demo.ensure(
                models.ProgramUnit, {**fields, "order": unit_index}, ["name"], area=area
            )
            if created:
                unit.budget_lines.set([lines[name] for name in unit_record["budget_lines"]])
            demo.ensure_all(
                models.Indicator,
                unit_record["indicators"],
                ["name", "measure"],
                order="order",
                unit=unit,
            )


@transaction.atomic
def load(stdout=None) -> models.FiscalYear:
    _organisation()
    demo.ensure_all(models.HistoryEntry, DATA["history"], ["date", "text"])
    tasks = [{"text": text} for text in DATA["tasks"]]
    demo.ensure_all(models.CommissionedTask, tasks, ["text"], order="order")
    year, _ = models.FiscalYear.objects.get_or_create(
        year=YEAR, defaults={"report_date": REPORT_DATE}
    )
    demo.ensure_all(
        models.StaffPosition, DATA["positions"], ["title"], order="order", fiscal_year=year
    )
    _budget(year, DATA["budget"])
    _plan(year)
    _programs(year)
    if stdout:
        stdout.write(f"센터 정보와 {YEAR}년 예산·계획·성과지표를 불러왔습니다.")
    return year
