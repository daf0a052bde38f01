"""Demo accounts, one per role. Passwords are printed only when an account
is created, so they appear once in the terminal that ran `make run`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles

ACCOUNTS = [
    # username, full name, role group, superuser, password
    ("manager", "관리자", roles.MANAGER, False, "manager-demo-2021"),
    ("staff", "직원", roles.STAFF, False, "staff-demo-2021"),
    ("admin", "시스템 관리자", roles.MANAGER, True, "admin-demo-2021"),
]


def ensure(stdout=None) -> list[str]:
    roles.ensure_groups()
    User = get_user_model()
    created_lines = []
    for username, full_name, group_name, superuser, password in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username, first_name=full_name, is_superuser=superuser, is_staff=superuser
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        role = "최고관리자(관리자 화면 포함)" if superuser else group_name
        created_lines.append(f"  {role:<10} 아이디 {username:<8} 비밀번호 {password}")
    if created_lines and stdout:
        stdout.write("시연 계정을 만들었습니다 (이 안내는 한 번만 표시됩니다):")
        for line in created_lines:
            stdout.write(line)
    return created_lines
