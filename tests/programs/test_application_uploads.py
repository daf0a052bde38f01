"""The citizens' application: documents kept across a failed submit, the
receipt mail with the private link, the 사업계획서 template, and the consent
for the 참여자 명단."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from core.models import OutboxEmail
from programs import services
from programs.models import Application, Attachment, HeldUpload

from .factories import PDF, CallFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _data(call, **overrides):
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
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _form_key(body: str) -> str:
    return re.search(r'name="form_key" value="([0-9a-f-]{36})"', body).group(1)


def test_a_document_is_kept_when_another_field_is_refused(
    client, db, django_capture_on_commit_callbacks
):
    call = CallFactory()
    plan = call.document_types.get(name="사업계획서")
    url = f"/programs/calls/{call.pk}/apply/"
    key = _form_key(client.get(url).content.decode())
    upload = SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf")
    response = client.post(url, _data(call, email="x", form_key=key, **{f"doc_{plan.pk}": upload}))
    body = response.content.decode()
    assert response.status_code == 400
    assert "올바른 이메일 주소를 입력하세요." in body
    assert "올려 둔 파일: 사업계획서.pdf" in body
    assert _form_key(body) == key
    held = HeldUpload.objects.get()
    assert held.document_type == plan and held.kind == "pdf"
    assert held.file.name.startswith("programs/held/") and "사업계획서" not in held.file.name
    assert not Application.objects.exists()

    # Second try: the e-mail fixed, no file chosen again.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _data(call, form_key=key))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.document_type == plan and attachment.original_name == "사업계획서.pdf"
    assert attachment.file.name.startswith("programs/applications/")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert not HeldUpload.objects.exists()
    assert not default_storage.exists(held.file.name)


def test_a_bad_file_is_never_kept(client, db):
    call = CallFactory()
    plan = call.document_types.get(name="사업계획서")
    url = f"/programs/calls/{call.pk}/apply/"
    fake = SimpleUploadedFile("계획서.pdf", b"MZ\x90\x00 program")
    response = client.post(url, _data(call, form_key=str(uuid.uuid4()), **{f"doc_{plan.pk}": fake}))
    assert "올릴 수 없는 파일 형식" in response.content.decode()
    assert not HeldUpload.objects.exists()


def test_kept_documents_belong_to_their_form_only(client, db):
    call = CallFactory()
    plan = call.document_types.get(name="사업계획서")
    url = f"/programs/calls/{call.pk}/apply/"
    key = str(uuid.uuid4())
    upload = SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf")
    client.post(url, _data(call, email="x", form_key=key, **{f"doc_{plan.pk}": upload}))
    assert HeldUpload.objects.count() == 1
    # Another form (another key) must attach its own file.
    response = client.post(url, _data(call, form_key=str(uuid.uuid4())))
    assert "사업계획서를 첨부하세요." in response.content.decode()
    # A key that is not a UUID keeps nothing and breaks nothing.
    response = client.post(url, _data(call, form_key="../../etc"))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_kept_documents_are_purged_after_the_holding_period(client, db):
    call = CallFactory()
    plan = call.document_types.get(name="사업계획서")
    url = f"/programs/calls/{call.pk}/apply/"
    upload = SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf")
    client.post(
        url, _data(call, email="x", form_key=str(uuid.uuid4()), **{f"doc_{plan.pk}": upload})
    )
    held = HeldUpload.objects.get()
    assert services.purge_held_uploads() == 0
    later = timezone.now() + dt.timedelta(hours=HeldUpload.HOURS + 1)
    assert services.purge_held_uploads(now=later) == 1
    assert not HeldUpload.objects.exists()
    assert not default_storage.exists(held.file.name)


def test_the_applicant_gets_a_receipt_with_the_private_link(client, db, settings):
    settings.PUBLIC_BASE_URL = "https://coop.example.kr"
    call = CallFactory(title="2026 창업팀 공개모집")
    plan = call.document_types.get(name="사업계획서")
    upload = SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf")
    client.post(f"/programs/calls/{call.pk}/apply/", _data(call, **{f"doc_{plan.pk}": upload}))
    application = Application.objects.get()
    mail = OutboxEmail.objects.get(to="dream@example.com")
    assert mail.subject == "[서울시협동조합지원센터] 2026 창업팀 공개모집 신청 접수 안내"
    assert f"https://coop.example.kr/programs/status/{application.token}/" in mail.body
    assert "시제품 제작" in mail.body
    assert application.participants_consent_version and application.participants_consent_at


def test_a_refused_application_sends_no_receipt(client, db):
    call = CallFactory()
    client.post(f"/programs/calls/{call.pk}/apply/", _data(call, email="x"))
    assert not OutboxEmail.objects.exists()


def test_the_participants_consent_is_separate_and_required(client, db):
    call = CallFactory()
    plan = call.document_types.get(name="사업계획서")
    upload = SimpleUploadedFile("사업계획서.pdf", PDF, "application/pdf")
    page = client.get(f"/programs/calls/{call.pk}/apply/").content.decode()
    assert 'name="consent_participants"' in page and 'name="consent"' in page
    assert "참여자 명단" in page and "동의를 받아야 합니다" in page
    response = client.post(
        f"/programs/calls/{call.pk}/apply/",
        _data(call, consent_participants=None, **{f"doc_{plan.pk}": upload}),
    )
    body = response.content.decode()
    assert "참여자 명단에 적힌 분들의 개인정보 제공을 확인해야 신청할 수 있습니다." in body
    assert 'aria-invalid="true"' in body
    assert not Application.objects.exists()


def test_the_plan_template_has_the_calls_sections(client, db):
    call = CallFactory(criteria=[("사업 계획의 구체성", 40), ("팀 역량", 35), ("지역 기여", 25)])
    for page in (f"/programs/calls/{call.pk}/", f"/programs/calls/{call.pk}/apply/"):
        assert f"/programs/calls/{call.pk}/plan-template.xlsx" in client.get(page).content.decode()
    response = client.get(f"/programs/calls/{call.pk}/plan-template.xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert cells[0] == f"{call.title} 사업계획서"
    for text in (
        "1. 신청 조직 개요",
        "3-1. 사업 계획의 구체성 (배점 40)",
        "3-2. 팀 역량 (배점 35)",
        "3-3. 지역 기여 (배점 25)",
        "5. 예산 계획",
        "6. 참여자 명단",
        "정관(안)",
        "최대 3,000,000원",
    ):
        assert text in cells, text


def test_no_template_for_an_unpublished_call(client, db):
    call = CallFactory(published=False)
    assert client.get(f"/programs/calls/{call.pk}/plan-template.xlsx").status_code == 404
