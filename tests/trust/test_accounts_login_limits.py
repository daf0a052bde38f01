"""Password spraying and guessing through the password-change form (issue 12.3).

Per account at an address: 5 failures (tests/trust/test_login.py). Per address,
across usernames: 20 failures lock the address. Wrong current passwords on the
password-change form count as failed logins."""

from unittest import mock

from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend

LOGIN = "/accounts/login/"
CHANGE = "/accounts/password/"
PASSWORD = "correct-horse-battery"
SPRAYER = "10.9.9.9"


def _spray(client, username, ip=SPRAYER):
    return client.post(LOGIN, {"username": username, "password": "Spring2026!"}, REMOTE_ADDR=ip)


def test_one_address_trying_200_usernames_is_locked_after_20(client, staff_user, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    statuses = [_spray(client, f"user{n:03d}").status_code for n in range(200)]
    assert statuses[:19] == [200] * 19, "wrong passwords: the form again"
    assert set(statuses[19:]) == {429}, "from the 20th failure on: locked"
    page = _spray(client, "user999").content.decode()
    assert "이 주소의 모든 로그인을 15분 동안 막았습니다" in page
    # Every username was tried once: no single account reached its own limit.
    assert not AccessAttempt.objects.filter(failures_since_start__gte=2).exists()
    # Even the right password of a real account is refused from that address...
    response = client.post(
        LOGIN, {"username": "staff-member", "password": PASSWORD}, REMOTE_ADDR=SPRAYER
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ...but not from another one.
    response = client.post(
        LOGIN, {"username": "staff-member", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_locked_address_never_reaches_the_password_hasher(client, db):
    for n in range(20):
        _spray(client, f"user{n:03d}")
    # ModelBackend hashes the password (for unknown users too): the cost
    # that held the web workers during a flood. After the lock it is not called.
    with mock.patch.object(ModelBackend, "authenticate", autospec=True) as authenticate:
        for n in range(20, 68):
            assert _spray(client, f"user{n:03d}").status_code == 429
    assert authenticate.call_count == 0


def test_office_colleagues_typos_do_not_lock_the_office(client, staff_user, manager_user):
    # Four colleagues mistype four times each from the shared address: 16 failures.
    for n in range(4):
        for _ in range(4):
            _spray(client, f"colleague{n}", ip="10.1.1.1")
    response = client.post(
        LOGIN, {"username": "center-manager", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302


def test_logging_in_does_not_wipe_the_address_count(client, staff_user):
    for n in range(19):
        _spray(client, f"user{n:03d}")
    response = client.post(
        LOGIN, {"username": "staff-member", "password": PASSWORD}, REMOTE_ADDR=SPRAYER
    )
    assert response.status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR=SPRAYER)
    assert _spray(client, "user100").status_code == 429


# --- password change ------------------------------------------------------------


def _change(client, old, new="a-brand-new-passphrase-7"):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_password_change_refuses_the_right_password_after_five_wrong(client, staff_user):
    client.force_login(staff_user)
    for attempt in range(4):
        response = _change(client, f"guess-{attempt}")
        assert response.status_code == 200
        assert "현재 비밀번호가 올바르지 않습니다" in response.content.decode()
    response = _change(client, "guess-4")
    assert response.status_code == 429
    assert "로그인이 잠시 잠겼습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session, "the session ends"
    # 25 more guesses, then the right one: nothing changes.
    for attempt in range(5, 30):
        _change(client, f"guess-{attempt}")
    _change(client, PASSWORD)
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)
    assert not staff_user.check_password("a-brand-new-passphrase-7")
    # Another session of the same account at that address is refused too,
    # even with the right current password, and so is logging in again.
    client.force_login(staff_user)
    response = _change(client, PASSWORD)
    assert response.status_code == 429
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)
    response = client.post(LOGIN, {"username": "staff-member", "password": PASSWORD})
    assert response.status_code == 429


def test_password_change_with_the_right_password_works(client, staff_user):
    client.force_login(staff_user)
    _change(client, "one-typo")
    response = _change(client, PASSWORD)
    assert response.status_code == 302 and response.url == "/dashboard/"
    staff_user.refresh_from_db()
    assert staff_user.check_password("a-brand-new-passphrase-7")
