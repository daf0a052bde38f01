"""Retention: after the period managers set, the personal data of bookings
and questions (and of their change history) is scrubbed, documents are
deleted, and the rows — so the counts — stay."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Booking, Category, Question, QuestionDocument
from consultations.services import book_slot, destroy_scrubbed_documents, submit_question
from core.privacy import destroy_expired_personal_data

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
OLD = dt.datetime(2021, 10, 1, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def records(frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    topic = Category.objects.get(name="설립")
    made = {}
    for label, when in [("old", OLD), ("new", dt.datetime(2024, 6, 3, 9, 0, tzinfo=SEOUL))]:
        frozen(when)
        made[label] = (
            book_slot(
                day=when.date() + dt.timedelta(days=4),
                time=dt.time(10, 30),
                kind="visit",
                name=f"홍길동{label}",
                phone="010-1234-5678",
                email=f"{label}@example.com",
                cooperative_name="마을카페협동조합",
                description="집 주소는 …",
                topic=topic,
                consent_version="2026-11",
                consent_at=when,
            ),
            submit_question(
                name=f"김영희{label}",
                email=f"{label}@example.com",
                phone="010-9999-8888",
                category=topic,
                title="제 이름은 김영희입니다",
                body="연락처 010-9999-8888",
                consent_version="2026-11",
                consent_at=when,
                documents=[(SimpleUploadedFile("정관.pdf", b"%PDF-1.7 x"), "pdf")],
            ),
        )
    return made


def test_expired_personal_data_is_scrubbed_and_counts_stay(records, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3
    now = dt.datetime(2025, 1, 1, tzinfo=SEOUL)
    result = destroy_expired_personal_data(now=now)
    assert result["상담 예약"] == 1 and result["온라인 상담"] == 1
    assert result["상담 예약 변경 이력"] >= 1 and result["온라인 상담 변경 이력"] >= 1
    old_booking, old_question = records["old"]
    old_booking.refresh_from_db()
    old_question.refresh_from_db()
    assert (old_booking.name, old_booking.phone, old_booking.email, old_booking.description) == (
        "",
        "",
        "",
        "",
    )
    assert old_booking.cooperative_name == "" and old_booking.personal_data_destroyed
    assert old_booking.slot.date == dt.date(2021, 10, 5) and old_booking.topic.name == "설립"
    assert (old_question.name, old_question.phone, old_question.email, old_question.body) == (
        "",
        "",
        "",
        "",
    )
    assert old_question.title == "(개인정보 파기)" and old_question.category.name == "설립"
    # History copies are scrubbed too.
    assert not Booking.history.filter(name="홍길동old").exists()
    assert not Question.history.filter(name="김영희old").exists()
    # The recent ones are untouched, and nothing was deleted.
    new_booking = records["new"][0]
    new_booking.refresh_from_db()
    assert new_booking.name == "홍길동new" and Booking.history.filter(name="홍길동new").exists()
    assert Booking.objects.count() == 2 and Question.objects.count() == 2
    # A second run finds nothing left to do.
    assert set(destroy_expired_personal_data(now=now).values()) == {0}


def test_documents_of_scrubbed_questions_are_deleted(records, settings):
    old_question = records["old"][1]
    document = old_question.documents.get()
    path = document.file.path
    destroy_expired_personal_data(now=dt.datetime(2025, 1, 1, tzinfo=SEOUL))
    assert destroy_scrubbed_documents() == 1
    import os

    assert not os.path.exists(path)
    assert not QuestionDocument.objects.filter(question=old_question).exists()
    assert QuestionDocument.objects.filter(question=records["new"][1]).count() == 1
    assert destroy_scrubbed_documents() == 0


def test_scrubbed_private_links_are_gone(client, records):
    destroy_expired_personal_data(now=dt.datetime(2025, 1, 1, tzinfo=SEOUL))
    old_booking, old_question = records["old"]
    assert client.get(old_booking.get_public_url()).status_code == 404
    assert client.get(old_question.get_public_url()).status_code == 404
    assert client.get(records["new"][0].get_public_url()).status_code == 200
