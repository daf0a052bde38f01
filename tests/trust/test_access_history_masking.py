"""Change-history pages mask personal data; managers see it whole only
through the logged path with a reason (issue 12 item 8)."""

import re

import pytest
from django.db import models

from core.privacy import PersonalDataAccess, mask_email, mask_name, mask_phone
from core.security_views import history_models, personal_fields

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d-])(?:\+82[- ]?|0)\d{1,2}[- ]?\d{3,4}[- ]?\d{4}(?![\d-])")


def _secrets(model, pk) -> set[str]:
    """Every phone number and e-mail address in any text field of the
    record's history (declared personal or not)."""
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]
    found = set()
    if not fields:  # no text at all (values_list() without names would give every column)
        return found
    for values in model.history.filter(**{model._meta.pk.attname: pk}).values_list(*fields):
        for value in values:
            if value:
                found.update(EMAIL.findall(value))
                found.update(PHONE.findall(value))
    return {s for s in found if not s.endswith(".invalid")}


def _samples(model, n=2, extra=()):
    """The first records, and for each e-mail or phone field one record that has a value."""
    key = model._meta.pk.attname
    ids = list(model.history.order_by("history_id").values_list(key, flat=True)[:50])
    for field in model._meta.concrete_fields:
        if isinstance(field, models.EmailField) or "phone" in field.name:
            record = (
                model.history.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list(key, flat=True)
                .first()
            )
            if record is not None:
                ids.insert(0, record)
    return list(dict.fromkeys([*extra, *ids]))[: n + 2 + len(extra)]


@pytest.fixture
def personal_model(full_demo):
    """A tracked model with an e-mail field, and one of its records with an e-mail."""
    for model in history_models().values():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.EmailField):
                record = (
                    model.history.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__endswith": ".invalid"})
                    .first()
                )
                if record is not None:
                    return (
                        model,
                        getattr(record, model._meta.pk.attname),
                        getattr(record, field.attname),
                    )
    pytest.fail("the demo has no tracked record with an e-mail address")


def test_no_history_page_shows_a_whole_phone_or_email(staff_client, full_demo):
    from django.apps import apps

    # A client whose number changed: both numbers are in the history.
    client_model = apps.get_model("consultations", "Client")
    person = client_model.objects.create(
        name="홍길동", phone="010-9876-5432", email="gildong@example.com"
    )
    person.phone = "010-5555-4444"
    person.save()
    checked_models, checked_secrets = set(), 0
    for label, model in history_models().items():
        for pk in _samples(model, extra=[person.pk] if model is client_model else ()):
            secrets = _secrets(model, pk)
            body = staff_client.get(f"/center/changes/{label}/{pk}/").content.decode()
            if model is client_model and pk == person.pk:
                assert {"010-9876-5432", "010-5555-4444", "gildong@example.com"} <= secrets
                assert mask_phone("010-9876-5432") in body
                assert mask_email("gildong@example.com") in body
                assert "홍길동" not in body and mask_name("홍길동") in body
            assert "변경 이력" in body, label
            leaked = sorted(s for s in secrets if s in body)
            assert not leaked, (label, pk, leaked)
            if secrets:
                checked_models.add(label)
                checked_secrets += len(secrets)
    # Not vacuous: bookings, questions, applications, registrations, outreach
    # requests and clients of the demo carry phones and e-mails.
    assert checked_secrets >= 10, checked_models
    assert len(checked_models) >= 5, checked_models
    assert PersonalDataAccess.objects.count() == 0  # masked pages need no log entry


def test_personal_fields_are_found_from_declarations_and_retention_rules(full_demo):
    tracked = history_models()
    by_name = {label.split(".")[1]: model for label, model in tracked.items()}
    for name in ("booking", "question", "application", "registration", "client"):
        if name in by_name:
            assert {"phone", "email"} & personal_fields(by_name[name]), name
    if "outreachrequest" in by_name:
        assert {"contact_phone", "contact_email", "contact_name"} <= personal_fields(
            by_name["outreachrequest"]
        )


def test_managers_see_it_whole_only_with_a_reason_and_it_is_logged(
    client, manager_user, staff_user, personal_model
):
    model, pk, email = personal_model
    url = f"/center/changes/{model._meta.label_lower}/{pk}/"
    client.force_login(staff_user)
    assert email not in client.get(url).content.decode()
    assert client.get(f"{url}?full=1").status_code == 403  # staff may not unmask
    assert PersonalDataAccess.objects.count() == 0

    client.force_login(manager_user)
    masked = client.get(url).content.decode()
    assert email not in masked and "?full=1" in masked
    form = client.get(f"{url}?full=1")
    assert "사유" in form.content.decode() and email not in form.content.decode()
    assert PersonalDataAccess.objects.count() == 0
    response = client.post(
        f"{url}?full=1", {"purpose": "정보주체 요청", "detail": "본인 열람 요청"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    body = page.content.decode()
    assert email in body and "접근 기록에 남았습니다" in body
    entry = PersonalDataAccess.objects.get()
    assert entry.user == manager_user and entry.action == "view"
    assert entry.reason == "정보주체 요청: 본인 열람 요청"
    assert entry.object_type == model._meta.label and entry.object_id == str(pk)
    assert email not in entry.subject
    # The token is used once: reloading asks again.
    again = client.get(response["Location"]).content.decode()
    assert email not in again and PersonalDataAccess.objects.count() == 1
