"""Change history of records and the personal-data access log."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from center.models import BudgetLine, Expenditure
from core import privacy, registry
from core.privacy import PersonalDataAccess, log_access
from core.security_models import AuditRecordProtected, is_historical_model
from core.security_views import history_models


def _budget_leaf(fiscal_year):
    return BudgetLine.objects.filter(fiscal_year=fiscal_year, children__isnull=True).first()


# --- change history ------------------------------------------------------------------


def test_history_page_shows_who_when_and_field_level_changes(manager_client, demo):
    line = _budget_leaf(demo)
    old = line.planned
    response = manager_client.post(
        f"/center/2021/budget/{line.pk}/edit/",
        {
            "parent": line.parent_id,
            "order": line.order,
            "name": line.name,
            "planned_thousand": old // 1000 + 1,
        },
    )
    new = (old // 1000 + 1) * 1000
    assert response.status_code == 302, response.content.decode()[:500]
    page = manager_client.get(f"/center/changes/center.budgetline/{line.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "이관리" in body  # who
    assert "수정" in body and "생성" in body
    assert "예산액(원)" in body  # the Korean label of the changed field
    assert f"<del>{old:,}</del> → <ins>{new:,}</ins>" in body
    assert "<form" not in body.split('id="main"')[1].split("</main>")[0]  # read-only


def test_history_page_names_related_records_and_survives_deletion(manager_client, demo):
    line = _budget_leaf(demo)
    expenditure = Expenditure.objects.create(
        budget_line=line, date=dt.date(2021, 5, 3), amount=12345, payee="인쇄소"
    )
    pk = expenditure.pk
    response = manager_client.post(f"/center/2021/expenditures/{pk}/delete/")
    assert response.status_code == 302
    assert not Expenditure.objects.filter(pk=pk).exists()
    body = manager_client.get(f"/center/changes/center.expenditure/{pk}/").content.decode()
    assert "삭제됨" in body and "삭제" in body
    assert line.name in body  # the budget line named, not "#12"
    assert "12,345" in body


def test_history_page_is_for_staff_and_only_for_tracked_models(
    client, staff_client, outsider_user, demo
):
    line = _budget_leaf(demo)
    url = f"/center/changes/center.budgetline/{line.pk}/"
    assert staff_client.get(url).status_code == 200
    assert staff_client.get("/center/changes/auth.user/1/").status_code == 404
    assert staff_client.get("/center/changes/center.budgetline/999999/").status_code == 404
    client.force_login(outsider_user)
    assert client.get(url).status_code == 403


def test_every_tracked_model_of_every_app_has_a_history_page(staff_client, demo):
    """Generic: models other apps add with HistoricalRecords are covered too."""
    tracked = history_models()
    assert {"center.budgetline", "center.expenditure", "center.indicator"} <= set(tracked)
    for label, model in tracked.items():
        record = model.history.order_by("history_id").first()
        if record is None:
            continue
        response = staff_client.get(f"/center/changes/{label}/{record.id}/")
        assert response.status_code == 200, label


def test_historical_records_cannot_be_deleted_through_the_orm(demo):
    historical = [m for m in apps.get_models() if is_historical_model(m)]
    assert len(historical) >= 6
    record = BudgetLine.history.first()
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        record.delete()
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        BudgetLine.history.all().delete()
    assert BudgetLine.history.exists()
    for model in historical:  # every app's history, whatever is added later
        instance = model.objects.first()
        if instance is not None:
            with pytest.raises(AuditRecordProtected), transaction.atomic():
                instance.delete()


def test_admin_history_is_read_only(client, django_user_model, demo):
    """Django admin: no historical model is registered for editing, and
    simple-history's revert form is switched off."""
    for model in admin.site._registry:
        assert not is_historical_model(model), model
    root = django_user_model.objects.create_superuser("root", password="very-long-password-1")
    client.force_login(root)
    line = _budget_leaf(demo)
    record = line.history.earliest("history_date")
    url = f"/admin/center/budgetline/{line.pk}/history/{record.history_id}/"
    assert client.get(url).status_code == 200
    before = line.planned
    BudgetLine.objects.filter(pk=line.pk).update(planned=before + 5)
    response = client.post(url, {"name": line.name, "planned": before, "order": 0, "_save": "1"})
    assert response.status_code in (302, 403, 200)
    line.refresh_from_db()
    assert line.planned == before + 5  # nothing reverted


# --- access log ---------------------------------------------------------------------


def _request(user, ip="10.0.0.9"):
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    request.user = user
    return request


