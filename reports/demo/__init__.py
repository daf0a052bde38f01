"""The report's own 2021 demo settings: which sub-tables each program unit's
section shows (as in the submitted 2021 주요업무보고) and the two indicators
the submitted report prints as '-' (미실시), each with its note.

The settings are in `2021.json`. Runs after every app's demo (reports is
the last app). Idempotent."""

from django.db import transaction

from center.models import FiscalYear, Indicator, ProgramUnit
from core import demo

from ..models import IndicatorMark, SectionTable

YEAR = 2021
# Per unit the table sources in the order its section prints them, and the
# (unit, indicator) marks whose note says why the submitted report prints '-'.
DATA = demo.read(__file__)


@transaction.atomic
def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    units = {u.name: u for u in ProgramUnit.objects.filter(area__fiscal_year=year)}
    declared = 0
    for record in DATA["tables"]:
        unit, sources = units.get(record["unit"]), record["sources"]
        if unit is None:
            continue
        for order, source in enumerate(sources):
            _, created = SectionTable.objects.get_or_create(
                unit=unit, source=source, defaults={"order": order}
            )
            declared += created
    for record in DATA["marks"]:
        indicator = Indicator.objects.filter(
            unit__area__fiscal_year=year, unit__name=record["unit"], name=record["indicator"]
        ).first()
        if indicator is not None:
            fields = {"status": record["status"], "note": record["note"]}
            demo.ensure(IndicatorMark, fields, [], indicator=indicator)
    if stdout:
        stdout.write(
            f"주요업무보고: {YEAR}년 단위사업 표 {declared}개와 미실시 표시를 불러왔습니다."
        )
