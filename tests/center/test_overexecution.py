"""Over-execution (issue 11.3): an entry past a leaf line's planned amount is
refused with the amount left, unless a manager records it as 초과집행 with a
reason; such entries are flagged in the ledger, the dashboard and the report;
a grant's refund returns to the line's execution."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from center import services
from center.models import BudgetLine, Expenditure
from center.selectors import budget_tree

LEFT = 25_777_000 - 11_559_000  # 기초상담 in the 2021 demo: planned − executed


def _errors(response):
    form = response.context["form"]
    return {field: " ".join(str(e) for e in errs) for field, errs in form.errors.items()}


def _line(demo, name="기초상담"):
    return BudgetLine.objects.get(fiscal_year=demo, name=name)


def _post(client, line, amount, **extra):
    return client.post(
        "/center/2021/expenditures/add/",
        {
            "budget_line": line.pk,
            "date": "2021-05-03",
            "amount": str(amount),
            "payee": "업체",
            **extra,
        },
    )


def test_entry_past_the_budget_is_refused_naming_what_is_left(manager_client, demo):
    line = _line(demo)
    before = Expenditure.objects.count()
    response = _post(manager_client, line, 99_999_999_999)
    assert response.status_code == 200
    assert f"남은 예산은 {LEFT:,}원입니다." in _errors(response)["amount"]
    assert "남은 예산은 14,218,000원입니다." in response.content.decode()
    assert Expenditure.objects.count() == before
    row = next(r for r in budget_tree(demo) if r.line == line)
    assert row.executed == 11_559_000


def test_entry_up_to_the_budget_is_accepted(manager_client, demo):
    line = _line(demo)
    response = _post(manager_client, line, LEFT)
    assert response.status_code == 302
    row = next(r for r in budget_tree(demo) if r.line == line)
    assert row.executed == row.planned and str(row.rate) == "100.00"
    response = _post(manager_client, line, 1)
    assert "남은 예산은 0원입니다." in _errors(response)["amount"]


def test_manager_records_an_overrun_with_a_reason_and_it_is_flagged(manager_client, demo):
    line = _line(demo)
    response = _post(manager_client, line, LEFT + 1_000, is_overrun="on", overrun_reason="")
    assert "초과집행 사유를 적어 주세요." in _errors(response)["overrun_reason"]
    assert not Expenditure.objects.filter(is_overrun=True).exists()

    response = _post(
        manager_client, line, LEFT + 1_000, is_overrun="on", overrun_reason="긴급 상담 수요"
    )
    assert response.status_code == 302
    entry = Expenditure.objects.get(is_overrun=True)
    assert entry.amount == LEFT + 1_000 and entry.overrun_reason == "긴급 상담 수요"

    ledger = manager_client.get(f"/center/2021/expenditures/?line={line.pk}").content.decode()
    assert "초과집행</span>" in ledger and "긴급 상담 수요" in ledger
    dashboard = manager_client.get("/dashboard/?year=2021").content.decode()
    assert "초과집행 1건" in dashboard and "긴급 상담 수요" in dashboard

    from reports.builder import build

    report = build(demo, with_previous=False)
    assert [e.pk for e in report.overruns] == [entry.pk]


def test_report_body_footnotes_the_overrun(manager_client, demo):
    line = _line(demo)
    services.record_expenditure(
        Expenditure(
            budget_line=line,
            date=dt.date(2021, 6, 1),
            amount=LEFT + 5_000,
            payee="업체",
            is_overrun=True,
            overrun_reason="추가 상담 수요",
        ),
        user=_manager(),
    )
    body = manager_client.get("/reports/2021/").content.decode()
    assert "※ 초과집행: 기초상담" in body and "(사유: 추가 상담 수요)" in body


def _manager():
    from django.contrib.auth import get_user_model

    from core import roles

    return get_user_model().objects.get(groups__name=roles.MANAGER)


def test_staff_cannot_flag_an_overrun_in_the_service(demo, staff_user):
    entry = Expenditure(
        budget_line=_line(demo),
        date=dt.date(2021, 6, 1),
        amount=LEFT + 1,
        payee="업체",
        is_overrun=True,
        overrun_reason="사유",
    )
    with pytest.raises(ValidationError) as exc:
        services.record_expenditure(entry, user=staff_user)
    assert exc.value.message_dict == {"is_overrun": ["초과집행은 관리자만 기록할 수 있습니다."]}


def test_the_database_requires_a_reason_for_a_flagged_entry(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.create(
            budget_line=_line(demo), date=dt.date(2021, 6, 1), amount=1, payee="x", is_overrun=True
        )


def test_the_database_allows_negative_amounts_only_for_refunds(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expenditure.objects.create(
            budget_line=_line(demo), date=dt.date(2021, 6, 1), amount=-5, payee="x"
        )


def test_editing_an_entry_counts_the_rest_of_the_line_only(manager_client, demo):
    line = _line(demo)
    entry = line.expenditures.order_by("pk").first()
    data = {
        "budget_line": line.pk,
        "date": "2021-05-03",
        "amount": str(entry.amount + LEFT),
        "payee": "업체",
    }
    response = manager_client.post(f"/center/2021/expenditures/{entry.pk}/edit/", data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert sum(line.expenditures.values_list("amount", flat=True)) == line.planned
    # The entry itself may keep its amount: what is left for it is its own amount.
    data["amount"] = str(entry.amount + 1)
    response = manager_client.post(f"/center/2021/expenditures/{entry.pk}/edit/", data)
    assert f"남은 예산은 {entry.amount:,}원입니다." in _errors(response)["amount"]


# --- the grant path ---------------------------------------------------------------------


def test_disbursement_past_the_line_budget_is_refused_unless_overrun(db, manager_user):
    from programs import services as programs_services
    from programs.models import Disbursement
    from tests.programs.factories import GrantFactory

    grant = GrantFactory(amount=2_000_000)
    BudgetLine.objects.filter(pk=grant.budget_line_id).update(planned=1_500_000)
    with pytest.raises(ValidationError) as exc:
        programs_services.record_disbursement(
            grant=grant, date=dt.date.today(), amount=1_600_000, user=manager_user
        )
    assert "남은 예산은 1,500,000원입니다." in exc.value.message_dict["amount"][0]
    assert not Disbursement.objects.exists() and not Expenditure.objects.exists()
    grant.refresh_from_db()
    assert grant.disbursed == 0
    programs_services.record_disbursement(
        grant=grant,
        date=dt.date.today(),
        amount=1_600_000,
        user=manager_user,
        overrun_reason="추가 선정분",
    )
    entry = Expenditure.objects.get()
    assert entry.is_overrun and entry.overrun_reason == "추가 선정분"


def test_refund_at_settlement_returns_to_the_line_execution(manager_client, db):
    from programs import services as programs_services
    from programs.models import Settlement
    from tests.programs.factories import GrantFactory

    grant = GrantFactory(amount=2_000_000)
    today = dt.date.today()
    programs_services.record_disbursement(grant=grant, date=today, amount=2_000_000)
    programs_services.record_spending(
        grant=grant, date=today, item=grant.items.first(), amount=1_750_000, description="x"
    )
    response = manager_client.post(
        f"/programs/staff/grants/{grant.pk}/settle/",
        {"settled_on": today.isoformat(), "note": "정산 완료"},
    )
    assert response.status_code == 302
    settlement = Settlement.objects.get()
    refund = settlement.refund_expenditure
    assert refund.amount == -250_000 and refund.is_refund
    assert refund.owner() == settlement
    row = next(r for r in budget_tree(grant.budget_line.fiscal_year) if r.line == grant.budget_line)
    assert row.executed == 1_750_000


def test_settlement_without_refund_books_nothing(db):
    from programs import services as programs_services
    from tests.programs.factories import GrantFactory

    grant = GrantFactory(amount=1_000_000)
    today = dt.date.today()
    programs_services.record_disbursement(grant=grant, date=today, amount=1_000_000)
    programs_services.record_spending(
        grant=grant, date=today, item=grant.items.first(), amount=1_000_000, description="x"
    )
    settlement = programs_services.settle(grant=grant, settled_on=today)
    assert settlement.refund_expenditure is None
    assert Expenditure.objects.count() == 1


# --- concurrency --------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_entries_never_jointly_exceed_the_line(manager_user):
    """Ten writers book 300,000원 at once on a 2,000,000원 line: exactly six fit."""
    from tests.programs.factories import BudgetLineFactory

    line = BudgetLineFactory(planned=2_000_000)
    barrier = threading.Barrier(10)
    results = []

    def write():
        try:
            barrier.wait()
            services.record_expenditure(
                Expenditure(
                    budget_line_id=line.pk,
                    date=dt.date(line.fiscal_year.year, 3, 1),
                    amount=300_000,
                    payee="업체",
                ),
                user=manager_user,
            )
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 6 and results.count("refused") == 4
    total = sum(line.expenditures.values_list("amount", flat=True))
    assert total == 1_800_000