def _entries(user, n, at=None):
    """n log entries; with `at`, backdated and the chain re-linked so that it
    still verifies (as if they had been written then)."""
    request = _request(user)
    entries = [log_access(request, user, "view", subject=f"상담 #{i}") for i in range(n)]
    if at is not None:
        PersonalDataAccess.objects.filter(pk__in=[e.pk for e in entries]).update(at=at)
        previous = privacy.GENESIS
        for entry in PersonalDataAccess.objects.order_by("pk"):
            entry.prev_hash = previous
            entry.hash = entry.compute_hash()
            PersonalDataAccess.objects.filter(pk=entry.pk).update(
                prev_hash=entry.prev_hash, hash=entry.hash
            )
            previous = entry.hash
    return entries


def test_verify_access_log_command_passes_and_fails(staff_user):
    _entries(staff_user, 3)
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    assert "3건" in out.getvalue() and "온전" in out.getvalue()
    second = PersonalDataAccess.objects.order_by("pk")[1]
    PersonalDataAccess.objects.filter(pk=second.pk).update(subject="바꿔치기")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_access_log", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert f"#{second.pk}" in err.getvalue()


def test_access_log_entries_cannot_be_deleted_even_in_bulk(staff_user):
    _entries(staff_user, 2)
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.count() == 2


def test_retention_job_keeps_the_access_log_for_more_than_two_years(staff_user):
    five_years_ago = timezone.now() - dt.timedelta(days=5 * 365)
    _entries(staff_user, 2, at=five_years_ago)
    before = list(PersonalDataAccess.objects.values_list("pk", "hash", "subject", "username"))
    privacy.destroy_expired_personal_data()
    call_command("verify_access_log", stdout=io.StringIO())
    after = list(PersonalDataAccess.objects.values_list("pk", "hash", "subject", "username"))
    assert after == before
    assert not any(rule.model is PersonalDataAccess for rule in registry.retention_rules())


def test_monthly_review_filters_and_paginates(client, manager_user, staff_user):
    _entries(staff_user, 3, at=timezone.make_aware(dt.datetime(2021, 11, 10, 10)))
    _entries(manager_user, 2, at=timezone.make_aware(dt.datetime(2021, 11, 20, 10)))
    _entries(staff_user, 1, at=timezone.make_aware(dt.datetime(2021, 12, 1, 10)))
    client.force_login(manager_user)
    body = client.get("/center/access-log/?month=2021-11").content.decode()
    assert "(5건)" in body
    body = client.get(f"/center/access-log/?month=2021-11&user={staff_user.pk}").content.decode()
    assert "(3건)" in body
    body = client.get("/center/access-log/?month=2021-11&action=export").content.decode()
    assert "(0건)" in body and "이 달의 기록이 없습니다" in body
    body = client.get("/center/access-log/?month=2021-12").content.decode()
    assert "(1건)" in body


def test_monthly_review_runs_in_constant_queries(
    client, manager_user, staff_user, django_assert_max_num_queries
):
    client.force_login(manager_user)
    november = timezone.make_aware(dt.datetime(2021, 11, 10, 10))
    _entries(staff_user, 3, at=november)
    # 15: the page also checks the whole chain and its signed checkpoints
    # (one query each, whatever the number of entries).
    with django_assert_max_num_queries(15) as small:
        client.get("/center/access-log/?month=2021-11")
    _entries(staff_user, 120, at=november)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/center/access-log/?month=2021-11")
    assert "(123건)" in response.content.decode()
    assert "1 / 3쪽" in response.content.decode()


def test_monthly_review_is_for_managers_only(staff_client):
    assert staff_client.get("/center/access-log/").status_code == 403


def test_history_link_include_points_to_the_history_page(rf, staff_user, demo):
    from django.template import Context, Template

    line = _budget_leaf(demo)
    template = Template('{% include "includes/history_link.html" with obj=line %}')
    html = template.render(Context({"line": line, "user_is_staff_member": True}))
    assert f'href="/center/changes/center.budgetline/{line.pk}/"' in html and "변경 이력" in html
    assert template.render(Context({"line": line, "user_is_staff_member": False})).strip() == ""
    untracked = demo  # FiscalYear keeps no history
    assert "href" not in template.render(Context({"line": untracked, "user_is_staff_member": True}))


def test_relation_labels_are_korean_even_without_a_verbose_name(manager_client, demo):
    line = _budget_leaf(demo)
    body = manager_client.get(f"/center/changes/center.budgetline/{line.pk}/").content.decode()
    assert "fiscal year" not in body and "<strong>회계연도</strong>" in body
