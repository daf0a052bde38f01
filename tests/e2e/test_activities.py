"""The 행사·발간 pages and the 정책기획 register in a browser (issue 16.5), as
their screenshots were looked at: at a phone's width (390 px) no page is wider
than the screen (a wide table scrolls in its own frame) and the list's filters
are drawn as Bootstrap fields; at 1280 and 1366 px the staff menu with the
행사·발간 entry fits on one line and marks the current page."""

import datetime as dt
import os

import pytest

from core import roles
from programs.models import PolicyIssue, PolicyMeeting
from tests.activities.factories import (
    CommitteeMemberFactory,
    EventFactory,
    FundingParticipantFactory,
    PublicationFactory,
)
from tests.e2e.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("E2E_SCREENSHOTS")


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_activities_pages_fit_a_phone_and_the_menu_fits_a_laptop(
    page, live_server, django_user_model
):
    make_user(django_user_model, "act-staff", roles.STAFF, first_name="김직원")
    member = CommitteeMemberFactory(affiliation="사회적경제 지원기관 홍보 담당", field="사회적경제")
    EventFactory(
        fiscal_year=member.committee.fiscal_year,
        title="협동조합 맞춤형 상담데이 (박람회식 전문상담)",
        place="서울시협동조합지원센터 교육장",
        participants=23,
        score_5=10,
        score_4=8,
        score_3=2,
    )
    PublicationFactory(fiscal_year=member.committee.fiscal_year, published_on=dt.date(2021, 9, 10))
    participant = FundingParticipantFactory(cooperative="청소년자립사회적협동조합")
    year = member.committee.fiscal_year
    for number in range(1, 4):
        PolicyMeeting.objects.create(
            fiscal_year=year,
            kind=PolicyMeeting.ADVISORY,
            title=f"제{number}차 제도개선 정책간담회",
            date=dt.date(2021, 3 + number, 24),
            other_attendees="문성환, 자문위원 6명",
            agenda="협동조합 당사자 및 타 기관 제도개선 사항 취합 결과 검토 (44건)",
        )
    PolicyMeeting.objects.create(
        fiscal_year=year,
        kind=PolicyMeeting.FORUM,
        title="2021 협동조합 제도개선 토론회",
        date=dt.date(2021, 9, 29),
        agenda="국회, 정부 및 지자체와 협동조합 관련 주요 과제 개선 논의\n"
        "'사회적경제기본법' 제정 촉구",
    )
    PolicyIssue.objects.create(
        fiscal_year=year,
        number=1,
        title="비영리법인인 사회적협동조합, 사회적기업의 여성기업 인정",
        area="공공조달·인증",
    )
    login(page, live_server, "act-staff", PASSWORD)
    page.wait_for_url("**/dashboard/")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in [
        "/activities/events/?year=2021",
        "/activities/publications/",
        "/activities/committees/",
        f"/activities/committees/{member.committee_id}/",
        "/activities/fundings/",
        f"/activities/fundings/{participant.campaign_id}/",
        "/activities/surveys/",
        "/programs/staff/2021/policy/",  # its tables' hidden '수정' headers widened it
    ]:
        page.goto(f"{live_server.url}{path}")
        assert _width(page) <= 390, (path, _width(page))
    page.goto(f"{live_server.url}/activities/events/?year=2021")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/activities-events-390.png", full_page=True)
    year = page.get_by_label("회계연도")
    assert "form-select" in year.get_attribute("class")
    assert year.bounding_box()["width"] > 150  # a full-width field, not a bare select
    assert page.get_by_text("4.4/5.0").is_visible()

    for width in (1280, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        menu = page.locator("#main-nav")
        assert menu.is_visible()  # not folded behind ☰
        current = menu.get_by_role("link", name="행사·발간")
        assert current.get_attribute("aria-current") == "page"
        tops = {
            round(box["y"])
            for link in menu.locator(".nav-link").all()
            if (box := link.bounding_box())
        }
        assert max(tops) - min(tops) <= 8, (width, tops)
