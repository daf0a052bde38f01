"""Grant execution: disbursements in the center's ledger, spending never
above the grant (also under concurrent entry on PostgreSQL), settlement."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from center.models import Expenditure
from center.selectors import budget_tree
from programs import services
from programs.models import Disbursement, Grant, Settlement, Spending

from .factories import PDF, GrantFactory


def _today():
    return timezone.localdate()


def _spend(client, grant, amount, **extra):
    data = {
        "date": _today().isoformat(),
        "item": grant.items.first().pk,
        "amount": str(amount),
        "description": "홈페이지 제작 계약금",
        **extra,
    }
    return client.post(f"/programs/staff/grants/{grant.pk}/spend/", data)


def test_disbursement_books_an_expenditure_on_the_grants_budget_line(manager_client, db):
    grant = GrantFactory(amount=2_000_000)
    response = manager_client.post(
        f"/programs/staff/grants/{grant.pk}/disburse/",
        {"date": _today().isoformat(), "amount": "1500000"},
    )
    assert response.status_code == 302
    disbursement = Disbursement.objects.get()
    expenditure = disbursement.expenditure
    assert expenditure.budget_line == grant.budget_line and expenditure.amount == 1_500_000
    assert expenditure.payee == grant.application.organisation
    grant.refresh_from_db()
    assert grant.disbursed == 1_500_000
    row = next(r for r in budget_tree(grant.budget_line.fiscal_year) if r.line == grant.budget_line)
    assert row.executed == 1_500_000
    # More than what is left to pay is refused, and nothing is booked.
    response = manager_client.post(
        f"/programs/staff/grants/{grant.pk}/disburse/",
        {"date": _today().isoformat(), "amount": "600000"},
    )
    assert "지급 가능액(500,000원)을 넘습니다." in response.content.decode()
    assert Expenditure.objects.count() == 1 and Disbursement.objects.count() == 1


def test_disbursement_date_must_be_in_the_budget_year(manager_client, db):
    grant = GrantFactory()
    year = grant.budget_line.fiscal_year.year
    response = manager_client.post(
        f"/programs/staff/grants/{grant.pk}/disburse/",
        {"date": f"{year - 1}-12-31", "amount": "1000"},
    )
    assert f"집행일은 {year}년 안이어야 합니다." in response.content.decode()
    assert not Expenditure.objects.exists() and not Disbursement.objects.exists()
    grant.refresh_from_db()
    assert grant.disbursed == 0


def test_spending_with_receipt_is_stored_and_downloadable(staff_client, db):
    grant = GrantFactory(amount=2_000_000)
    receipt = SimpleUploadedFile("영수증.pdf", PDF, "application/pdf")
    response = _spend(staff_client, grant, 700_000, receipt=receipt)
    assert response.status_code == 302
    spending = Spending.objects.get()
    assert spending.receipt_name == "영수증.pdf" and "영수증" not in spending.receipt.name
    grant.refresh_from_db()
    assert grant.spent == 700_000 and grant.remaining == 1_300_000
    url = f"/programs/staff/spendings/{spending.pk}/receipt/"
    assert "내려받는 목적" in staff_client.get(url).content.decode()  # the reason step first
    download = staff_client.get(staff_client.post(url, {"purpose": "업무 처리"}).url)
    assert b"".join(download.streaming_content) == PDF
    body = staff_client.get(f"/programs/staff/grants/{grant.pk}/").content.decode()
    assert "700,000" in body and "1,300,000" in body


def test_spending_can_never_exceed_the_grant(staff_client, db):
    grant = GrantFactory(amount=2_000_000)
    assert _spend(staff_client, grant, 1_999_999).status_code == 302
    response = _spend(staff_client, grant, 2)
    assert "지원금 잔액(1원)을 넘습니다." in response.content.decode()
    assert _spend(staff_client, grant, 1).status_code == 302
    grant.refresh_from_db()
    assert grant.spent == grant.amount == 2_000_000
    assert sum(Spending.objects.values_list("amount", flat=True)) == 2_000_000


def test_service_refuses_overspending_even_when_the_form_is_bypassed(db):
    grant = GrantFactory(amount=1_000)
    item = grant.items.first()
    services.record_spending(grant=grant, date=_today(), item=item, amount=600, description="a")
    stale = Grant.objects.get(pk=grant.pk)  # the form's view of the grant
    services.record_spending(grant=grant, date=_today(), item=item, amount=400, description="b")
    with pytest.raises(ValidationError, match="잔액"):
        services.record_spending(grant=stale, date=_today(), item=item, amount=1, description="c")
    assert Spending.objects.count() == 2


def test_database_constraint_forbids_spent_above_amount(db):
    grant = GrantFactory(amount=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(spent=1_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(disbursed=1_001)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "1원 이상이어야 합니다."),
        ({"amount": "abc"}, "숫자(원 단위)만 입력하세요."),
        ({"date": "2999-01-01"}, "앞으로의 날짜는"),
        ({"date": "어제"}, "올바른 날짜를 입력하세요."),
        ({"description": ""}, "필수 항목입니다."),
        ({"item": "999999"}, "올바르게 선택해 주세요"),
        ({"receipt": SimpleUploadedFile("영수증.pdf", b"MZ\x90\x00")}, "올릴 수 없는 파일 형식"),
        (
            {
                "receipt": SimpleUploadedFile(
                    "영수증.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 8
                )
            },
            "올릴 수 없는 파일 형식",
        ),
    ],
)
def test_bad_spending_input_is_refused(staff_client, db, overrides, message):
    grant = GrantFactory()
    amount = overrides.pop("amount", 1_000)
    response = _spend(staff_client, grant, amount, **overrides)
    assert message in response.content.decode()
    assert not Spending.objects.exists()
    grant.refresh_from_db()
    assert grant.spent == 0


def test_item_of_another_grant_is_refused_by_the_service(db):
    grant, other = GrantFactory(), GrantFactory()
    with pytest.raises(ValidationError, match="지원 항목"):
        services.record_spending(
            grant=grant, date=_today(), item=other.items.first(), amount=1, description="x"
        )


def test_deleting_spending_gives_the_balance_back(staff_client, db):
    grant = GrantFactory(amount=1_000_000)
    _spend(staff_client, grant, 400_000)
    spending = Spending.objects.get()
    staff_client.post(f"/programs/staff/spendings/{spending.pk}/delete/")
    grant.refresh_from_db()
    assert grant.spent == 0 and not Spending.objects.exists()


@pytest.mark.parametrize(
    ("disbursed", "spent", "unspent", "refund"),
    [
        (2_000_000, 1_750_000, 250_000, 250_000),  # paid in full, part unused → return
        (1_000_000, 1_000_000, 1_000_000, 0),  # paid half, all of it used
        (2_000_000, 2_000_000, 0, 0),  # everything used
        (0, 0, 2_000_000, 0),  # nothing happened
    ],
)
def test_settlement_arithmetic(manager_client, db, disbursed, spent, unspent, refund):
    grant = GrantFactory(amount=2_000_000)
    if disbursed:
        services.record_disbursement(grant=grant, date=_today(), amount=disbursed)
    if spent:
        services.record_spending(
            grant=grant, date=_today(), item=grant.items.first(), amount=spent, description="x"
        )
    response = manager_client.post(
        f"/programs/staff/grants/{grant.pk}/settle/",
        {"settled_on": _today().isoformat(), "note": "정산 완료"},
    )
    assert response.status_code == 302
    settlement = Settlement.objects.get()
    assert (settlement.granted, settlement.disbursed, settlement.spent) == (
        2_000_000,
        disbursed,
        spent,
    )
    assert settlement.unspent == unspent and settlement.refund == refund
    # After settlement nothing more can be recorded.
    response = _spend(manager_client, grant, 1)
    assert "정산이 끝난 지원금입니다" in response.content.decode()
    assert Spending.objects.count() == (1 if spent else 0)


def test_settlement_constraint_keeps_the_sum_honest(db):
    grant = GrantFactory(amount=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Settlement.objects.create(
            grant=grant,
            settled_on=dt.date.today(),
            granted=1_000,
            disbursed=1_000,
            spent=400,
            unspent=500,
            refund=600,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_spending_entries_never_exceed_the_grant(staff_user):
    """Twelve clients post 300,000원 at once against a 2,000,000원 grant:
    exactly six are accepted, whatever the interleaving."""
    grant = GrantFactory(amount=2_000_000)
    item_id = grant.items.first().pk
    barrier = threading.Barrier(12)
    results = []

    def post():
        client = Client()
        client.force_login(staff_user)
        barrier.wait()
        try:
            response = client.post(
                f"/programs/staff/grants/{grant.pk}/spend/",
                {
                    "date": _today().isoformat(),
                    "item": item_id,
                    "amount": "300000",
                    "description": "동시 입력",
                },
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    grant.refresh_from_db()
    total = sum(Spending.objects.filter(grant=grant).values_list("amount", flat=True))
    assert results.count(302) == 6 and results.count(200) == 6
    assert total == grant.spent == 1_800_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_never_exceed_the_grant(manager_user):
    grant = GrantFactory(amount=1_000_000)
    barrier = threading.Barrier(8)
    results = []

    def post():
        client = Client()
        client.force_login(manager_user)
        barrier.wait()
        try:
            response = client.post(
                f"/programs/staff/grants/{grant.pk}/disburse/",
                {"date": _today().isoformat(), "amount": "300000"},
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    grant.refresh_from_db()
    assert results.count(302) == 3
    assert grant.disbursed == 900_000
    assert (
        sum(
            Expenditure.objects.filter(budget_line=grant.budget_line).values_list(
                "amount", flat=True
            )
        )
        == 900_000
    )
