"""The report's own 2021 demo settings: which sub-tables each program unit's
section shows (as in the submitted 2021 주요업무보고) and the two indicators
the submitted report prints as '-' (미실시), each with its note.

Runs after every app's demo (reports is the last app). Idempotent."""

from django.db import transaction

from center.models import FiscalYear, Indicator, ProgramUnit

from .models import IndicatorMark, SectionTable

YEAR = 2021

# unit name → table sources, in the order the section prints them
TABLES = {
    "기초상담": ["consultations.answers_by_field"],
    "전문상담": ["consultations.expert_by_field"],
    "초기 성장지원": ["programs.startup_grants"],
    "협동조합 스케일업 지원": ["programs.scaleup_projects"],
    "협동조합 작은행사 지원": ["programs.small_events"],
    "정책기획 사업": ["programs.priority_issues"],
    "ICA협동조합 지원 및 홍보": ["outreach.ica_booths"],
}

# (unit, indicator) → (status, note): the submitted report prints '-' for these.
MARKS = {
    ("협동조합 스케일업 지원", "데모데이"): (
        IndicatorMark.NOT_HELD,
        "제출본은 데모데이를 '-'로 적었습니다. 포털의 기록에는 10. 14. IR피칭데이(스케일업 "
        "지원 5팀 발표)가 데모데이로 등록되어 있어, 표시를 지우면 1회로 계산됩니다.",
    ),
    ("휴면협동조합 지원", "휴면협동조합 컨설팅 지원"): (
        IndicatorMark.NOT_HELD,
        "컨설팅 신청 3곳은 교육·상담사업으로 연계되어 컨설팅은 실시하지 않았습니다.",
    ),
}


@transaction.atomic
def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    units = {u.name: u for u in ProgramUnit.objects.filter(area__fiscal_year=year)}
    declared = 0
    for name, sources in TABLES.items():
        unit = units.get(name)
        if unit is None:
            continue
        for order, source in enumerate(sources):
            _, created = SectionTable.objects.get_or_create(
                unit=unit, source=source, defaults={"order": order}
            )
            declared += created
    for (unit, name), (status, note) in MARKS.items():
        indicator = Indicator.objects.filter(
            unit__area__fiscal_year=year, unit__name=unit, name=name
        ).first()
        if indicator is not None:
            IndicatorMark.objects.get_or_create(
                indicator=indicator, defaults={"status": status, "note": note}
            )
    if stdout:
        stdout.write(
            f"주요업무보고: {YEAR}년 단위사업 표 {declared}개와 미실시 표시를 불러왔습니다."
        )
