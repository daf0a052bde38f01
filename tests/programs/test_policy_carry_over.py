"""The issue register of a new year starts with the previous year's open
issues carried over (once), never silently empty."""

import pytest

from core import registry
from core.errors import ServiceError
from programs import services
from programs.models import PolicyIssue

from .factories import FiscalYearFactory

pytestmark = pytest.mark.django_db


def _register():
    old, new = FiscalYearFactory(year=2021), FiscalYearFactory(year=2022)
    for number, (title, status, priority) in enumerate(
        [
            ("사회적경제기본법 제정", PolicyIssue.PROPOSED, True),
            ("서면총회 상시 허용", PolicyIssue.RESOLVED, False),
            ("협동조합 취득세 감면", PolicyIssue.FOUND, False),
            ("휴면 협동조합 직권해산 기준", PolicyIssue.HELD, False),
        ],
        start=1,
    ):
        PolicyIssue.objects.create(
            fiscal_year=old,
            number=number,
            title=title,
            status=status,
            priority=priority,
            area="법제",
        )
    return old, new


def test_open_issues_carry_over_once_numbered_after_the_years_own():
    old, new = _register()
    PolicyIssue.objects.create(fiscal_year=new, number=1, title="새 과제")
    assert services.carry_over_issues(fiscal_year=new) == 3
    carried = PolicyIssue.objects.filter(fiscal_year=new, carried_from__isnull=False)
    assert list(carried.order_by("number").values_list("number", "title", "status")) == [
        (2, "사회적경제기본법 제정", PolicyIssue.PROPOSED),
        (3, "협동조합 취득세 감면", PolicyIssue.FOUND),
        (4, "휴면 협동조합 직권해산 기준", PolicyIssue.HELD),
    ]
    assert carried.get(title="사회적경제기본법 제정").priority
    assert not carried.filter(title="서면총회 상시 허용").exists()
    with pytest.raises(ServiceError, match="이월할 미해결 과제가 없습니다"):
        services.carry_over_issues(fiscal_year=new)
    assert PolicyIssue.objects.filter(fiscal_year=new).count() == 4
    assert PolicyIssue.objects.filter(fiscal_year=old).count() == 4


def test_the_register_offers_and_does_the_carry_over(staff_client):
    _old, new = _register()
    body = staff_client.get("/programs/staff/2022/policy/").content.decode()
    assert "2021년 미해결 과제 3건 이월" in body and "과제가 없습니다." in body
    response = staff_client.post("/programs/staff/2022/policy/issues/carry-over/", follow=True)
    body = response.content.decode()
    assert "2021년 미해결 과제 3건을 이월했습니다." in body
    assert "협동조합 취득세 감면" in body and "이월</span>" in body
    assert "미해결 과제 3건 이월" not in body
    assert PolicyIssue.objects.filter(fiscal_year=new).count() == 3


def test_carry_over_is_staff_only(client):
    _register()
    response = client.post("/programs/staff/2022/policy/issues/carry-over/")
    assert response.status_code in (302, 403)
    assert not PolicyIssue.objects.filter(fiscal_year__year=2022).exists()


def test_a_year_copied_from_the_last_starts_with_its_open_issues(staff_client):
    """The register of a year made by 다음 연도 만들기 (copy_fiscal_year) is not empty:
    the open issues come along at once; the button stays for other years."""
    from center.services import copy_fiscal_year

    old = FiscalYearFactory(year=2021)
    for number, status in enumerate([PolicyIssue.PROPOSED, PolicyIssue.RESOLVED], start=1):
        PolicyIssue.objects.create(
            fiscal_year=old, number=number, title=f"과제 {number}", status=status, area="법제"
        )
    new = copy_fiscal_year(source=old, year=2022)
    carried = PolicyIssue.objects.filter(fiscal_year=new)
    assert list(carried.values_list("number", "title", "carried_from__number")) == [
        (1, "과제 1", 1)
    ]
    # Carried is not found: the report's 발굴 count and the register's heading tell them apart.
    assert registry.get_table("programs.policy_issues").rows(2022) == []
    assert len(registry.get_table("programs.policy_issues").rows(2021)) == 2
    page = staff_client.get("/programs/staff/2022/policy/").content.decode()
    assert "제도개선 과제 (0건 발굴, 이월 1건, 우선 해결과제 0건)" in page


def test_copying_a_year_without_open_issues_is_no_error():
    from center.services import copy_fiscal_year

    new = copy_fiscal_year(source=FiscalYearFactory(year=2021), year=2022)
    assert not PolicyIssue.objects.filter(fiscal_year=new).exists()
