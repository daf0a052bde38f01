import datetime as dt
import io

import pytest
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from outreach import services
from outreach.models import DailyPageView, DailyVisitor, MonthlyFigure

from .factories import FigureFactory

pytestmark = pytest.mark.django_db


def grid_post(channels, cells):
    return {f"c{channels[slug].pk}_{metric}": value for (slug, metric), value in cells.items()}


def test_grid_saves_a_whole_month(staff_client, channels):
    data = grid_post(
        channels,
        {("homepage", "visits"): "9,690", ("blog", "views"): "26065", ("facebook", "reach"): "0"},
    )
    response = staff_client.post("/outreach/2021/metrics/3/", data)
    assert response.status_code == 302
    stored = {
        (f.channel.slug, f.metric): f.value
        for f in MonthlyFigure.objects.filter(year=2021, month=3)
    }
    assert stored == {
        ("homepage", "visits"): 9690,
        ("blog", "views"): 26065,
        ("facebook", "reach"): 0,
    }


def test_grid_with_one_negative_cell_saves_nothing_and_says_why(staff_client, channels):
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=500)
    data = grid_post(
        channels,
        {("homepage", "visits"): "9690", ("blog", "views"): "-5", ("facebook", "reach"): "abc"},
    )
    response = staff_client.post("/outreach/2021/metrics/3/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "0 이상이어야 합니다." in body
    assert "정수를 입력하세요." in body
    assert "아무것도 저장하지 않았습니다" in body
    # The error sits next to its cell.
    assert f'id="id_c{channels["blog"].pk}_views-error"' in body
    assert list(MonthlyFigure.objects.values_list("value", flat=True)) == [500]


def test_grid_empty_cell_removes_a_figure(staff_client, channels):
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=500)
    staff_client.post("/outreach/2021/metrics/3/", grid_post(channels, {("blog", "views"): ""}))
    assert not MonthlyFigure.objects.exists()


def test_grid_shows_stored_values(staff_client, channels):
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=26065)
    body = staff_client.get("/outreach/2021/metrics/3/").content.decode()
    assert 'value="26,065"' in body


def test_database_refuses_negative_and_duplicate_figures(channels):
    FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(channel=channels["blog"], metric="views", year=2021, month=3, value=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(channel=channels["blog"], metric="views", year=2021, month=4, value=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(channel=channels["blog"], metric="views", year=2021, month=13, value=1)


def test_figures_are_recorded_in_history(channels):
    figure = FigureFactory(channel=channels["blog"], metric="views", value=1)
    figure.value = 2
    figure.save()
    assert [h.value for h in figure.history.all()] == [2, 1]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["채널", "지표", "연도", "월", "값"],
    ["홈페이지", "방문", 2021, 1, 10429],
    ["blog", "조회", 2021, 1, 25000],
]


@pytest.fixture
def upload(staff_client, django_capture_on_commit_callbacks):
    """Upload on the import page (the kernel's preview-then-commit page) and
    run the queued check after commit; returns the response the upload led to."""

    def do(content: bytes, name: str):
        file = io.BytesIO(content)
        file.name = name
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post("/outreach/metrics/import/", {"file": file})
        return response

    return do


def _commit(staff_client, django_capture_on_commit_callbacks):
    from core.models import Job

    preview = Job.objects.get(kind="preview")
    with django_capture_on_commit_callbacks(execute=True):
        return staff_client.post(f"/jobs/{preview.pk}/import/")


def test_import_xlsx_stores_every_row(
    staff_client, channels, upload, django_capture_on_commit_callbacks
):
    response = upload(xlsx(GOOD), "metrics.xlsx")
    assert response.status_code == 302
    assert not MonthlyFigure.objects.exists()  # the preview saves nothing
    assert _commit(staff_client, django_capture_on_commit_callbacks).status_code == 302
    assert MonthlyFigure.objects.get(channel__slug="homepage", month=1).value == 10429
    assert MonthlyFigure.objects.get(channel__slug="blog", month=1).value == 25000


def test_import_with_bad_rows_saves_nothing_and_lists_each_row(
    staff_client, channels, upload, django_capture_on_commit_callbacks
):
    rows = [
        *GOOD,
        ["홈페이지", "방문", 2021, 2, -3],
        ["없는채널", "방문", 2021, 2, 1],
        ["블로그", "도달", 2021, 13, 1],
        ["홈페이지", "방문", 2021, 1, 5],
    ]
    content = "\n".join(",".join(str(c) for c in row) for row in rows).encode("utf-8-sig")
    response = upload(content, "metrics.csv")
    body = staff_client.get(response.url).content.decode()
    assert "4행: 값은 0 이상이어야 합니다." in body
    assert "5행: 채널 ‘없는채널’이 없습니다." in body
    assert "6행: 블로그에는 ‘도달’ 지표가 없습니다, 월은 1~12 사이여야 합니다." in body
    assert "7행: 2행과 같은 채널·지표·월이 두 번 있습니다." in body
    _commit(staff_client, django_capture_on_commit_callbacks)
    assert not MonthlyFigure.objects.exists()


def test_import_refuses_a_file_that_is_not_a_spreadsheet(staff_client, channels, upload):
    body = upload(b"%PDF-1.4 not a sheet", "metrics.xlsx").content.decode()
    assert "올릴 수 없는 파일 형식입니다" in body
    assert not MonthlyFigure.objects.exists()


def test_import_records_command_uses_the_registry(channels, tmp_path):
    from django.core.management import call_command

    from core import registry

    assert registry.get_importer("outreach_metrics") is not None
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import_records", "outreach_metrics", str(path), stdout=io.StringIO())
    assert MonthlyFigure.objects.filter(year=2021, month=1).count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx([*GOOD[:1], ["홈페이지", "방문", 2021, 5, 7], ["홈페이지", "방문", 2021, 6, -1]])
    )
    with pytest.raises(Exception):  # noqa: B017 - the command reports the row errors
        call_command("import_records", "outreach_metrics", str(bad), stdout=io.StringIO())
    assert not MonthlyFigure.objects.filter(month__in=[5, 6]).exists()


