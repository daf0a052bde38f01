"""A citizen asks online with a document; a staff member finds it in the
queue, reads it, downloads the document and answers; the citizen reads the
answer on the private link."""

import re

import pytest

from consultations.models import Category, Consultation, Question
from tests.e2e.conftest import login
from tests.factories import make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery"),
]


def test_staff_member_answers_an_online_question(
    page, live_server, django_user_model, tmp_path, settings
):
    from core import roles

    Category.objects.get_or_create(name="설립·변경 서류검토", defaults={"order": 7})
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user(django_user_model, "answerer", roles.STAFF, first_name="박상담")
    document = tmp_path / "정관.pdf"
    document.write_bytes(b"%PDF-1.7\n% articles of association\n")

    page.goto(f"{live_server.url}/ask/")
    page.get_by_label("상담 분야").select_option(label="설립·변경 서류검토")
    page.get_by_label("제목").fill("정관 검토 부탁드립니다")
    page.get_by_label("질문").fill("사회적협동조합 정관 초안입니다. 제5조가 맞는지 봐 주세요.")
    page.get_by_label("서류검토용 첨부 (선택)").set_input_files(str(document))
    page.get_by_label("이름").fill("홍길동")
    page.get_by_label("이메일").fill("hong@example.com")
    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    page.get_by_role("button", name="질문 보내기").click()
    page.wait_for_url(re.compile(r"/ask/[\w-]{30,}/$"))
    private_url = page.url
    assert page.get_by_text("아직 답변하지 않았습니다").is_visible()
    question = Question.objects.get()
    assert question.document_review

    login(page, live_server, "answerer", "correct-horse-battery")
    page.wait_for_url("**/dashboard/")
    page.locator("#main-nav").get_by_role("button", name="상담", exact=True).click()
    page.locator("#main-nav").get_by_role("link", name="온라인 상담").click()
    row = page.get_by_role("row").filter(has_text="정관 검토 부탁드립니다")
    assert "홍*동" in row.inner_text() and "서류검토" in row.inner_text()
    row.get_by_role("link").first.click()
    assert page.get_by_text("hong@example.com").is_visible()
    detail_url = page.url
    page.get_by_role("link", name="정관.pdf").click()
    page.get_by_label("내려받는 목적").select_option("업무 처리")
    with page.expect_download() as download:
        page.get_by_role("button", name="사유를 남기고 내려받기").click()
    assert download.value.suggested_filename == "정관.pdf"
    page.goto(detail_url)

    page.get_by_label("답변").fill("제5조의 출자 1좌 금액을 적어 주세요.")
    page.get_by_role("button", name="답변 보내기").click()
    assert page.get_by_text("답변을 저장하고 신청인에게 메일로 알렸습니다.").is_visible()
    question.refresh_from_db()
    assert question.status == "answered"
    assert Consultation.objects.get().channel == "web"

    page.goto(private_url)
    assert page.get_by_text("제5조의 출자 1좌 금액을 적어 주세요.").is_visible()
