from decimal import Decimal

import pytest

from center import selectors
from center.models import BudgetLine, Expenditure, FiscalYear

# The reference report's table (thousand won): name → (planned, executed, rate)
REFERENCE = {
    "민간위탁금 합계": (1_110_500, 660_697, "59.50"),
    "사업비 소계": (432_500, 196_174, "45.36"),
    "기초상담": (25_777, 11_559, "44.84"),
    "전문상담": (12_013, 8_160, "67.93"),
    "자치구지원센터 및 공무원교육": (360, 360, "100.00"),
    "조직변경사례집 발간": (15_850, 10_850, "68.45"),
    "협동조합 입문교육": (8_695, 8_628, "99.23"),
    "협동조합 경영전략교육": (8_817, 6_456, "73.22"),
    "사회적협동조합 활성화교육": (2_510, 2_392, "95.30"),
    "휴면협동조합 지원": (3_978, 1_391, "34.97"),
    "협동조합 초기성장지원": (54_000, 16_912, "31.32"),
    "협동조합 스케일업지원": (130_000, 67_400, "51.85"),
    "협동조합 작은행사지원": (21_500, 21_028, "97.80"),
    "협동조합 정책기획사업": (8_000, 4_195, "52.44"),
    "홍보 및 정보제공": (66_000, 28_343, "42.94"),
    "ICA협동조합 지원 및 홍보": (70_000, 8_500, "12.14"),
    "서비스만족도조사": (5_000, None, None),
    "인건비 소계": (629_538, 436_440, "69.33"),
    "기본급": (342_954, 256_172, "74.70"),
    "제수당": (191_945, 115_286, "60.06"),
    "퇴직적립금": (44_575, 30_955, "69.44"),
    "사회보험부담금": (50_064, 34_027, "67.97"),
    "운영비 소계": (48_462, 28_083, "57.95"),
    "운영비": (48_462, 28_083, "57.95"),
}


def test_demo_budget_rolls_up_to_the_reference_report(demo):
    rows = {row.line.name: row for row in selectors.budget_tree(demo)}
    for name, (planned, executed, rate) in REFERENCE.items():
        row = rows[name]
        assert row.planned == planned * 1000, name
        assert row.executed == (executed * 1000 if executed is not None else None), name
        assert row.rate == (Decimal(rate) if rate else None), name


def test_ledger_entries_add_up_to_each_line(demo):
    line = BudgetLine.objects.get(fiscal_year=demo, name="기초상담")
    amounts = list(line.expenditures.values_list("amount", flat=True))
    assert len(amounts) > 1, "the demo spreads execution over several entries"
    assert sum(amounts) == 11_559_000


def test_budget_tree_costs_two_queries_whatever_the_ledger_size(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.budget_tree(demo)
    line = BudgetLine.objects.get(fiscal_year=demo, name="운영비")
    Expenditure.objects.bulk_create(
        Expenditure(budget_line=line, date=f"2021-11-{1 + i % 28:02d}", amount=10, payee="x")
        for i in range(500)
    )
    with django_assert_num_queries(2):
        rows = selectors.budget_tree(demo)
    assert rows[0].executed == 660_697_000 + 5_000


def test_new_expenditure_moves_every_subtotal(demo):
    line = BudgetLine.objects.get(fiscal_year=demo, name="서비스만족도조사")
    Expenditure.objects.create(
        budget_line=line, date="2021-11-20", amount=2_500_000, payee="조사기관"
    )
    rows = {row.line.name: row for row in selectors.budget_tree(demo)}
    assert rows["서비스만족도조사"].rate == Decimal("50.00")
    assert rows["홍보"].executed == (28_343 + 8_500 + 2_500) * 1000
    assert rows["민간위탁금 합계"].executed == (660_697 + 2_500) * 1000


def test_empty_year_has_no_rows(db):
    year = FiscalYear.objects.create(year=2030)
    assert selectors.budget_tree(year) == []


@pytest.mark.django_db
def test_database_refuses_negative_planned_amount():
    from django.db import IntegrityError

    year = FiscalYear.objects.create(year=2031)
    with pytest.raises(IntegrityError):
        BudgetLine.objects.create(fiscal_year=year, name="음수", planned=-1)
