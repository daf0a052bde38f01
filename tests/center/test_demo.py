from io import StringIO

from django.core.management import call_command

from center import selectors
from center.models import (
    BudgetLine,
    Expenditure,
    HistoryEntry,
    Indicator,
    KeyTask,
    Organisation,
    ProgramUnit,
)

MODELS = [Organisation, HistoryEntry, BudgetLine, Expenditure, KeyTask, ProgramUnit, Indicator]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_is_idempotent(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    assert "manager" in out.getvalue(), "demo accounts are printed the first time"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == first
    assert "manager" not in out.getvalue(), "passwords are printed once only"


def test_demo_matches_the_reference_sections(demo):
    org = Organisation.current()
    assert org.address == "서울 은평구 통일로 684 1동 606호"
    assert str(org.floor_area) == "92.07"
    assert HistoryEntry.objects.filter(term__isnull=False).count() == 5
    assert sum(p.quota for p in demo.positions.all()) == 11
    assert KeyTask.objects.filter(area__plan__fiscal_year=demo).count() == 10
    assert demo.plan.areas.count() == 3


def test_demo_indicators_reproduce_the_reports_achievement_rates(demo):
    rows = {(r.indicator.unit.name, r.indicator.name): r for r in selectors.indicator_rows(demo)}
    expected = {
        ("기초상담", "전화상담"): (9000, 7044, 78),
        ("기초상담", "방문상담"): (120, 75, 63),
        ("기초상담", "홈페이지상담"): (120, 165, 138),
        ("기초상담", "화상상담"): (24, 32, 133),
        ("전문상담", "전문상담"): (37, 27, 73),
        ("홍보 및 정보제공", "홈페이지 방문횟수"): (65000, 98521, 152),
        ("홍보 및 정보제공", "온라인 뉴스레터 배포"): (52000, 43065, 83),
    }
    for key, (target, actual, rate) in expected.items():
        row = rows[key]
        assert (row.indicator.target, row.actual, int(row.rate)) == (target, actual, rate), key
    assert rows[("휴면협동조합 지원", "휴면협동조합 컨설팅 지원")].rate is None


def test_load_demo_if_empty_leaves_existing_data_alone(demo):
    Expenditure.objects.all().delete()
    call_command("load_demo", "--if-empty", "--no-accounts", stdout=StringIO())
    assert Expenditure.objects.count() == 0
