import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from core import calendar, privacy
from core.mail import OutboxEmail, queue_email, send_now
from core.uploads import validate_upload


@pytest.mark.parametrize(
    ("name", "masked"), [("김철용", "김*용"), ("이순", "이*"), ("남궁민수", "남**수"), ("", "")]
)
def test_mask_name(name, masked):
    assert privacy.mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("010-1234-5678", "010-1234-****"),
        ("01012345678", "010-1234-****"),
        ("02-123-4567", "02-123-****"),
        ("1544-5077", "1544-****"),
    ],
)
def test_mask_phone(phone, masked):
    assert privacy.mask_phone(phone) == masked


def test_mask_email():
    assert privacy.mask_email("hong@example.com") == "ho**@example.com"


def test_business_days_skip_weekends_holidays_substitutes_and_closures(db):
    # 2021-09-20..22 추석 (Mon–Wed); 2021-10-04 대체공휴일 for 개천절 (Sun 10-03).
    assert not calendar.is_business_day(dt.date(2021, 9, 21))
    assert not calendar.is_business_day(dt.date(2021, 10, 4))
    assert not calendar.is_business_day(dt.date(2021, 10, 2))  # Saturday
    assert calendar.is_business_day(dt.date(2021, 10, 5))
    # Friday 17th + 3 business days skips the weekend and the whole 추석 → Thu 23rd? no:
    # 18-19 weekend, 20-22 holidays → 23, 24, 27.
    assert calendar.add_business_days(dt.date(2021, 9, 17), 3) == dt.date(2021, 9, 27)
    calendar.Closure.objects.create(date=dt.date(2021, 9, 23), reason="센터 이전")
    assert calendar.add_business_days(dt.date(2021, 9, 17), 3) == dt.date(2021, 9, 28)
    assert calendar.holiday_name(dt.date(2021, 10, 4))


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_upload_checked_by_content_not_name():
    assert validate_upload(_upload("a.pdf", b"%PDF-1.7 rest")) == "pdf"
    with pytest.raises(ValidationError, match="올릴 수 없는 파일 형식"):
        validate_upload(_upload("evil.pdf", b"MZ\x90\x00 windows exe"))
    with pytest.raises(ValidationError, match="확장자"):
        validate_upload(_upload("photo.pdf", b"\x89PNG\r\n\x1a\n...."))
    with pytest.raises(ValidationError, match="너무 큽니다"):
        validate_upload(_upload("a.pdf", b"%PDF-" + b"0" * 100), max_bytes=50)


def test_docx_is_recognised_inside_the_zip():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert validate_upload(_upload("정관.docx", buffer.getvalue())) == "docx"


def test_outbox_sends_once_even_when_asked_twice(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="a@example.com", subject="확인", body="본문", key="k1")
    assert len(mail.outbox) == 1  # eager Celery sent it after commit
    assert send_now(email.pk) is False
    assert queue_email(to="a@example.com", subject="확인", body="본문", key="k1") is None
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().sent_at is not None


def test_access_log_chain_detects_tampering(db, staff_user):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    request.user = staff_user
    for _ in range(3):
        privacy.log_access(request, staff_user, "view", subject="시험")
    assert privacy.verify_chain() == []
    first = privacy.PersonalDataAccess.objects.order_by("pk").first()
    with pytest.raises(ValueError):
        first.save()
    privacy.PersonalDataAccess.objects.filter(pk=first.pk).update(username="someone-else")
    assert privacy.verify_chain() == [first.pk]
