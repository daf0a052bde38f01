"""Staff pages: content, constant query counts at two data sizes, and bad
input on every staff form."""

import datetime as dt

import pytest

from programs.models import (
    AdvisoryMember,
    Application,
    Call,
    CoachingAssignment,
    CoachingSession,
    Expert,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    Program,
    PromoContent,
    SmallEvent,
)

from .factories import ApplicationFactory, CallFactory, FiscalYearFactory, GrantFactory


@pytest.fixture
def programs_demo(demo):
    from programs import demo as loader

    loader.load()
    return demo


def test_staff_pages_show_the_2021_records(staff_client, programs_demo):
    pages = {
        "/programs/staff/2021/": ["2021년 협동조합 초기성장지원 창업팀 공개모집", "코칭팀선발"],
        "/programs/staff/2021/grants/": [
            "미래전통염색",
            "3,000,000",
            "141,000,000",
            "74,500,000",
            "목화송이 협동조합",
            "2021. 10. 29.",
        ],
        "/programs/staff/2021/coaching/": ["스케일업 컨설팅", "울림두레돌봄 사회적협동조합"],
        "/programs/staff/2021/outcomes/": [
            "2,368,950 → 4,829,400",
            "204",
            "2021. 10. 14.",
            "4팀",
        ],
        "/programs/staff/2021/small-events/": ["5,688,200원", "15,366명", "16,000천원"],
        "/programs/staff/2021/policy/": [
            "44건 발굴",
            "우선 해결과제 5건",
            "제6차 제도개선 정책간담회",
        ],
    }
    for url, needles in pages.items():
        response = staff_client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        for needle in needles:
            assert needle in body, (url, needle)
        assert "2,021" not in body, url


def test_policy_issue_filters(staff_client, programs_demo):
    body = staff_client.get("/programs/staff/2021/policy/?priority=1").content.decode()
    assert "사회적경제기본법 제정" in body and "주택협동조합 종합부동산세" not in body
    body = staff_client.get("/programs/staff/2021/policy/?status=found").content.decode()
    assert "사회적협동조합 인가 처리기간 단축" in body and "사회적경제기본법 제정" not in body


def _grow(fy, call, n, start=0):
    """Add n applications, grants, coaching sessions, events, meetings, issues."""
    expert = Expert.objects.create(name="코치", field="창업")
    for i in range(start, start + n):
        grant = GrantFactory(application__call=call, application__organisation=f"팀 {i}")
        Outcome.objects.create(application=grant.application, jobs_created=i)
        assignment = CoachingAssignment.objects.create(
            expert=expert, application=grant.application, started_on=dt.date(fy.year, 1, 1)
        )
        CoachingSession.objects.create(
            assignment=assignment, date=dt.date(fy.year, 2, 1), topic="t"
        )
        event = SmallEvent.objects.create(fiscal_year=fy, cooperative=f"조합 {i}", title="행사")
        PromoContent.objects.create(event=event, title="c", published_on=dt.date(fy.year, 3, 1))
        member = AdvisoryMember.objects.create(fiscal_year=fy, name=f"위원 {i}")
        meeting = PolicyMeeting.objects.create(
            fiscal_year=fy,
            kind="advisory",
            title=f"회의 {i}",
            date=dt.date(fy.year, 4, 1),
            agenda="a",
        )
        meeting.attendees.add(member)
        PolicyIssue.objects.create(fiscal_year=fy, number=i + 1, title=f"과제 {i}")


LIST_PAGES = [
    "/programs/staff/{year}/",
    "/programs/staff/{year}/grants/",
    "/programs/staff/{year}/coaching/",
    "/programs/staff/{year}/outcomes/",
    "/programs/staff/{year}/small-events/",
    "/programs/staff/{year}/policy/",
    "/programs/staff/calls/{call}/",
    "/programs/staff/calls/{call}/ranking/",
    "/programs/review/",
    "/programs/",
]


