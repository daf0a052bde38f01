"""Bad input on every manager form: a Korean message next to the field and
nothing saved."""

import pytest

from center.models import (
    BudgetLine,
    Expenditure,
    FiscalYear,
    HistoryEntry,
    Indicator,
    Organisation,
    ProgramUnit,
    StaffPosition,
)


def _errors(response):
    form = response.context["form"]
    return {field: " ".join(str(e) for e in errs) for field, errs in form.errors.items()}


def test_expenditure_outside_the_fiscal_year_is_refused(manager_client, demo):
    line = BudgetLine.objects.get(fiscal_year=demo, name="기초상담")
    before = Expenditure.objects.count()
    response = manager_client.post(
        "/center/2021/expenditures/add/",
        {"budget_line": line.pk, "date": "2022-01-03", "amount": "10000", "payee": "업체"},
    )
    assert response.status_code == 200
    assert "2021년 안이어야" in _errors(response)["date"]
    assert Expenditure.objects.count() == before


@pytest.mark.parametrize(
    ("amount", "field_message"),
    [("-5", "1 이상"), ("0", "1 이상"), ("abc", "정수"), ("", "필수")],
)
def test_expenditure_amount_must_be_positive_integer(manager_client, demo, amount, field_message):
    line = BudgetLine.objects.get(fiscal_year=demo, name="기초상담")
    before = Expenditure.objects.count()
    response = manager_client.post(
        "/center/2021/expenditures/add/",
        {"budget_line": line.pk, "date": "2021-05-03", "amount": amount, "payee": "업체"},
    )
    assert field_message in _errors(response)["amount"]
    assert Expenditure.objects.count() == before
    assert (
        'aria-describedby="id_amount' in response.content.decode()
        or "invalid-feedback" in response.content.decode()
    )


def test_expenditure_on_a_group_line_is_refused(manager_client, demo):
    group = BudgetLine.objects.get(fiscal_year=demo, name="상담")
    response = manager_client.post(
        "/center/2021/expenditures/add/",
        {"budget_line": group.pk, "date": "2021-05-03", "amount": "100", "payee": "업체"},
    )
    assert "budget_line" in _errors(response)


def test_valid_expenditure_is_recorded_with_its_author(manager_client, manager_user, demo):
    line = BudgetLine.objects.get(fiscal_year=demo, name="서비스만족도조사")
    response = manager_client.post(
        "/center/2021/expenditures/add/",
        {
            "budget_line": line.pk,
            "date": "2021-11-10",
            "amount": "1234567",
            "payee": "조사업체",
            "memo": "만족도조사 1차",
        },
    )
    assert response.status_code == 302
    entry = Expenditure.objects.get(budget_line=line)
    assert (entry.amount, entry.created_by) == (1_234_567, manager_user)
    assert entry.history.count() == 1


def test_budget_group_cannot_take_a_planned_amount(manager_client, demo):
    group = BudgetLine.objects.get(fiscal_year=demo, name="상담")
    response = manager_client.post(
        f"/center/2021/budget/{group.pk}/edit/",
        {"parent": group.parent_id, "order": 0, "name": "상담", "planned_thousand": "100"},
    )
    assert "합계로 계산" in _errors(response)["planned_thousand"]
    group.refresh_from_db()
    assert group.planned is None


def test_budget_line_cannot_go_under_a_line_with_expenditures(manager_client, demo):
    spent = BudgetLine.objects.get(fiscal_year=demo, name="기초상담")
    response = manager_client.post(
        "/center/2021/budget/add/",
        {"parent": spent.pk, "order": 0, "name": "세부", "planned_thousand": "10"},
    )
    assert "집행 내역이 있는 항목" in _errors(response)["parent"]
    assert not BudgetLine.objects.filter(name="세부").exists()


def test_budget_line_cannot_be_its_own_ancestor(manager_client, demo):
    root = BudgetLine.objects.get(fiscal_year=demo, name="민간위탁금 합계")
    child = BudgetLine.objects.get(fiscal_year=demo, name="사업비 소계")
    response = manager_client.post(
        f"/center/2021/budget/{root.pk}/edit/",
        {"parent": child.pk, "order": 0, "name": root.name, "planned_thousand": ""},
    )
    assert "하위 항목" in _errors(response)["parent"]
    root.refresh_from_db()
    assert root.parent_id is None


def test_budget_line_duplicate_name_and_negative_amount(manager_client, demo):
    parent = BudgetLine.objects.get(fiscal_year=demo, name="상담")
    response = manager_client.post(
        "/center/2021/budget/add/",
        {"parent": parent.pk, "order": 9, "name": "기초상담", "planned_thousand": "-3"},
    )
    errors = _errors(response)
    assert "같은 이름" in errors["name"]
    assert "0 이상" in errors["planned_thousand"]


