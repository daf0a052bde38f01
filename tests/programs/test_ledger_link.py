"""A ledger entry made by a grant disbursement is changed only through the grant."""

import datetime as dt

from center.models import Expenditure
from programs import services

from .factories import GrantFactory


def test_disbursement_entry_cannot_be_edited_or_deleted_in_the_ledger(manager_client, db):
    grant = GrantFactory(amount=2_000_000)
    disbursement = services.record_disbursement(grant=grant, date=dt.date.today(), amount=500_000)
    entry = disbursement.expenditure
    assert entry.owner() == disbursement
    year = entry.budget_line.fiscal_year.year
    response = manager_client.post(
        f"/center/{year}/expenditures/{entry.pk}/edit/",
        {"budget_line": entry.budget_line_id, "date": str(entry.date), "amount": "9", "payee": "x"},
        follow=True,
    )
    assert "그 화면에서만 고칠 수 있습니다" in response.content.decode()
    entry.refresh_from_db()
    assert entry.amount == 500_000
    response = manager_client.post(f"/center/{year}/expenditures/{entry.pk}/delete/", follow=True)
    assert Expenditure.objects.filter(pk=entry.pk).exists()
