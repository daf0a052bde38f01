"""Staff pages: who may do what, the forms save and refuse in Korean, lists
mask members' names, and list pages cost the same queries at two sizes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Committee, CommitteeMember, Event, FundingParticipant
from core.models import PersonalDataAccess

from .factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    EventFactory,
    FiscalYearFactory,
    FundingCampaignFactory,
    FundingParticipantFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "activities:events",
    "activities:publications",
    "activities:committees",
    "activities:fundings",
    "activities:surveys",
]


def _event_form(year, **extra):
    return {
        "fiscal_year": year.pk,
        "kind": Event.Kind.CONSULTATION_DAY,
        "title": "맞춤형 상담데이",
        "date": "2021-06-18",
        "starts_at": "10:00",
        "participants": "23",
        "score_5": "10",
        "score_4": "8",
        "score_3": "2",
        "score_2": "0",
        "score_1": "0",
        **extra,
    }


@pytest.mark.parametrize("name", LISTS)
def test_lists_are_for_staff(name, outsider_user, staff_user):
    url = reverse(name)
    client = Client()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'aria-current="page"' in page.content.decode()


def test_staff_record_an_event_and_see_its_satisfaction_in_the_list(staff_client):
    year = FiscalYearFactory()
    response = staff_client.post(reverse("activities:event_add"), _event_form(year))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.participants, event.respondents, str(event.satisfaction)) == (23, 20, "4.4")
    body = staff_client.get(reverse("activities:events"), {"year": 2021}).content.decode()
    assert "맞춤형 상담데이" in body and "4.4/5.0" in body and "2021. 6. 18." in body


def test_a_bad_event_is_shown_again_with_korean_errors_and_nothing_saved(staff_client):
    year = FiscalYearFactory()
    form = _event_form(year, date="2022-01-05", participants="5", score_1="abc")
    response = staff_client.post(reverse("activities:event_add"), form)
    body = response.content.decode()
    assert response.status_code == 200
    assert "일자는 2021년 안이어야 합니다." in body
    assert "정수를 입력하세요" in body or "숫자" in body
    assert not Event.objects.exists()
    form = _event_form(year, participants="5")
    body = staff_client.post(reverse("activities:event_add"), form).content.decode()
    assert "만족도 응답(20명)이 참여 인원(5명)보다 많을 수 없습니다." in body
    assert not Event.objects.exists()


def test_staff_edit_but_only_managers_delete(staff_client, manager_user):
    manager_client = Client()
    manager_client.force_login(manager_user)
    event = EventFactory(title="학습회")
    edit = reverse("activities:event_edit", args=[event.pk])
    form = _event_form(event.fiscal_year, title="학습넷 학습회", kind=Event.Kind.STUDY)
    assert staff_client.post(edit, form).status_code == 302
    event.refresh_from_db()
    assert event.title == "학습넷 학습회"
    delete = reverse("activities:event_delete", args=[event.pk])
    assert staff_client.post(delete).status_code == 403
    assert "삭제" not in staff_client.get(reverse("activities:events")).content.decode()
    assert delete in manager_client.get(reverse("activities:events")).content.decode()
    assert manager_client.post(delete).status_code == 302
    assert not Event.objects.exists()


def test_members_are_masked_on_the_committee_page_and_whole_on_their_logged_edit_page(
    staff_client,
):
    member = CommitteeMemberFactory(name="김선영")
    page = staff_client.get(reverse("activities:committee", args=[member.committee_id]))
    body = page.content.decode()
    assert "김*영" in body and "김선영" not in body
    edit = staff_client.get(reverse("activities:member_edit", args=[member.pk])).content.decode()
    assert 'value="김선영"' in edit
    log = PersonalDataAccess.objects.get(object_id=str(member.pk))
    assert log.object_type == "activities.CommitteeMember" and "김선영" not in log.subject


def test_staff_appoint_a_member_within_the_committees_dates(staff_client):
    committee = CommitteeFactory()
    url = reverse("activities:member_add", args=[committee.pk])
    form = {
        "name": "이정훈",
        "affiliation": "기자",
        "appointed_on": "2021-04-01",
        "term_ends_on": "2023-03-31",
    }
    body = staff_client.post(url, form).content.decode()
    assert "위촉일은 위원회 구성일(2021. 4. 20.) 이후여야 합니다." in body
    form["appointed_on"] = "2021-04-20"
    assert staff_client.post(url, form).status_code == 302
    assert CommitteeMember.objects.get().committee == committee


def test_a_cooperative_is_added_by_name_once(staff_client):
    campaign = FundingCampaignFactory()
    url = reverse("activities:participant_add", args=[campaign.pk])
    assert 'name="cooperative"' in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"cooperative": "초록에너지시민협동조합"}).status_code == 302
    again = staff_client.post(url, {"cooperative": " 초록에너지시민협동조합  "})
    assert again.context["form"].errors["cooperative"] == ["이미 이 펀딩에 참여한 협동조합입니다."]
    assert FundingParticipant.objects.count() == 1
    detail = staff_client.get(reverse("activities:funding", args=[campaign.pk])).content.decode()
    assert "초록에너지시민협동조합" in detail and "참여 협동조합 1곳" in detail
    # The name leads to the consultations app's cooperative search (by URL, no model link).
    search = reverse("consultations:cooperatives") + "?q=%EC%B4%88%EB%A1%9D"
    assert search in detail


def test_an_unknown_filter_value_is_no_error(staff_client):
    FiscalYearFactory()
    page = staff_client.get(reverse("activities:events"), {"year": "abc", "kind": "x", "page": 9})
    assert page.status_code == 200


@pytest.mark.parametrize("name", ["activities:events", "activities:committees"])
def test_list_queries_do_not_grow_with_rows(name, staff_client, django_assert_max_num_queries):
    year = FiscalYearFactory()
    committee = CommitteeFactory(fiscal_year=year)
    EventFactory(fiscal_year=year, committee=committee)
    CommitteeMemberFactory(committee=committee)
    staff_client.get(reverse(name))  # the session's one-off lookups
    with django_assert_max_num_queries(50) as small:
        staff_client.get(reverse(name))
    for index in range(30):
        other = CommitteeFactory(fiscal_year=year, name=f"위원회 {index}")
        CommitteeMemberFactory.create_batch(2, committee=other)
        EventFactory(fiscal_year=year, committee=other, date=dt.date(2021, 3, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(reverse(name))


def test_managers_remove_a_member_and_a_cooperative_from_the_parent_page(manager_client):
    member = CommitteeMemberFactory()
    participant = FundingParticipantFactory()
    response = manager_client.post(reverse("activities:member_delete", args=[member.pk]))
    assert response.url == reverse("activities:committee", args=[member.committee_id])
    response = manager_client.post(reverse("activities:participant_delete", args=[participant.pk]))
    assert response.url == reverse("activities:funding", args=[participant.campaign_id])
    assert not CommitteeMember.objects.exists() and not FundingParticipant.objects.exists()


def test_a_second_committee_of_the_same_name_in_a_year_is_refused(staff_client):
    committee = CommitteeFactory(name="홍보 자문위원회")
    form = {
        "fiscal_year": committee.fiscal_year_id,
        "name": "홍보 자문위원회",
        "established_on": "2021-05-01",
    }
    refused = staff_client.post(reverse("activities:committee_add"), form)
    # The database's UniqueConstraint is the one rule; its message sits beside the name.
    errors = refused.context["form"].errors
    assert errors == {"name": ["같은 회계연도에 같은 이름의 위원회가 있습니다."]}
    form["name"] = "교육 자문위원회"
    response = staff_client.post(reverse("activities:committee_add"), form)
    new = Committee.objects.get(name="교육 자문위원회")
    assert response.url == reverse("activities:committee", args=[new.pk])


def test_the_list_filter_is_drawn_with_bootstraps_classes(staff_client):
    """Seen on the screenshot: the filters were bare browser selects beside their labels."""
    FiscalYearFactory()
    page = staff_client.get(reverse("activities:events")).content.decode()
    assert '<select name="year" class="form-select" id="id_year">' in page
    assert '<select name="kind" class="form-select" id="id_kind">' in page
    assert 'name="q" class="form-control"' in page


def test_the_committee_page_prints_its_year_without_a_thousands_separator(staff_client):
    """Seen on the screenshot: 회계연도 2,021년."""
    committee = CommitteeFactory()
    page = staff_client.get(reverse("activities:committee", args=[committee.pk])).content.decode()
    assert '<dd class="col-sm-9 col-lg-10">2021년</dd>' in page and "2,021" not in page
