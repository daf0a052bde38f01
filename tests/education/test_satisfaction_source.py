from decimal import Decimal

from center.models import ProgramUnit
from core import registry as indicators
from education import demo as education_demo
from reports import builder


def test_satisfaction_means_are_sources_the_narrative_can_quote(demo):
    education_demo.load()
    assert indicators.compute("education.intro_founding.satisfaction", 2021) == Decimal("4.7")
    assert indicators.compute("education.dissolution.satisfaction", 2021) == Decimal("4.6")
    assert indicators.compute("education.intro.satisfaction", 2020) is None
    unit = ProgramUnit.objects.get(area__fiscal_year=demo, name="협동조합 입문교육")
    unit.narrative = (
        "입문 및 설립교육 참여자 {{ 출처.education.intro_founding.participants }}명, "
        "교육만족도 {{ 출처.education.intro_founding.satisfaction }}/5.0"
    )
    unit.save()
    report = builder.build(demo)
    section = next(u for a in report.areas for u in a.units if u.unit.name == "협동조합 입문교육")
    assert section.narrative_lines == ["입문 및 설립교육 참여자 211명, 교육만족도 4.7/5.0"]


def test_demo_narrative_fills_from_the_education_records(full_demo):
    report = builder.build(full_demo)
    section = next(u for a in report.areas for u in a.units if u.unit.name == "협동조합 입문교육")
    assert (
        "- 입문 및 설립교육 총 25회 교육 실시(참여자 211명, 교육만족도 4.7/5.0)"
        in section.narrative_lines
    )
    assert section.unknown_placeholders == []
