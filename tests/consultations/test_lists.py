"""Lists with filters, masking, histories, the access log and the XLSX export."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.privacy import PersonalDataAccess

from .factories import ClientFactory, ConsultationFactory, CooperativeFactory, category

pytestmark = pytest.mark.django_db


def _at(day, hour=10):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def records(staff_user, manager_user):
    mapo = CooperativeFactory(name="마포두레협동조합", district="마포구")
    gangnam = CooperativeFactory(name="강남나눔협동조합", district="강남구")
    a = ConsultationFactory(
        client=ClientFactory(name="김철용", phone="010-1234-5678", cooperative=mapo),
        channel="phone",
        started_at=_at(dt.date(2021, 3, 2)),
        handled_by=staff_user,
        summary="정관 작성 문의",
    )
    b = ConsultationFactory(
        client=ClientFactory(name="이영희", phone="010-9999-0000", cooperative=gangnam),
        channel="visit",
        started_at=_at(dt.date(2021, 6, 15), 14),
        handled_by=manager_user,
        summary="해산 절차 상담",
        categories=[category("해산·청산")],
    )
    return a, b


def test_list_masks_names_and_phones(staff_client, records):
    body = staff_client.get("/consultations/").content.decode()
    assert "김*용" in body and "010-1234-****" in body
    assert "김철용" not in body and "5678" not in body
    assert "이*희" in body and "이영희" not in body


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"channel": "visit"}, {"해산 절차 상담"}),
        ({"district": "마포구"}, {"정관 작성 문의"}),
        ({"cooperative": "강남나눔"}, {"해산 절차 상담"}),
        ({"date_from": "2021-06-01", "date_to": "2021-06-30"}, {"해산 절차 상담"}),
        ({"date_to": "2021-03-02"}, {"정관 작성 문의"}),
        ({"q": "010-1234"}, {"정관 작성 문의"}),
        ({"q": "해산"}, {"해산 절차 상담"}),
        ({}, {"정관 작성 문의", "해산 절차 상담"}),
    ],
)
def test_filters(staff_client, records, params, expected):
    response = staff_client.get("/consultations/", params)
    shown = {c.summary for c in response.context["consultations"]}
    assert shown == expected


def test_filter_by_category_and_staff(staff_client, records, staff_user, manager_user):
    topic = category("해산·청산")
    response = staff_client.get("/consultations/", {"category": topic.pk})
    assert [c.summary for c in response.context["consultations"]] == ["해산 절차 상담"]
    response = staff_client.get("/consultations/", {"handled_by": staff_user.pk})
    assert [c.summary for c in response.context["consultations"]] == ["정관 작성 문의"]


def test_bad_filter_value_shows_message_not_500(staff_client, records):
    response = staff_client.get("/consultations/", {"date_from": "2021-13-45"})
    assert response.status_code == 200
    assert "날짜 형식이 올바르지 않습니다." in response.content.decode()
    assert list(response.context["consultations"]) == []


def _make(n):
    coop = CooperativeFactory()
    for i in range(n):
        ConsultationFactory(
            client=ClientFactory(cooperative=coop), started_at=_at(dt.date(2021, 4, 1 + i % 28))
        )


@pytest.mark.parametrize(
    "path", ["/consultations/", "/consultations/?channel=phone&district=마포구&q=설립"]
)
def test_list_query_count_is_constant(staff_client, django_assert_max_num_queries, path):
    _make(3)
    staff_client.get(path)  # warm-up: the first request also loads the 2FA device
    with django_assert_max_num_queries(12) as small:
        staff_client.get(path)
    _make(60)
    with django_assert_max_num_queries(12) as large:
        staff_client.get(path)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_history_pages_query_count_is_constant(staff_client, django_assert_max_num_queries):
    coop = CooperativeFactory()
    client = ClientFactory(cooperative=coop)
    ConsultationFactory(client=client)
    counts = []
    staff_client.get("/consultations/cooperatives/")  # warm-up (2FA device lookup)
    for extra in (0, 40):
        for _ in range(extra):
            ConsultationFactory(client=client)
        with django_assert_max_num_queries(20) as client_page:
            staff_client.get(f"/consultations/clients/{client.pk}/")
        with django_assert_max_num_queries(20) as coop_page:
            staff_client.get(f"/consultations/cooperatives/{coop.pk}/")
        with django_assert_max_num_queries(12) as coop_list:
            staff_client.get("/consultations/cooperatives/")
        counts.append(
            (
                len(client_page.captured_queries),
                len(coop_page.captured_queries),
                len(coop_list.captured_queries),
            )
        )
    assert counts[0] == counts[1]


def test_detail_shows_whole_and_logs_access(staff_client, staff_user, records):
    a, _ = records
    body = staff_client.get(f"/consultations/{a.pk}/", REMOTE_ADDR="10.1.2.3").content.decode()
    assert "김철용" in body and "010-1234-5678" in body
    entry = PersonalDataAccess.objects.get()
    assert entry.user == staff_user and entry.action == "view"
    assert entry.ip == "10.1.2.3"
    assert entry.object_type == "consultations.Client" and entry.object_id == str(a.client_id)
    assert "김*용" in entry.subject and "김철용" not in entry.subject


def test_client_history_shows_all_their_consultations_and_logs(staff_client, records):
    a, _ = records
    ConsultationFactory(client=a.client, summary="두 번째 상담")
    body = staff_client.get(f"/consultations/clients/{a.client_id}/").content.decode()
    assert "김철용" in body and "두 번째 상담" in body and "정관 작성 문의" in body
    assert "해산 절차 상담" not in body
    assert PersonalDataAccess.objects.filter(action="view", object_id=str(a.client_id)).exists()


def test_cooperative_history_masks_people(staff_client, records):
    a, _ = records
    body = staff_client.get(f"/consultations/cooperatives/{a.cooperative_id}/").content.decode()
    assert "마포두레협동조합" in body and "정관 작성 문의" in body and "해산 절차 상담" not in body
    assert "김*용" in body and "김철용" not in body


@pytest.fixture
def export(manager_client, django_capture_on_commit_callbacks):
    """Press 엑셀 내려받기 on the list filtered by `query`; the job runs after
    commit. Returns the job page's response."""

    def do(query="", fmt="xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = manager_client.post("/exports/consultations/", {"query": query, "fmt": fmt})
        return response

    return do


def test_export_is_masked_numeric_filtered_and_logged(
    manager_client, manager_user, records, export
):
    from core.models import Job

    response = export("channel=phone")
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    assert (job.status, job.result["rows"]) == ("done", 1)
    page = manager_client.get(response.url).content.decode()
    assert "파일 받기" in page and 'value="100"' in page
    download = manager_client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("번호", "상담일시", "상담방법", "상담시간(분)", "신청인", "전화번호")
    assert len(rows) == 2  # header + the one phone consultation
    row = rows[1]
    assert row[2] == "전화" and row[4] == "김*용" and row[5] == "010-1234-****"
    assert isinstance(row[0], int) and isinstance(row[3], int)
    assert row[1] == dt.datetime(2021, 3, 2, 10, 0)
    flat = " ".join(str(v) for r in rows for v in r)
    assert "김철용" not in flat and "5678" not in flat
    entry = PersonalDataAccess.objects.get()
    assert entry.action == "export" and entry.user == manager_user and "1건" in entry.subject


def test_export_as_csv_opens_in_korean_excel(manager_client, records, export):
    from core.models import Job

    export("", fmt="csv")
    job = Job.objects.get()
    content = b"".join(manager_client.get(f"/jobs/{job.pk}/download/").streaming_content)
    assert content.startswith("\ufeff".encode())  # UTF-8 BOM
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("번호,상담일시,상담방법")
    assert "이*희" in text and "이영희" not in text and "2021-06-15 14:00" in text


def test_export_with_a_bad_filter_starts_nothing(manager_client, records, export):
    from core.models import Job

    response = export("date_from=2021-13-45")
    assert response.status_code == 302 and not Job.objects.exists()
    assert not PersonalDataAccess.objects.exists()


def test_export_is_for_managers(staff_client, records):
    response = staff_client.post("/exports/consultations/", {"query": "", "fmt": "xlsx"})
    assert response.status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_list_shows_the_export_buttons_to_managers_only(client, staff_user, manager_user, records):
    client.force_login(staff_user)
    assert "/exports/consultations/" not in client.get("/consultations/").content.decode()
    client.force_login(manager_user)
    body = client.get("/consultations/?channel=phone").content.decode()
    assert 'action="/exports/consultations/"' in body and 'value="channel=phone"' in body


def test_pagination_reaches_the_last_page(staff_client):
    _make(53)
    response = staff_client.get("/consultations/", {"page": "last"})
    page = response.context["page_obj"]
    assert page.number == 2 and len(page.object_list) == 3
    assert "2 / 2쪽" in response.content.decode()


def test_expert_pages_query_count_is_constant(client, manager_user, django_assert_max_num_queries):
    from .factories import AdvisoryAnswerFactory, ExpertConsultationFactory

    client.force_login(manager_user)
    pages = [
        "/consultations/experts/",
        "/consultations/advisors/",
        "/consultations/advisory-answers/",
        "/consultations/categories/",
    ]
    for url in pages:
        client.get(url)  # warm-up
    counts = []
    for size in (2, 30):
        for _ in range(size):
            ExpertConsultationFactory()
            AdvisoryAnswerFactory()
            ConsultationFactory()
        sizes = []
        for url in pages:
            with django_assert_max_num_queries(12) as captured:
                response = client.get(url)
            assert response.status_code == 200
            sizes.append(len(captured.captured_queries))
        counts.append(sizes)
    assert counts[0] == counts[1]


def test_cooperative_edit_checks_the_name(staff_client):
    CooperativeFactory(name="이미있는협동조합")
    coop = CooperativeFactory(name="고칠협동조합", district="")
    response = staff_client.post(
        f"/consultations/cooperatives/{coop.pk}/edit/",
        {"name": "이미있는협동조합", "kind": "social", "district": "은평구"},
    )
    assert "같은 이름의 협동조합이 이미 있습니다." in response.content.decode()
    coop.refresh_from_db()
    assert coop.name == "고칠협동조합" and coop.district == ""
    staff_client.post(
        f"/consultations/cooperatives/{coop.pk}/edit/",
        {"name": "고친협동조합", "kind": "social", "district": "은평구"},
    )
    coop.refresh_from_db()
    assert (coop.name, coop.kind, coop.district) == ("고친협동조합", "social", "은평구")
    assert coop.history.count() == 2