@pytest.mark.parametrize("template", LIST_PAGES)
def test_list_query_counts_are_constant(staff_client, db, django_assert_max_num_queries, template):
    fy = FiscalYearFactory()
    call = CallFactory(fiscal_year=fy)
    _grow(fy, call, 2)
    url = template.format(year=fy.year, call=call.pk)
    staff_client.get(url)  # warm up the session and the permission cache
    with django_assert_max_num_queries(25) as small:
        assert staff_client.get(url).status_code == 200
    _grow(fy, call, 20, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = staff_client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --- bad input on the staff forms -------------------------------------------------------


def _call_data(fy, program, **overrides):
    # Fixed dates inside the fiscal year: a call of "today + 10 days" leaves
    # the year from Dec 22 on.
    data = {
        "program": program.pk,
        "fiscal_year": fy.pk,
        "title": f"{fy.year} 창업팀 모집",
        "opens_at": f"{fy.year}-03-02T09:00",
        "closes_at": f"{fy.year}-03-12T18:00",
        "max_amount": "3000000",
        "eligibility": "예비 협동조합",
        "description": "",
        "published": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-order": "0",
        "criteria-0-name": "사업 계획",
        "criteria-0-weight": "60",
        "criteria-1-order": "1",
        "criteria-1-name": "팀 역량",
        "criteria-1-weight": "40",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-order": "0",
        "documents-0-name": "사업계획서",
        "documents-0-required": "on",
    }
    data.update(overrides)
    return data


def test_manager_creates_a_call_with_criteria_and_documents(manager_client, db):
    fy = FiscalYearFactory()
    program = Program.objects.get(code="startup")
    response = manager_client.post("/programs/staff/calls/add/", _call_data(fy, program))
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.total_weight() == 100
    assert list(call.document_types.values_list("name", "required")) == [("사업계획서", True)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"criteria-1-weight": "30"}, "배점의 합계가 100이어야 합니다. (지금 90)"),
        ({"criteria-1-name": "사업 계획"}, "같은 이름의 심사 기준이 두 번 있습니다."),
        ({"criteria-0-weight": "0"}, "1"),
        ({"closes_at": "2000-01-01T00:00"}, "접수 마감은"),
        ({"closes_at": "{year}-03-01T00:00"}, "접수 마감은 접수 시작보다 뒤여야 합니다."),
        ({"opens_at": "1899-01-01T00:00"}, "접수 시작은 {year}년 안이어야 합니다."),
        ({"title": ""}, "필수 항목입니다."),
        ({"max_amount": "-1"}, "1"),
        ({"documents-0-name": "", "documents-0-order": "3"}, "필수 항목입니다."),
    ],
)
def test_bad_call_input_saves_nothing(manager_client, db, overrides, message):
    fy = FiscalYearFactory()
    program = Program.objects.get(code="startup")
    overrides = {key: value.format(year=fy.year) for key, value in overrides.items()}
    response = manager_client.post(
        "/programs/staff/calls/add/", _call_data(fy, program, **overrides)
    )
    assert response.status_code == 200
    assert message.format(year=fy.year) in response.content.decode()
    assert not Call.objects.exists()


def test_manager_adds_a_program_and_duplicates_are_refused(manager_client, db):
    data = {
        "name": "연합회 협업모델 지원",
        "code": "federation",
        "order": "5",
        "budget_line_name": "",
    }
    assert manager_client.post("/programs/staff/programs/add/", data).status_code == 302
    response = manager_client.post("/programs/staff/programs/add/", data)
    assert "같은 코드의 사업이 이미 있습니다." in response.content.decode()
    assert Program.objects.filter(code="federation").count() == 1


@pytest.mark.parametrize(
    ("url", "data", "message", "model"),
    [
        ("/programs/staff/experts/add/", {"name": "", "field": "창업"}, "필수 항목입니다.", Expert),
        (
            "/programs/staff/experts/add/",
            {"name": "김코치", "field": "창업", "email": "x"},
            "올바른 이메일 주소를 입력하세요.",
            Expert,
        ),
        (
            "/programs/staff/{year}/small-events/add/",
            {
                "cooperative": "조합",
                "title": "행사",
                "amount_raised": "-1",
                "backers": "0",
                "indirect_support": "0",
            },
            "0",
            SmallEvent,
        ),
        (
            "/programs/staff/{year}/small-events/add/",
            {
                "cooperative": "조합",
                "title": "행사",
                "amount_raised": "0",
                "backers": "0",
                "indirect_support": "0",
                "funding_from": "{year}-05-01",
                "funding_to": "{year}-04-01",
            },
            "모금 종료일은 시작일보다 앞설 수 없습니다.",
            SmallEvent,
        ),
        (
            "/programs/staff/{year}/small-events/add/",
            {
                "cooperative": "조합",
                "title": "행사",
                "held_on": "1899-01-01",
                "amount_raised": "0",
                "backers": "0",
                "indirect_support": "0",
            },
            "행사일은 {year}년 안이어야 합니다.",
            SmallEvent,
        ),
        (
            "/programs/staff/{year}/policy/meetings/add/",
            {"kind": "advisory", "title": "회의", "date": "1999-01-01", "agenda": "a"},
            "년 안이어야 합니다.",
            PolicyMeeting,
        ),
        (
            "/programs/staff/{year}/policy/meetings/add/",
            {"kind": "nope", "title": "회의", "date": "", "agenda": ""},
            "필수 항목입니다.",
            PolicyMeeting,
        ),
        (
            "/programs/staff/{year}/policy/issues/add/",
            {"number": "x", "title": "과제", "status": "found"},
            "정수를 입력하세요.",
            PolicyIssue,
        ),
        (
            "/programs/staff/{year}/policy/members/add/",
            {"name": "", "role": "위원"},
            "필수 항목입니다.",
            AdvisoryMember,
        ),
        (
            "/programs/staff/{year}/coaching/add/",
            {"application": "", "expert": "", "kind": "coaching", "started_on": "어제"},
            "올바른 날짜를 입력하세요.",
            CoachingAssignment,
        ),
    ],
)
def test_bad_staff_input_is_refused(staff_client, db, url, data, message, model):
    fy = FiscalYearFactory()
    data = {key: value.format(year=fy.year) for key, value in data.items()}
    response = staff_client.post(url.format(year=fy.year), data)
    assert response.status_code == 200
    assert message.format(year=fy.year) in response.content.decode()
    assert not model.objects.exists()