# --- the portal's own counter ----------------------------------------------------------


def test_public_html_pages_are_counted_without_cookies(client, channels):
    agent = "Mozilla/5.0 (X11; Linux) Firefox/120"
    response = client.get("/newsletter/subscribe/", HTTP_USER_AGENT=agent)
    client.get("/newsletter/subscribe/", HTTP_USER_AGENT=agent)
    client.get("/newsletter/subscribe/", HTTP_USER_AGENT=agent, REMOTE_ADDR="10.0.0.9")
    services.flush_page_views()  # with Redis, views wait in the cache for beat
    day = DailyPageView.objects.get()
    assert day.views == 3
    assert DailyVisitor.objects.count() == 2
    assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers.get(
        "Set-Cookie", ""
    )
    # Digests never contain the address.
    assert all("127.0.0.1" not in v.digest for v in DailyVisitor.objects.all())


def test_staff_pages_bots_and_errors_are_not_counted(client, staff_client, channels):
    staff_client.get("/outreach/2021/", HTTP_USER_AGENT="Mozilla/5.0")
    staff_client.get("/newsletter/subscribe/", HTTP_USER_AGENT="Mozilla/5.0")  # logged in
    client.logout()
    client.get("/newsletter/subscribe/", HTTP_USER_AGENT="Googlebot/2.1")
    client.get("/newsletter/confirm/nope/", HTTP_USER_AGENT="Mozilla/5.0")  # 404
    services.flush_page_views()
    assert not DailyPageView.objects.filter(views__gt=0).exists()


def test_roll_up_adds_finished_days_once_and_forgets_the_salt(channels):
    day = dt.date(2021, 5, 3)
    for ip in ("1.1.1.1", "2.2.2.2", "1.1.1.1"):
        services.count_page_view(ip=ip, user_agent="UA", day=day)
    services.count_page_view(ip="3.3.3.3", user_agent="UA", day=dt.date(2021, 5, 4))
    assert services.roll_up_page_views(today=dt.date(2021, 5, 4)) == 1
    assert services.roll_up_page_views(today=dt.date(2021, 5, 4)) == 0
    visits = MonthlyFigure.objects.get(channel__slug="homepage", metric="visits", month=5)
    views = MonthlyFigure.objects.get(channel__slug="homepage", metric="views", month=5)
    assert (visits.value, views.value) == (2, 3)
    rolled = DailyPageView.objects.get(date=day)
    assert rolled.salt == "" and rolled.visitors == 2 and rolled.rolled_up
    assert not DailyVisitor.objects.filter(date=day).exists()
    assert DailyVisitor.objects.filter(date=dt.date(2021, 5, 4)).count() == 1
    services.roll_up_page_views(today=dt.date(2021, 5, 5))
    visits.refresh_from_db()
    assert visits.value == 3


def test_add_to_figure_adds_to_an_entered_figure(channels):
    FigureFactory(channel=channels["homepage"], metric="visits", year=2021, month=5, value=100)
    services.add_to_figure(
        channel=channels["homepage"], metric="visits", year=2021, month=5, delta=5
    )
    assert MonthlyFigure.objects.get().value == 105


def test_counting_a_view_costs_two_queries_once_the_day_exists(
    channels, django_assert_max_num_queries
):
    """Two without a shared cache; with Redis one (a new visitor) or none."""
    day = dt.date(2021, 6, 1)
    services.count_page_view(ip="1.1.1.1", user_agent="UA", day=day)
    with django_assert_max_num_queries(2):
        services.count_page_view(ip="2.2.2.2", user_agent="UA", day=day)
    services.flush_page_views(today=day)
    assert DailyPageView.objects.get(date=day).views == 2
    assert DailyVisitor.objects.filter(date=day).count() == 2
