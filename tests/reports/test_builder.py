from center.models import BudgetLine, Expenditure, FiscalYear, ProgramUnit
from center.services import copy_fiscal_year
from reports import builder


def test_narrative_placeholders_fill_from_the_records(report_year):
    report = builder.build(report_year)
    unit = next(u for a in report.areas for u in a.units if u.unit.name == "기초상담")
    assert "협동조합 기초상담 총 7,316건 실시" in unit.narrative_lines[0] or any(
        "총 7,316건" in line for line in unit.narrative_lines
    )
    assert unit.planned == 25_777_000
    assert unit.unknown_placeholders == []


def test_unknown_placeholder_is_visible_and_listed(report_year):
    unit = ProgramUnit.objects.get(area__fiscal_year=report_year, name="전문상담")
    unit.narrative = "총 {{ 전문상담.없는지표 }}건, 합계 {{ 전문상담.합계 }}건"
    unit.save()
    report = builder.build(report_year)
    section = next(u for a in report.areas for u in a.units if u.unit.name == "전문상담")
    assert section.unknown_placeholders == ["전문상담.없는지표"]
    assert section.narrative_lines == ["총 [알 수 없는 항목: 전문상담.없는지표]건, 합계 27건"]
    assert builder.validate_narrative(unit.narrative, report_year) == ["전문상담.없는지표"]


def test_previous_year_actuals_stand_beside_this_years(report_year):
    next_year = copy_fiscal_year(source=report_year, year=2022)
    report = builder.build(next_year)
    assert report.previous_year == report_year
    line = next(x for x in report.indicator_lines if x.indicator.name == "전화상담")
    assert line.actual is None and line.previous == 7044
    # A year without a predecessor has no previous column.
    assert builder.build(report_year).previous_year is None


def test_report_query_count_does_not_grow_with_records(report_year, django_assert_max_num_queries):
    # The narratives quote ~20 table sources and ~15 indicator sources of their
    # own (issue 14.2); batched sources bring it down, towards 40 (not yet).
    with django_assert_max_num_queries(70) as before:
        builder.build(report_year)
    line = BudgetLine.objects.get(fiscal_year=report_year, name="운영비")
    Expenditure.objects.bulk_create(
        Expenditure(budget_line=line, date="2021-12-01", amount=7, payee="p") for _ in range(3000)
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        report = builder.build(report_year)
    assert report.budget_rows[0].executed == 660_697_000 + 21_000


def test_report_works_on_an_empty_year(db):
    year = FiscalYear.objects.create(year=2030)
    report = builder.build(year)
    assert report.budget_rows == [] and report.areas == []


def test_staff_write_a_narrative_with_placeholders(staff_client, report_year):
    unit = ProgramUnit.objects.get(area__fiscal_year=report_year, name="전문상담")
    url = f"/reports/2021/narratives/{unit.pk}/"
    page = staff_client.get(url).content.decode()
    assert "{{ 전문상담.전문상담 }}" in page
    response = staff_client.post(
        url,
        {
            "target_group": unit.target_group,
            "overview": "",
            "narrative": "총 {{ 전문상담.없음 }}건",
        },
    )
    assert "알 수 없는 항목이 있습니다: {{ 전문상담.없음 }}" in response.content.decode()
    unit.refresh_from_db()
    assert "없음" not in unit.narrative
    response = staff_client.post(
        url,
        {
            "target_group": unit.target_group,
            "overview": "",
            "narrative": "○ 전문상담 총 {{ 전문상담.전문상담 }}건",
        },
    )
    assert response.status_code == 302
    report = builder.build(report_year)
    section = next(u for a in report.areas for u in a.units if u.unit.name == "전문상담")
    assert section.narrative_lines == ["○ 전문상담 총 27건"]
