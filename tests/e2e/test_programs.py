"""A team applies online with an attachment; an outside reviewer scores it;
a manager selects it, and the team sees the result through its private link."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from core import roles
from core.mail import OutboxEmail
from programs.models import Application, Attachment, Call, Criterion, DocumentType, Grant, Program
from programs.roles import REVIEWER
from tests.e2e.conftest import assert_error_shown, login
from tests.programs.factories import PDF, BudgetLineFactory, FiscalYearFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
PARTICIPANTS = "참여자 명단 등 다른 사람의 개인정보 제공에 대해 확인합니다. (필수)"


@pytest.fixture
def setting(transactional_db, django_user_model, tmp_path):
    roles.ensure_groups()
    manager = django_user_model.objects.create_user(
        "e2e-manager", password=PASSWORD, first_name="이관리"
    )
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    reviewer = django_user_model.objects.create_user(
        "e2e-reviewer", password=PASSWORD, first_name="박심사"
    )
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWER)[0])
    fy = FiscalYearFactory()
    BudgetLineFactory(fiscal_year=fy, name="협동조합 초기성장지원")
    program = Program.objects.get_or_create(
        code="startup",
        defaults={"name": "초기성장지원", "budget_line_name": "협동조합 초기성장지원"},
    )[0]
    call = Call.objects.create(
        program=program,
        fiscal_year=fy,
        title="창업팀 공개모집",
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=7),
        eligibility="예비 협동조합 창업팀",
        max_amount=3_000_000,
        published=True,
    )
    Criterion.objects.create(call=call, order=0, name="사업 계획", weight=60)
    Criterion.objects.create(call=call, order=1, name="팀 역량", weight=40)
    DocumentType.objects.create(call=call, order=0, name="사업계획서", required=True)
    plan = tmp_path / "사업계획서.pdf"
    plan.write_bytes(PDF)
    bad = tmp_path / "사업계획서.exe.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a pdf")
    return {"call": call, "plan": plan, "bad": bad}


def test_apply_review_select_and_see_the_result(browser, live_server, setting):
    # 1. The team applies; a fake PDF is refused next to the field first.
    team = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul").new_page()
    team.goto(f"{live_server.url}/programs/")
    team.get_by_role("link", name="창업팀 공개모집").click()
    team.get_by_role("link", name="온라인 신청하기").click()
    team.get_by_label("조합(팀)명").fill("e2e 협동조합")
    team.get_by_label("컨소시엄 참여 조합").fill("이웃 협동조합")
    team.get_by_label("대표자(담당자) 이름").fill("김철용")
    team.get_by_label("연락처").fill("010-1234-5678")
    team.get_by_label("이메일").fill("team@example.com")
    team.get_by_label("사업(프로젝트)명").fill("동네 돌봄 홈페이지")
    team.get_by_label("사업 계획").fill("동네 돌봄 서비스를 알리는 홈페이지와 홍보영상을 만듭니다.")
    team.get_by_label("신청 금액(원)").fill("2000000")
    team.get_by_label("사업계획서", exact=False).first.set_input_files(str(setting["bad"]))
    team.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    team.get_by_label(PARTICIPANTS).check()
    team.get_by_role("button", name="신청서 제출").click()
    assert_error_shown(team, "올릴 수 없는 파일 형식입니다.", beside=team.locator("strong"))
    assert not Application.objects.exists()
    team.get_by_label("사업계획서", exact=False).first.set_input_files(str(setting["plan"]))
    team.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    team.get_by_role("button", name="신청서 제출").click()
    team.wait_for_url("**/programs/status/**")
    status_url = team.url
    assert team.locator("#application-status").inner_text() == "접수"
    application = Application.objects.get()
    assert Attachment.objects.get().original_name == "사업계획서.pdf"
    assert str(application.token) in status_url

    # 2. The manager assigns the outside reviewer to the call.
    manager = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul").new_page()
    login(manager, live_server, "e2e-manager", PASSWORD)
    manager.wait_for_url("**/dashboard/")
    manager.goto(f"{live_server.url}/programs/staff/calls/{setting['call'].pk}/reviewers/")
    manager.get_by_label("심사위원").select_option(label="박심사 (e2e-reviewer)")
    manager.get_by_role("button", name="배정").click()
    assert manager.get_by_text("신청 1건을 배정했습니다").is_visible()

    # 3. The reviewer scores; an out-of-range score is refused first.
    reviewer = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul").new_page()
    login(reviewer, live_server, "e2e-reviewer", PASSWORD)
    reviewer.goto(f"{live_server.url}/programs/review/")
    reviewer.get_by_role("row").filter(has_text="e2e 협동조합").get_by_role(
        "link", name="심사하기"
    ).click()
    reviewer.get_by_label("사업 계획 (배점 60)").fill("120")
    reviewer.get_by_label("팀 역량 (배점 40)").fill("80")
    reviewer.get_by_role("button", name="점수 저장").click()
    assert reviewer.get_by_text("100점 이하여야 합니다.").is_visible()
    reviewer.get_by_label("사업 계획 (배점 60)").fill("90")
    reviewer.get_by_role("button", name="점수 저장").click()
    reviewer.wait_for_url("**/programs/review/")
    row = reviewer.get_by_role("row").filter(has_text="e2e 협동조합")
    assert "86.00" in row.inner_text()

    # 4. The manager sees the ranking and selects with a granted amount.
    manager.goto(f"{live_server.url}/programs/staff/calls/{setting['call'].pk}/ranking/")
    row = manager.get_by_role("row").filter(has_text="e2e 협동조합")
    assert "86.00" in row.inner_text()
    row.get_by_role("link", name="선정 결정").click()
    manager.get_by_label("선정").check()
    manager.get_by_label("지원 결정액(원)").fill("1800000")
    manager.get_by_label("지원 항목").fill("홈페이지 제작\n홍보영상 제작")
    manager.get_by_role("button", name="결정하고 알리기").click()
    manager.wait_for_url("**/ranking/")
    assert "1,800,000" in manager.get_by_role("row").filter(has_text="e2e 협동조합").inner_text()
    grant = Grant.objects.get()
    assert grant.amount == 1_800_000 and grant.budget_line.name == "협동조합 초기성장지원"
    sent = OutboxEmail.objects.get(key=f"programs-decision-{application.pk}")
    assert sent.to == "team@example.com" and "1,800,000원" in sent.body

    # 5. The team opens its private link and sees the result.
    team.goto(status_url)
    assert team.locator("#application-status").inner_text() == "선정"
    assert team.get_by_text("1,800,000원").is_visible()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_refused_submit_keeps_the_document_and_mails_a_receipt(
    browser, live_server, setting, width, settings
):
    """On a phone and on an office laptop: a wrong e-mail sends the form back
    with the document kept; fixing the e-mail alone submits it, and the
    receipt with the private link goes to the outbox."""
    settings.PUBLIC_BASE_URL = live_server.url
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": width, "height": 900}
    )
    team = context.new_page()
    team.goto(f"{live_server.url}/programs/calls/{setting['call'].pk}/apply/")
    with team.expect_download() as download:
        team.get_by_role("link", name="사업계획서 양식 내려받기 (XLSX)").click()
    assert download.value.suggested_filename.endswith("plan-template.xlsx")
    team.get_by_label("조합(팀)명").fill(f"화면 {width} 협동조합")
    team.get_by_label("대표자(담당자) 이름").fill("김철용")
    team.get_by_label("연락처").fill("010-1234-5678")
    team.get_by_label("이메일").fill("team-at-example.com")
    team.get_by_label("사업(프로젝트)명").fill("동네 돌봄 홈페이지")
    team.get_by_label("사업 계획").fill("동네 돌봄 서비스를 알리는 홈페이지와 홍보영상을 만듭니다.")
    team.get_by_label("신청 금액(원)").fill("2000000")
    team.get_by_label("사업계획서", exact=False).first.set_input_files(str(setting["plan"]))
    team.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    team.get_by_label(PARTICIPANTS).check()
    team.get_by_role("button", name="신청서 제출").click()
    assert_error_shown(team, "올바른 이메일 주소를 입력하세요.", beside=team.locator("strong"))
    assert team.get_by_text("올려 둔 파일: 사업계획서.pdf", exact=False).is_visible()
    team.screenshot(path=f"/tmp/programs_apply_kept_{width}.png", full_page=True)
    assert not Application.objects.exists()
    team.get_by_label("이메일").fill("team@example.com")
    team.get_by_role("button", name="신청서 제출").click()
    team.wait_for_url("**/programs/status/**")
    team.screenshot(path=f"/tmp/programs_apply_status_{width}.png", full_page=True)
    application = Application.objects.get()
    attachment = Attachment.objects.get(application=application)
    assert attachment.original_name == "사업계획서.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    mail = OutboxEmail.objects.get(to="team@example.com")
    assert f"{live_server.url}/programs/status/{application.token}/" in mail.body
    context.close()
