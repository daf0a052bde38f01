"""개인정보 처리방침 (issue 12.13): published versions managers write, the
earlier ones readable, the officer named, the footer link on every page, and
the table of what is collected, why and how long generated from the code."""

import datetime as dt
import html

import pytest
from django.conf import settings

from core.privacy_policy import PrivacyPolicy, public_form_classes
from core.registry import retention_rules

POLICY = "/privacy/"
EDIT = "/center/privacy-policy/add/"


def _body(response):
    return html.unescape(response.content.decode())


def _version(**fields):
    values = {
        "effective_on": dt.date(2026, 1, 1),
        "officer_name": "김보호",
        "officer_position": "사무국장",
        "officer_contact": "02-123-4567, privacy@coop.example",
        "body": "정보주체는 언제든지 열람을 요구할 수 있습니다.",
    }
    return PrivacyPolicy.objects.create(**(values | fields))


def test_the_page_lists_every_public_forms_consent_items(client, db):
    forms = public_form_classes()
    names = {form.__name__ for form in forms}
    assert {"BookingForm", "QuestionForm", "SignupForm", "ApplicationForm"} <= names
    body = _body(client.get(POLICY))
    for form in forms:
        assert form.consent_purpose in body, form.__name__
        assert form.consent_items in body, form.__name__
    assert f"신청일로부터 {settings.PERSONAL_DATA_RETENTION_YEARS}년" in body


def test_the_page_lists_every_registered_retention_rule(client, db):
    rules = retention_rules()
    assert len(rules) >= 10
    body = _body(client.get(POLICY))
    for rule in rules:
        assert f'<th scope="row" class="fw-normal">{rule.label}</th>' in body, rule.label
    # The fields each rule destroys, by their Korean names, never markers.
    assert "personal_data_destroyed" not in body and "scrubbed_at" not in body


def test_a_rule_registered_later_appears_without_editing_the_policy(client, db, monkeypatch):
    from core import registry
    from education.models import Registration

    rule = registry.RetentionRule(
        label="새 신청서 연락처",
        model=Registration,
        date_field="created_at",
        scrub={"phone": ""},
        not_yet_scrubbed={"phone": ""},
    )
    monkeypatch.setattr(registry, "_retention_rules", [*registry.retention_rules(), rule])
    assert "새 신청서 연락처" in _body(client.get(POLICY))


def test_the_officer_is_named(client, db):
    _version()
    body = _body(client.get(POLICY))
    assert "개인정보 보호책임자" in body
    assert "김보호" in body and "사무국장" in body and "privacy@coop.example" in body
    assert "정보주체는 언제든지 열람을 요구할 수 있습니다." in body


def test_a_manager_publishes_a_new_version_and_the_old_stays_readable(client, manager_user):
    old = _version()
    client.force_login(manager_user)
    form = client.get(EDIT)
    assert form.status_code == 200 and "김보호" in _body(form), "starts from the latest"
    response = client.post(
        EDIT,
        {
            "effective_on": "2026-11-01",
            "officer_name": "박책임",
            "officer_position": "센터장",
            "officer_contact": "02-765-4321",
            "body": "개정된 본문입니다.",
        },
    )
    new = PrivacyPolicy.objects.get(officer_name="박책임")
    assert response.status_code == 302 and response.url == f"/privacy/{new.pk}/"
    assert PrivacyPolicy.objects.count() == 2
    old.refresh_from_db()
    assert old.officer_name == "김보호", "the old version is kept as it was"
    client.logout()
    current = _body(client.get(POLICY))
    assert "박책임" in current and "김보호" not in current
    assert f'href="/privacy/{old.pk}/"' in current, "the change history links the old one"
    earlier = _body(client.get(f"/privacy/{old.pk}/"))
    assert "김보호" in earlier and "지금 시행 중인 판이 아닙니다" in earlier


def test_a_version_cannot_be_edited_in_place(db):
    policy = _version()
    policy.officer_name = "바꿈"
    with pytest.raises(ValueError):
        policy.save()


def test_a_future_version_is_not_in_force_yet(client, db):
    _version()
    _version(effective_on=dt.date(2999, 1, 1), officer_name="미래의책임자")
    assert "미래의책임자" not in _body(client.get(POLICY))


def test_staff_and_visitors_cannot_publish(client, staff_user):
    assert client.get(EDIT).status_code in (302, 403)
    client.force_login(staff_user)
    assert client.post(EDIT, {"officer_name": "x"}).status_code == 403
    assert not PrivacyPolicy.objects.exists()


@pytest.mark.parametrize("path", ["/", "/ask/", "/accounts/login/", "/no-such-page/"])
def test_every_page_links_the_policy_in_its_footer(client, db, path):
    body = client.get(path).content.decode()
    footer = body[body.index("<footer") :]
    assert 'href="/privacy/"' in footer and "개인정보 처리방침" in footer


def test_every_destroyed_item_is_named_in_korean(db):
    """The generated table names fields by their verbose names: an English
    field name ('address digest') means a model field lacks one."""
    import re

    from core.privacy_policy import retention_schedule

    for entry in retention_schedule():
        for item in entry.fields.split(", "):
            assert re.search(r"[가-힣]", item), (entry.label, item)
