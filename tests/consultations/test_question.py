"""Online questions (홈페이지 상담): the public form with documents, the
private answer link, due dates in business days, the staff queues, the
answer (mail + web consultation record) and the overdue notice."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Category, Consultation, Question, QuestionDocument
from consultations.services import due_date_for, notify_overdue_questions, submit_question
from core.calendar import Closure
from core.privacy import PersonalDataAccess

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2021, 9, 17, 15, 0, tzinfo=SEOUL)  # Friday before 추석


@pytest.fixture(autouse=True)
def _setup(frozen, settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    frozen(NOW)


def pdf(name="정관.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n% test document\n", content_type="application/pdf")


def post_question(client, **extra):
    data = {
        "category": Category.objects.get(name="설립·변경 서류검토").pk,
        "title": "정관 검토 부탁드립니다",
        "body": "사회적협동조합 정관 초안입니다.",
        "name": "홍길동",
        "email": "hong@example.com",
        "phone": "",
        "cooperative_name": "",
        "consent": "on",
    }
    data.update(extra)
    return client.post("/ask/", data)


@pytest.mark.parametrize(
    ("submitted", "review", "due"),
    [
        # Friday 17 Sep: weekend, then 추석 20–22 Sep → 23, 24, 27.
        (dt.datetime(2021, 9, 17, 15, 0, tzinfo=SEOUL), False, dt.date(2021, 9, 27)),
        # 7 business days for a document review: 23, 24, 27, 28, 29, 30, 1 Oct.
        (dt.datetime(2021, 9, 17, 15, 0, tzinfo=SEOUL), True, dt.date(2021, 10, 1)),
        # Thursday 30 Sep: 1 Oct, (weekend, 4 Oct substitute holiday), 5, 6.
        (dt.datetime(2021, 9, 30, 10, 0, tzinfo=SEOUL), False, dt.date(2021, 10, 6)),
        # Sent on a Saturday: counted from Monday.
        (dt.datetime(2021, 10, 16, 23, 0, tzinfo=SEOUL), False, dt.date(2021, 10, 20)),
        # 23:30 on Friday in Seoul is still Friday (UTC would say Friday 14:30 too).
        (dt.datetime(2021, 10, 15, 23, 30, tzinfo=SEOUL), False, dt.date(2021, 10, 20)),
    ],
)
def test_due_dates_count_business_days(submitted, review, due):
    assert due_date_for(submitted, review) == due


def test_due_date_skips_a_closure():
    Closure.objects.create(date=dt.date(2021, 9, 23), reason="센터 이전")
    assert due_date_for(NOW, False) == dt.date(2021, 9, 28)


def test_question_with_documents_is_a_review_due_in_seven_days(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_question(
            client, documents=[pdf(), pdf("의사록.pdf")], phone="010-2222-3333"
        )
    question = Question.objects.get()
    assert response.status_code == 302 and response.url == f"/ask/{question.token}/"
    assert question.document_review and question.due_date == dt.date(2021, 10, 1)
    assert question.phone == "010-2222-3333" and question.consent_version
    names = sorted(d.original_name for d in question.documents.all())
    assert names == ["의사록.pdf", "정관.pdf"]
    for document in question.documents.all():
        stored = os.path.basename(document.file.name)
        assert "정관" not in stored and "의사록" not in stored and stored.endswith(".pdf")
        assert document.file.read().startswith(b"%PDF-")
    [message] = mail.outbox
    assert f"/ask/{question.token}/" in message.body and "2021. 10. 1.(금)" in message.body
    page = client.get(response.url).content.decode()
    assert "아직 답변하지 않았습니다" in page and "2021. 10. 1." in page


def test_plain_question_is_due_in_three_days(client):
    post_question(client)
    question = Question.objects.get()
    assert not question.document_review and question.due_date == dt.date(2021, 9, 27)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"consent": ""}, "개인정보 수집·이용에 동의해야"),
        ({"title": ""}, "제목을 입력해 주세요"),
        ({"body": ""}, "질문을 입력해 주세요"),
        ({"body": "가" * 5001}, "5,000자 이하"),
        ({"email": "nope"}, "올바른 이메일"),
        ({"phone": "02-12"}, "010-1234-5678처럼"),
        ({"category": ""}, "상담 분야를 골라"),
        (
            {"documents": [SimpleUploadedFile("정관.pdf", b"MZ\x90\x00 not a pdf")]},
            "올릴 수 없는 파일 형식",
        ),
        ({"documents": [SimpleUploadedFile("사진.pdf", b"\x89PNG\r\n\x1a\n....")]}, "확장자"),
        ({"documents": [SimpleUploadedFile("빈.pdf", b"")]}, "빈 파일"),
        ({"documents": [pdf(f"{i}.pdf") for i in range(6)]}, "5개까지"),
    ],
)
def test_bad_question_input_saves_nothing(client, changes, text):
    response = post_question(client, **changes)
    body = response.content.decode()
    assert response.status_code == 400
    assert text in body
    assert "정관 검토 부탁드립니다" in body or changes.get("title") == ""
    assert Question.objects.count() == 0 and QuestionDocument.objects.count() == 0


def test_too_large_document_is_refused(client, monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_UPLOAD_BYTES", 10)
    monkeypatch.setattr("consultations.forms.questions.validate_upload", _small_limit)
    response = post_question(client, documents=[pdf()])
    assert response.status_code == 400 and "너무 큽니다" in response.content.decode()
    assert Question.objects.count() == 0


def _small_limit(upload):
    from core.uploads import validate_upload

    return validate_upload(upload, max_bytes=10)


def ask(title="질문", submitted=NOW, documents=(), name="홍길동"):
    question = submit_question(
        name=name,
        email="hong@example.com",
        category=Category.objects.get(name="설립"),
        title=title,
        body="협동조합 설립 절차가 궁금합니다.",
        consent_version="2026-11",
        consent_at=submitted,
        documents=documents,
    )
    return question


def test_queues_sort_overdue_due_today_and_open(staff_client, frozen, staff_user):
    ask("지난주 질문")  # due 27 Sep
    frozen(dt.datetime(2021, 9, 24, 9, 0, tzinfo=SEOUL))
    ask("금요일 질문")  # due 29 Sep
    frozen(dt.datetime(2021, 9, 28, 9, 0, tzinfo=SEOUL))
    ask("오늘 질문")  # due 1 Oct
    frozen(dt.datetime(2021, 9, 29, 10, 0, tzinfo=SEOUL))
    staff_client.force_login(staff_user)
    overdue = staff_client.get("/consultations/questions/?queue=overdue").content.decode()
    assert "지난주 질문" in overdue and "금요일 질문" not in overdue and "기한 지남" in overdue
    today = staff_client.get("/consultations/questions/?queue=today").content.decode()
    assert "금요일 질문" in today and "지난주 질문" not in today and "오늘 마감" in today
    open_ = staff_client.get("/consultations/questions/?queue=open").content.decode()
    assert all(t in open_ for t in ("지난주 질문", "금요일 질문", "오늘 질문"))
    assert "홍*동" in open_ and "홍길동" not in open_ and "hong@example.com" not in open_


def test_queue_query_count_is_flat(staff_client, django_assert_max_num_queries):
    ask()
    staff_client.get(
        "/consultations/questions/?queue=open"
    )  # the first request of a session does its one-off lookups
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/consultations/questions/?queue=open")
    for i in range(30):
        ask(f"질문 {i}")
    with django_assert_max_num_queries(12) as many:
        body = staff_client.get("/consultations/questions/?queue=open").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "답변 대기 전체 31건" in body


def test_answer_mails_the_citizen_and_records_a_web_consultation(
    client, staff_client, staff_user, django_capture_on_commit_callbacks
):
    question = ask(documents=[(pdf(), "pdf")])
    detail = staff_client.get(f"/consultations/questions/{question.pk}/").content.decode()
    assert "홍길동" in detail and "hong@example.com" in detail
    assert PersonalDataAccess.objects.filter(object_id=str(question.pk), action="view").count() == 1
    response = staff_client.post(f"/consultations/questions/{question.pk}/", {"answer": "  "})
    assert response.status_code == 400 and "답변을 입력해 주세요" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/consultations/questions/{question.pk}/", {"answer": "정관 제5조를 고치세요."}
        )
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_by == staff_user
    consultation = question.consultation
    assert consultation.channel == "web" and consultation.answer == "정관 제5조를 고치세요."
    assert consultation.client.email == "hong@example.com"
    assert [m.to for m in mail.outbox] == [["hong@example.com"]]
    assert question.get_public_url() in mail.outbox[0].body
    page = client.get(question.get_public_url()).content.decode()
    assert "정관 제5조를 고치세요." in page
    # Editing the answer edits the record; it never makes a second one.
    staff_client.post(
        f"/consultations/questions/{question.pk}/", {"answer": "정관 제6조도 보세요."}
    )
    assert Consultation.objects.count() == 1
    assert Consultation.objects.get().answer == "정관 제6조도 보세요."


def test_document_download_asks_a_reason_and_is_logged(client, staff_client, outsider_user):
    question = ask(documents=[(pdf(), "pdf")])
    document = question.documents.get()
    url = f"/consultations/questions/{question.pk}/documents/{document.pk}/"
    form = staff_client.get(url)
    assert form.status_code == 200 and "내려받는 목적" in form.content.decode()
    assert not PersonalDataAccess.objects.filter(action="export").exists()
    redirect = staff_client.post(url, {"purpose": "업무 처리", "detail": "정관 검토"})
    assert redirect.status_code == 302 and "reason_token=" in redirect.url
    response = staff_client.get(redirect.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    entry = PersonalDataAccess.objects.get(action="export")
    assert entry.object_id == str(question.pk) and "업무 처리: 정관 검토" in entry.reason
    assert "정관.pdf" in entry.subject
    # The token was used up: the next download asks again.
    assert "내려받는 목적" in staff_client.get(redirect.url).content.decode()
    wrong = f"/consultations/questions/{question.pk + 1}/documents/{document.pk}/"
    token_url = staff_client.post(wrong, {"purpose": "업무 처리"}).url
    assert staff_client.get(token_url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(outsider_user)
    assert client.get(url).status_code == 403


def test_one_token_never_reaches_another_question(client):
    mine = ask("내 질문")
    other = ask("남의 질문", name="김영희")
    page = client.get(mine.get_public_url()).content.decode()
    assert "내 질문" in page and "남의 질문" not in page
    assert client.get(f"/ask/{other.pk}/").status_code == 404
    assert client.get(f"/ask/{mine.token[:-2]}xx/").status_code == 404


def test_overdue_notice_goes_to_the_team_once_a_day(
    staff_user, manager_user, django_capture_on_commit_callbacks
):
    staff_user.email = "staff@example.com"
    staff_user.save()
    manager_user.email = "boss@example.com"
    manager_user.save()
    ask("늦은 질문")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            notify_overdue_questions(today=dt.date(2021, 9, 27)) == 0
        )  # due that day: not late yet
        assert notify_overdue_questions(today=dt.date(2021, 9, 28)) == 2
        assert notify_overdue_questions(today=dt.date(2021, 9, 28)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@example.com", "staff@example.com"]
    assert "늦은 질문" in mail.outbox[0].body and "1일 지남" in mail.outbox[0].body
