"""Accounts in the portal: invitations, roles, deactivation, second-factor
resets, backup codes, and closure days reaching the business-day rules."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import calendar, roles
from core.models import Closure
from tests.factories import PASSWORD, make_user

User = get_user_model()
NEW_PASSWORD = "Gyeongbok-gung 2021!"


@pytest.fixture(autouse=True)
def _mail(eager_celery, settings):
    settings.PUBLIC_BASE_URL = "http://portal.example.org"
    django_mail.outbox.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Mail and the closure signal go out after commit: run those callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(manager_client, committed, **data):
    data = {
        "username": "kim.staff",
        "name": "김새직원",
        "email": "kim.staff@example.org",
        "roles": [roles.STAFF],
        **data,
    }
    with committed():
        return manager_client.post(reverse("core:user_add"), data)


def _link(message) -> str:
    return re.search(r"http://portal\.example\.org(\S+)", message.body).group(1)


def test_invited_staff_member_sets_a_password_once_and_logs_in(manager_client, committed):
    client = Client()
    response = _invite(manager_client, committed)
    assert response.status_code == 302
    user = User.objects.get(username="kim.staff")
    assert not user.has_usable_password() and user.is_active
    assert list(user.groups.values_list("name", flat=True)) == [roles.STAFF]
    (message,) = django_mail.outbox
    assert message.to == ["kim.staff@example.org"]
    assert "kim.staff" in message.body

    link = _link(message)
    form_page = client.get(link, follow=True)
    assert "비밀번호 정하기" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert client.login(username="kim.staff", password=NEW_PASSWORD)
    client.logout()
    # one-time: the same link no longer works
    again = client.get(link, follow=True).content.decode()
    assert "이미 썼거나 기한이 지났습니다" in again


def test_invitation_refuses_taken_names_and_needs_a_role(manager_client, staff_user, committed):
    staff_user.email = "taken@example.org"
    staff_user.save()
    body = _invite(manager_client, committed, username="staff-member").content.decode()
    assert "이미 쓰고 있는 아이디입니다." in body
    body = _invite(manager_client, committed, email="TAKEN@example.org").content.decode()
    assert "이 이메일 주소로 만든 계정이 이미 있습니다." in body
    body = _invite(manager_client, committed, roles=[]).content.decode()
    assert "역할을 하나 이상 고르세요." in body
    assert not User.objects.filter(username="kim.staff").exists()
    assert django_mail.outbox == []


def test_staff_cannot_manage_accounts(staff_client, committed):
    assert staff_client.get(reverse("core:users")).status_code == 403
    assert _invite(staff_client, committed).status_code == 403


def test_manager_assigns_reviewer_role_and_deactivates(manager_client, staff_user):
    Group.objects.get_or_create(name="심사위원")
    url = reverse("core:user_edit", args=[staff_user.pk])
    page = manager_client.get(url).content.decode()
    assert "심사위원" in page and "관리자" in page
    response = manager_client.post(url, {"roles": ["심사위원"], "is_active": ""})
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    assert list(staff_user.groups.values_list("name", flat=True)) == ["심사위원"]
    assert User.objects.filter(pk=staff_user.pk).exists()  # never deleted
    listing = manager_client.get(reverse("core:users")).content.decode()
    assert "사용 중지" in listing


def test_manager_cannot_lock_themselves_out(manager_client, manager_user):
    url = reverse("core:user_edit", args=[manager_user.pk])
    body = manager_client.post(url, {"roles": [roles.MANAGER]}).content.decode()
    assert "자기 계정은 사용을 멈출 수 없습니다." in body
    body = manager_client.post(url, {"roles": [roles.STAFF], "is_active": "on"}).content.decode()
    assert "자기 계정의 관리자 역할은 뺄 수 없습니다." in body
    manager_user.refresh_from_db()
    assert manager_user.is_active
    assert roles.MANAGER in set(manager_user.groups.values_list("name", flat=True))


def test_a_manager_cannot_change_a_superuser(manager_client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    url = reverse("core:user_edit", args=[boss.pk])
    body = manager_client.post(url, {"roles": [], "is_active": ""}).content.decode()
    assert "최고관리자 계정은 최고관리자만" in body
    boss.refresh_from_db()
    assert boss.is_active


def test_manager_resets_a_lost_second_factor(manager_client, django_user_model):
    other = make_user(django_user_model, "other-manager", roles.MANAGER)
    TOTPDevice.objects.create(user=other, name="인증 앱", confirmed=True)
    response = manager_client.post(reverse("core:user_otp_reset", args=[other.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=other).exists()


def test_user_list_query_count_is_flat(
    manager_client, django_user_model, django_assert_max_num_queries
):
    url = reverse("core:users")
    with django_assert_max_num_queries(12):
        manager_client.get(url)
    for n in range(30):
        make_user(django_user_model, f"bulk-{n}", roles.STAFF)
    with django_assert_max_num_queries(12):
        manager_client.get(url)


# --- backup codes --------------------------------------------------------------------


def _verified_manager(client, django_user_model):
    user = make_user(django_user_model, "otp-manager", roles.MANAGER)
    device = TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=True)
    client.login(username="otp-manager", password=PASSWORD)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert client.post(reverse("otp_verify"), {"token": code}).status_code == 302
    return user


def test_backup_codes_are_shown_once_and_each_works_once(client, django_user_model):
    user = _verified_manager(client, django_user_model)
    page = client.post(reverse("otp_backup_codes")).content.decode()
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert not any(
        code in client.get(reverse("otp_backup_codes")).content.decode() for code in codes
    )

    client.logout()
    client.login(username="otp-manager", password=PASSWORD)
    assert client.get(reverse("center:dashboard")).status_code == 302  # asks for a code
    assert client.post(reverse("otp_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(reverse("center:dashboard")).status_code == 200
    client.logout()
    client.login(username="otp-manager", password=PASSWORD)
    refused = client.post(reverse("otp_verify"), {"token": codes[0]})
    assert refused.status_code == 200
    assert "코드가 맞지 않습니다" in refused.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_backup_codes_need_an_authenticator(manager_client):
    response = manager_client.post(reverse("otp_backup_codes"), follow=True)
    assert "인증 앱을 먼저 등록해야" in response.content.decode()


# --- closure days -----------------------------------------------------------------


def test_manager_adds_a_closure_day_and_it_stops_being_a_business_day(manager_client, committed):
    day = dt.date(2021, 10, 6)  # a Wednesday
    assert calendar.is_business_day(day)
    heard = []
    calendar.closures_changed.connect(lambda sender, dates, **kw: heard.extend(dates), weak=False)
    with committed():
        response = manager_client.post(
            reverse("core:closure_add"), {"date": "2021-10-06", "reason": "센터 워크숍"}
        )
    assert response.status_code == 302
    assert not calendar.is_business_day(day)
    assert day not in calendar.business_days(dt.date(2021, 10, 4), dt.date(2021, 10, 8))
    assert heard == [day]  # whoever caches slots hears of it
    listing = manager_client.get(reverse("core:closures")).content.decode()
    assert "2021. 10. 6." in listing and "센터 워크숍" in listing

    again = manager_client.post(
        reverse("core:closure_add"), {"date": "2021-10-06", "reason": "중복"}
    ).content.decode()
    assert "이미 휴무일로 등록한 날입니다." in again
    assert Closure.objects.count() == 1

    closure = Closure.objects.get()
    manager_client.post(reverse("core:closure_delete", args=[closure.pk]))
    assert calendar.is_business_day(day)


def test_closure_form_refuses_a_bad_date(manager_client):
    response = manager_client.post(
        reverse("core:closure_add"), {"date": "2021-02-30", "reason": "x"}
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["date"]
    assert message in response.content.decode() and re.search("[가-힣]", message)
    assert not Closure.objects.exists()
