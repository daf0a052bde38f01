"""Demo accounts, one per role. Passwords are printed only when an account
is created, so they appear once in the terminal that ran `make run`.

Each account carries its password's hash, made once with Django's default
hasher (PBKDF2, 1,000,000 iterations): hashing the three at load cost about
9 s of CPU on every first start. The stored hash is used only while it is
what the default hasher would make (tests hash with MD5: then the password is
hashed at load); tests/ops/test_demo_accounts.py fails when Django raises its
iteration count, so the hashes get regenerated.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.contrib.auth.models import Group

from core import roles

ACCOUNTS = [
    # username, full name, role group, superuser, password, its hash
    (
        "manager",
        "관리자",
        roles.MANAGER,
        False,
        "manager-demo-2021",
        "pbkdf2_sha256$1000000$upTTjI4BRXWuuZlI9FyhvI$ZY7esMnmRsrPfwa4K+ViqYBHqzQ1lGPWpyXZStBTgy0=",
    ),
    (
        "staff",
        "직원",
        roles.STAFF,
        False,
        "staff-demo-2021",
        "pbkdf2_sha256$1000000$BQwuXLlUcccS6PQQ2p6rPw$96hd2oGEhjqeZ0B+aHH/7JkMGY1Spys2iaGpOwIrDVk=",
    ),
    (
        "admin",
        "시스템 관리자",
        roles.MANAGER,
        True,
        "admin-demo-2021",
        "pbkdf2_sha256$1000000$bCoPNZkIXTXxS1zFa0D40M$LSart6jHhwY2B0JmF2wvJs13Hk/SaIn0vDML/dRVi5c=",
    ),
]


def _set_password(user, password: str, encoded: str) -> None:
    """The stored hash when the default hasher would make one like it, else hash now."""
    default = get_hasher()
    try:
        stored_by = identify_hasher(encoded)
    except ValueError:  # its hasher is not configured here (tests: MD5 only)
        stored_by = None
    if stored_by is not None and stored_by.algorithm == default.algorithm:
        if not default.must_update(encoded):
            user.password = encoded
            return
    user.set_password(password)


def ensure(stdout=None) -> list[str]:
    roles.ensure_groups()
    User = get_user_model()
    created_lines = []
    for username, full_name, group_name, superuser, password, encoded in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username, first_name=full_name, is_superuser=superuser, is_staff=superuser
        )
        _set_password(user, password, encoded)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        role = "최고관리자(관리자 화면 포함)" if superuser else group_name
        created_lines.append(f"  {role:<10} 아이디 {username:<8} 비밀번호 {password}")
    if created_lines and stdout:
        stdout.write("시연 계정을 만들었습니다 (이 안내는 한 번만 표시됩니다):")
        for line in created_lines:
            stdout.write(line)
    return created_lines