def test_outcome_form_checks_the_founding_date(staff_client, db):
    grant = GrantFactory()
    url = f"/programs/staff/applications/{grant.application_id}/outcome/"
    response = staff_client.post(
        url,
        {
            "jobs_created": "1",
            "products_developed": "0",
            "participants": "0",
            "founded_on": "2026-01-01",
        },
    )
    assert "설립일을 적었다면" in response.content.decode()
    assert not Outcome.objects.exists()
    response = staff_client.post(
        url,
        {
            "sales_before": "100",
            "sales_after": "250",
            "jobs_created": "3",
            "products_developed": "1",
            "participants": "0",
            "founded": "on",
            "founded_on": "2026-01-01",
            "story": "설립 완료",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.jobs_created == 3 and outcome.sales_growth == 250


def test_outcome_only_for_selected_applications(staff_client, db):
    application = ApplicationFactory(status=Application.RECEIVED)
    assert (
        staff_client.get(f"/programs/staff/applications/{application.pk}/outcome/").status_code
        == 404
    )


def test_session_and_demo_day_are_recorded(staff_client, db):
    grant = GrantFactory()
    fy = grant.application.call.fiscal_year
    expert = Expert.objects.create(name="박컨설", field="판로")
    response = staff_client.post(
        f"/programs/staff/{fy.year}/coaching/add/",
        {
            "application": grant.application_id,
            "expert": expert.pk,
            "kind": "consulting",
            "started_on": f"{fy.year}-01-05",
        },
    )
    assert response.status_code == 302
    assignment = CoachingAssignment.objects.get()
    response = staff_client.post(
        f"/programs/staff/coaching/{assignment.pk}/sessions/add/",
        {"date": f"{fy.year}-02-01", "topic": "판로 전략", "notes": "온라인 입점"},
    )
    assert response.status_code == 302
    assert CoachingSession.objects.get().topic == "판로 전략"
    response = staff_client.post(
        f"/programs/staff/{fy.year}/demo-days/add/",
        {
            "program": grant.application.call.program_id,
            "title": "IR 피칭데이",
            "date": f"{fy.year}-10-14",
            "teams": [grant.application_id],
        },
    )
    assert response.status_code == 302
    body = staff_client.get(f"/programs/staff/{fy.year}/outcomes/").content.decode()
    assert "IR 피칭데이" in body and "(1팀)" in body


def test_small_event_list_sorts_by_its_columns(staff_client, programs_demo):
    """Issue 16.6: the small events sort like the other staff lists (?sort=, aria-sort)."""
    import re

    from programs.models import SmallEvent

    url = "/programs/staff/2021/small-events/"
    pattern = r"<td[^>]*>([^<]+)</td>"

    def cooperatives(query):
        body = staff_client.get(f"{url}{query}").content.decode()
        names = [e.cooperative for e in SmallEvent.objects.filter(fiscal_year__year=2021)]
        return [c for c in re.findall(pattern, body) if c in names], body

    events = SmallEvent.objects.filter(fiscal_year__year=2021)
    by_raised = [e.cooperative for e in events.order_by("amount_raised", "pk")]
    order, body = cooperatives("?sort=amount_raised")
    assert order == by_raised
    assert 'aria-sort="ascending"' in body and "?sort=-amount_raised" in body
    assert "수정</a>" in body and "콘텐츠 추가</a>" in body
    assert re.search(r"<tfoot.*합계.*5,688,200.*15,366.*16,000.*</tfoot>", body, re.S)
    assert cooperatives("?sort=-amount_raised")[0] == by_raised[::-1]
    by_name = list(events.order_by("cooperative").values_list("cooperative", flat=True))
    assert cooperatives("?sort=cooperative")[0] == by_name
