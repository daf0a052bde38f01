"""Public calls: deadlines, required documents, bad input and bad files,
the private status link and the rate limit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs.models import Application, Attachment, ConsortiumMember

from .factories import PDF, PNG, ApplicationFactory, CallFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _post(call, **overrides):
    doc = call.document_types.get(name="사업계획서")
    data = {
        "organisation": "협동조합 꿈터",
        "kind": "pre",
        "members": "",
        "representative": "김철용",
        "phone": "01012345678",
        "email": "dream@example.com",
        "project_name": "시제품 제작",
        "plan": "동네 아이들을 위한 목공 시제품을 만들고 홍보영상을 제작합니다.",
        "requested_amount": "2000000",
        "consent": "on",
        "consent_participants": "on",
        "website": "",
        f"doc_{doc.pk}": SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_public_list_shows_only_open_published_calls(client, db):
    open_call = CallFactory(title="지금 받는 공고")
    CallFactory(title="비공개 공고", published=False)
    CallFactory(
        title="지난 공고",
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    body = client.get("/programs/").content.decode()
    assert "지금 받는 공고" in body
    assert "비공개 공고" not in body and "지난 공고" not in body
    detail = client.get(f"/programs/calls/{open_call.pk}/").content.decode()
    assert "사업계획서" in detail and "필수" in detail and "온라인 신청하기" in detail


def test_applying_stores_everything_and_redirects_to_the_private_link(client, db):
    call = CallFactory()
    response = client.post(
        f"/programs/calls/{call.pk}/apply/",
        _post(call, members="울림두레생협\n사회적협동조합 세이\n울림두레생협"),
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == f"/programs/status/{application.token}/"
    assert application.phone == "010-1234-5678"
    assert application.status == Application.RECEIVED
    assert application.consent_version and application.consent_at
    assert list(ConsortiumMember.objects.values_list("name", flat=True)) == [
        "울림두레생협",
        "사회적협동조합 세이",
    ]
    attachment = Attachment.objects.get()
    assert attachment.original_name == "사업계획서.pdf" and attachment.kind == "pdf"
    # Stored under a random name, never the original one.
    assert "사업계획서" not in attachment.file.name
    assert attachment.file.name.startswith("programs/applications/")
    attachment.file.open("rb")
    assert attachment.file.read() == PDF
    body = client.get(response.url).content.decode()
    assert "접수" in body and "협동조합 꿈터" in body and "울림두레생협" in body


def test_status_link_is_a_uuid_and_unknown_tokens_404(client, db):
    application = ApplicationFactory()
    assert len(str(application.token)) == 36
    assert client.get("/programs/status/00000000-0000-0000-0000-000000000001/").status_code == 404
    body = client.get(application.status_url()).content.decode()
    assert application.organisation in body


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (dt.timedelta(days=1), dt.timedelta(days=5), "접수 기간이 아닙니다"),
        (-dt.timedelta(days=5), -dt.timedelta(seconds=1), "접수 기간이 아닙니다"),
    ],
)
def test_no_application_outside_the_period(client, db, opens, closes, message):
    now = timezone.now()
    call = CallFactory(opens_at=now + opens, closes_at=now + closes)
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call))
    assert response.status_code == 410
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_service_rechecks_the_deadline(db):
    from django.core.exceptions import ValidationError

    from programs import services

    call = CallFactory()
    with pytest.raises(ValidationError, match="마감"):
        services.submit_application(
            call=call,
            data={},
            members=[],
            files={},
            consent={},
            now=call.closes_at,
        )


def test_required_document_missing_is_refused_next_to_the_field(client, db):
    call = CallFactory()
    doc = call.document_types.get(name="사업계획서")
    response = client.post(
        f"/programs/calls/{call.pk}/apply/", _post(call, **{f"doc_{doc.pk}": None})
    )
    assert response.status_code == 400
    assert "사업계획서를 첨부하세요." in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("계획서.pdf", b"MZ\x90\x00 this is a program", "올릴 수 없는 파일 형식"),
        ("계획서.pdf", PNG, "확장자"),
        ("계획서.pdf", b"", "빈 파일"),
        ("계획서.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "너무 큽니다"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(client, db, name, content, message):
    call = CallFactory()
    doc = call.document_types.get(name="사업계획서")
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        f"/programs/calls/{call.pk}/apply/", _post(call, **{f"doc_{doc.pk}": upload})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requested_amount", "-5", "1원 이상이어야 합니다."),
        ("requested_amount", "이백만", "숫자(원 단위)만 입력하세요."),
        ("requested_amount", "3000001", "3000000"),
        ("email", "not-an-email", "올바른 이메일 주소를 입력하세요."),
        ("phone", "12", "연락처를 숫자 9~11자리로"),
        ("plan", "짧음", "20자 이상"),
        ("consent", None, "개인정보 수집·이용에 동의해야 신청할 수 있습니다."),
        ("consent_participants", None, "참여자 명단에 적힌 분들의 개인정보 제공을 확인해야"),
        ("members", "협동조합 꿈터", "다시 적지 않습니다"),
        ("organisation", "", "필수 항목입니다."),
    ],
)
def test_bad_input_gets_a_korean_message_and_saves_nothing(client, db, field, value, message):
    call = CallFactory()
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call, **{field: value}))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body.replace(",", "")
    assert not Application.objects.exists()


def test_honeypot_blocks_bots(client, db):
    call = CallFactory()
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call, website="http://spam"))
    assert "신청을 처리할 수 없습니다" in response.content.decode()
    assert not Application.objects.exists()


def test_same_project_twice_is_refused(client, db):
    call = CallFactory()
    client.post(f"/programs/calls/{call.pk}/apply/", _post(call))
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call))
    assert "이미 신청했습니다" in response.content.decode()
    assert Application.objects.count() == 1


def test_refused_posts_do_not_count_toward_the_rate_limit(client, db):
    call = CallFactory()
    for _ in range(8):
        response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call, organisation=""))
        assert response.status_code == 400
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call))
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_applying_is_rate_limited_by_accepted_applications(client, db):
    call = CallFactory()
    for i in range(5):
        response = client.post(
            f"/programs/calls/{call.pk}/apply/", _post(call, project_name=f"사업 {i}")
        )
        assert response.status_code == 302
    response = client.post(f"/programs/calls/{call.pk}/apply/", _post(call, project_name="여섯째"))
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert Application.objects.count() == 5


def test_staff_list_masks_personal_data_and_detail_logs_access(staff_client, db):
    from core.privacy import PersonalDataAccess

    application = ApplicationFactory(representative="김철용", phone="010-1234-5678")
    body = staff_client.get(f"/programs/staff/calls/{application.call_id}/").content.decode()
    assert "김*용" in body and "010-1234-****" in body
    assert "김철용" not in body and "010-1234-5678" not in body
    assert not PersonalDataAccess.objects.exists()
    body = staff_client.get(f"/programs/staff/applications/{application.pk}/").content.decode()
    assert "김철용" in body and "010-1234-5678" in body
    log = PersonalDataAccess.objects.get()
    assert log.object_id == str(application.pk) and log.username == "staff-member"


def test_retention_scrubs_contact_details_and_their_history(db):
    from core.privacy import destroy_expired_personal_data

    old = ApplicationFactory(
        representative="김철용", submitted_at=timezone.now() - dt.timedelta(days=4 * 366)
    )
    old.status = Application.REVIEWING
    old.save()  # a second history row
    recent = ApplicationFactory(representative="이영희")
    result = destroy_expired_personal_data()
    assert result["지원사업 신청자 연락처"] == 1
    assert result["지원사업 신청자 연락처 (변경 이력)"] == 2
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.representative, old.phone) == ("(파기)", "")
    assert old.organisation and old.requested_amount  # counts stay
    assert recent.representative == "이영희"
    history = Application.history.filter(id=old.pk)
    assert set(history.values_list("representative", flat=True)) == {"(파기)"}