def test_new_budget_line_is_saved_in_won(manager_client, demo):
    parent = BudgetLine.objects.get(fiscal_year=demo, name="상담")
    response = manager_client.post(
        "/center/2021/budget/add/",
        {"parent": parent.pk, "order": 9, "name": "상담 매뉴얼", "planned_thousand": "1500"},
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(name="상담 매뉴얼").planned == 1_500_000


def test_computed_indicator_refuses_an_entered_actual(manager_client, demo):
    from core import registry as indicators

    indicators.register("test.source", "시험용 자동 산출", "건")(lambda year: 3)
    try:
        unit = ProgramUnit.objects.get(area__fiscal_year=demo, name="기초상담")
        response = manager_client.post(
            "/center/2021/indicators/add/",
            {
                "unit": unit.pk,
                "order": 9,
                "name": "새 지표",
                "measure": "건",
                "target": "10",
                "source": "test.source",
                "entered_actual": "4",
            },
        )
        assert "직접 입력할 수 없습니다" in _errors(response)["entered_actual"]
        response = manager_client.post(
            "/center/2021/indicators/add/",
            {
                "unit": unit.pk,
                "order": 9,
                "name": "새 지표",
                "measure": "건",
                "target": "10",
                "source": "test.source",
            },
        )
        assert response.status_code == 302
        body = manager_client.get("/center/2021/indicators/").content.decode()
        assert "새 지표" in body and "30" in body  # 3 of 10 → 30%
    finally:
        indicators.unregister("test.source")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "전화상담", "measure": "건", "target": "10"}, "name"),  # duplicate
        ({"name": "신규", "measure": "개", "target": "10"}, "measure"),  # unknown unit
        ({"name": "신규", "measure": "건", "target": "-1"}, "target"),
        ({"name": "", "measure": "건", "target": "10"}, "name"),
    ],
)
def test_indicator_form_rejects_bad_input(manager_client, demo, data, field):
    unit = ProgramUnit.objects.get(area__fiscal_year=demo, name="기초상담")
    before = Indicator.objects.count()
    response = manager_client.post(
        "/center/2021/indicators/add/", {"unit": unit.pk, "order": 0, "source": "", **data}
    )
    assert field in _errors(response)
    assert Indicator.objects.count() == before


def test_staff_enter_actual_of_entered_indicator_only(staff_client, demo):
    ind = Indicator.objects.get(unit__area__fiscal_year=demo, name="블로그 조회수")
    response = staff_client.post(
        f"/center/2021/indicators/{ind.pk}/actual/", {"entered_actual": "-1", "actual_note": ""}
    )
    assert "entered_actual" in _errors(response)
    response = staff_client.post(
        f"/center/2021/indicators/{ind.pk}/actual/", {"entered_actual": "270000", "actual_note": ""}
    )
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.entered_actual == 270_000


def test_profile_form_rejects_bad_values(manager_client, demo):
    response = manager_client.post(
        "/center/profile/edit/",
        {
            "name": "",
            "address": "주소",
            "floor_area": "-1",
            "phone": "1544-5077",
            "legal_basis": "조례",
            "email": "not-an-email",
        },
    )
    errors = _errors(response)
    assert {"name", "floor_area", "email"} <= set(errors)
    assert Organisation.current().name == "서울특별시협동조합지원센터"


def test_history_and_position_forms(manager_client, demo):
    response = manager_client.post("/center/history/add/", {"date": "2021-13-40", "text": "x"})
    assert "date" in _errors(response)
    assert not HistoryEntry.objects.filter(text="x").exists()
    response = manager_client.post(
        "/center/2021/positions/add/", {"order": 0, "title": "팀장", "quota": "1", "current": "1"}
    )
    assert "같은 직위" in _errors(response)["title"]
    assert StaffPosition.objects.filter(fiscal_year=demo, title="팀장").count() == 1


def test_deleting_a_line_in_use_explains_itself(manager_client, demo):
    line = BudgetLine.objects.get(fiscal_year=demo, name="기초상담")
    response = manager_client.post(f"/center/2021/budget/{line.pk}/delete/", follow=True)
    assert "삭제할 수 없습니다" in response.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_fiscal_year_copy_brings_the_plan_not_the_execution(manager_client, demo):
    response = manager_client.post(
        "/center/years/add/", {"year": "2022", "report_date": "", "copy_from": demo.pk}
    )
    assert response.status_code == 302
    year = FiscalYear.objects.get(year=2022)
    assert year.budget_lines.count() == demo.budget_lines.count()
    assert Expenditure.objects.filter(budget_line__fiscal_year=year).count() == 0
    assert (
        Indicator.objects.filter(unit__area__fiscal_year=year).count()
        == Indicator.objects.filter(unit__area__fiscal_year=demo).count()
    )
    assert not Indicator.objects.filter(
        unit__area__fiscal_year=year, entered_actual__isnull=False
    ).exists()
    promo = ProgramUnit.objects.get(area__fiscal_year=year, name="홍보 및 정보제공")
    assert {line.fiscal_year_id for line in promo.budget_lines.all()} == {year.pk}
    assert year.plan.areas.count() == 3
    # Copying onto an existing year is refused with a message.
    response = manager_client.post("/center/years/add/", {"year": "2022", "copy_from": demo.pk})
    assert "year" in _errors(response)
