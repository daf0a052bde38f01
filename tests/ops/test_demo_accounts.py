"""The demo accounts are created with stored password hashes, so `make run`
does not spend seconds of CPU hashing three published passwords (issue 15.3)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from center.demo import accounts


def test_stored_hashes_match_the_published_passwords_and_are_current():
    hasher = PBKDF2PasswordHasher()
    for username, _name, _group, _superuser, password, encoded in accounts.ACCOUNTS:
        assert hasher.verify(password, encoded), username
        # Fails when Django raises its iteration count: regenerate with
        # `python manage.py shell -c "from django.contrib.auth.hashers import
        # make_password; print(make_password('…'))"`.
        assert not hasher.must_update(encoded), f"{username}: the stored hash is outdated"


def test_the_stored_hash_is_used_when_it_is_the_default_hasher(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    accounts.ensure()
    for username, _name, _group, _superuser, password, encoded in accounts.ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        assert user.password == encoded
        assert user.check_password(password)


def test_other_hashers_hash_the_password_at_load(db):
    # The test settings hash with MD5: the stored PBKDF2 hash would not verify.
    accounts.ensure()
    manager = get_user_model().objects.get(username="manager")
    assert manager.password.startswith("md5$")
    assert manager.check_password("manager-demo-2021")
