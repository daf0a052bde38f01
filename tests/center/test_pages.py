def test_home_is_public_and_korean(client, demo):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in body
    assert "1544-5077" in body
    assert "서울 은평구 통일로 684" in body


def test_dashboard_shows_budget_and_indicators(staff_client, demo):
    body = staff_client.get("/dashboard/").content.decode()
    assert "1,110,500" in body and "660,697" in body and "59.50" in body
    assert "7,044건" in body and "(단위: 천원)" in body
    assert "2021년 대시보드" in body  # years are not thousand-separated


def test_dashboard_query_count_is_flat(staff_client, demo, django_assert_max_num_queries):
    from center.models import BudgetLine, Expenditure

    # One query per registered source, series and alert; not per row.
    with django_assert_max_num_queries(40) as small:
        staff_client.get("/dashboard/")
    line = BudgetLine.objects.get(fiscal_year=demo, name="운영비")
    Expenditure.objects.bulk_create(
        Expenditure(budget_line=line, date="2021-12-01", amount=1, payee="p") for _ in range(1000)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get("/dashboard/")


def test_expenditure_list_query_count_is_flat(staff_client, demo, django_assert_max_num_queries):
    from center.models import BudgetLine, Expenditure

    staff_client.get("/center/2021/expenditures/")  # the session's one-off lookups (menu badge)
    with django_assert_max_num_queries(12):
        staff_client.get("/center/2021/expenditures/")
    line = BudgetLine.objects.get(fiscal_year=demo, name="운영비")
    Expenditure.objects.bulk_create(
        Expenditure(budget_line=line, date="2021-12-01", amount=1, payee="p") for _ in range(2000)
    )
    with django_assert_max_num_queries(12):
        response = staff_client.get("/center/2021/expenditures/?month=12")
    assert "2,000건" in response.content.decode()


def test_official_date_and_time_formats(settings):
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("ko"):
        assert formats.date_format(dt.date(2021, 11, 4)) == "2021. 11. 4."
        assert formats.time_format(dt.time(14, 0)) == "14:00"
        assert formats.number_format(1110500, force_grouping=True) == "1,110,500"


def test_budget_line_page_shows_ledger_and_history(staff_client, demo):
    from center.models import BudgetLine

    line = BudgetLine.objects.get(fiscal_year=demo, name="전문상담")
    body = staff_client.get(f"/center/budget-lines/{line.pk}/").content.decode()
    assert "8,160,000" in body and "67.93" in body and "변경 이력" in body


def test_dashboard_shows_pace_and_monthly_spending(staff_client, demo):
    import datetime as dt

    from center import selectors

    progress = {
        p.indicator.name: p for p in selectors.indicator_progress(demo, dt.date(2021, 7, 2))
    }
    # Half the year gone: 7,044 of 9,000 is ahead of the pace; 1 of 2 forums is on track.
    assert progress["전화상담"].status == selectors.ON_TRACK
    assert progress["홈페이지상담"].status == selectors.ON_TARGET
    assert progress["휴면협동조합 컨설팅 지원"].status == selectors.NO_DATA
    # Once the year is over, a shortfall is a miss, not a delay.
    assert {p.indicator.name: p.status for p in selectors.indicator_progress(demo)}[
        "전화상담"
    ] == "미달"
    body = staff_client.get("/dashboard/?year=2021").content.decode()
    assert "월별 예산 집행액" in body and "<svg" in body and "진도" in body
    assert "올해 100%가 지났습니다" in body


def test_alerts_registered_by_apps_show_on_the_dashboard(staff_client, demo):
    from core import registry as indicators

    indicators.register_alert("test.alert", "시험 알림")(lambda: 3)
    try:
        body = staff_client.get("/dashboard/").content.decode()
        assert "시험 알림" in body and "3건" in body
    finally:
        indicators._alerts.pop("test.alert")


def test_expenditure_list_sorts_by_its_columns(staff_client, manager_user, demo):
    """Issue 16.6: the ledger sorts like the other staff lists (?sort=, aria-sort)."""
    import re

    from center.models import BudgetLine, Expenditure

    line = BudgetLine.objects.get(fiscal_year=demo, name="운영비")
    Expenditure.objects.filter(budget_line__fiscal_year=demo).delete()
    for day, amount, payee in [(3, 500, "나상회"), (1, 9000, "다상회"), (2, 70, "가상회")]:
        Expenditure.objects.create(
            budget_line=line, date=f"2021-12-0{day}", amount=amount, payee=payee
        )
    url = "/center/2021/expenditures/"

    def payees(query):
        body = staff_client.get(f"{url}{query}").content.decode()
        return re.findall(r"<td[^>]*>([가-다]상회)</td>", body), body

    assert payees("")[0] == ["나상회", "가상회", "다상회"]  # newest first
    order, body = payees("?sort=amount")
    assert order == ["가상회", "나상회", "다상회"]
    assert 'aria-sort="ascending"' in body and "?sort=-amount" in body
    assert payees("?sort=-amount")[0] == ["다상회", "나상회", "가상회"]
    assert payees("?sort=payee")[0] == ["가상회", "나상회", "다상회"]
    assert "수정</a>" not in body  # staff do not edit the ledger
    staff_client.force_login(manager_user)
    assert "수정</a>" in staff_client.get(url).content.decode()
