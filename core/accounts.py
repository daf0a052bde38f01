"""Staff accounts, managed in the portal: invitations (a one-time link to set
the password, sent through the outbox), roles, deactivation (never deletion:
history and the access log keep the name), second-factor resets and TOTP
backup codes.

Roles are the auth groups (직원, 관리자, and those apps add, such as 심사위원):
`assignable_roles()` lists them, so the kernel names no app's role.

Invitation links are Django's password-reset tokens: the token covers the
password hash and the last login, so it stops working once the password is
set (one-time) and after PASSWORD_RESET_TIMEOUT (INVITATION_DAYS).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .display import absolute_url, staff_name
from .errors import ServiceError
from .mail import queue_email

User = get_user_model()
BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "백업 코드"


def assignable_roles() -> list[str]:
    roles.ensure_groups()
    return list(Group.objects.order_by("name").values_list("name", flat=True))


def users():
    """Every account, active first, with its roles and whether it has a
    confirmed authenticator (`has_totp`)."""
    return (
        User.objects.prefetch_related("groups")
        .annotate(has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("-is_active", "username")
    )


def invitation_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url("invite_accept", uidb64=uid, token=token)


def _send_invitation(user, *, invited_by) -> None:
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    queue_email(
        to=user.email,
        subject="[서울시협동조합지원센터] 업무 포털 계정 안내",
        body=(
            f"{staff_name(user)}님, 안녕하세요.\n\n"
            f"{staff_name(invited_by)}님이 서울시협동조합지원센터 업무 포털 계정을 만들었습니다.\n"
            f"아이디: {user.username}\n\n"
            f"아래 주소에서 비밀번호를 정한 뒤 로그인하세요. 이 주소는 한 번만 쓸 수 있고 "
            f"{days}일 뒤에는 열리지 않습니다.\n{invitation_url(user)}\n\n"
            "요청하지 않은 메일이라면 무시하셔도 됩니다."
        ),
    )


def _check_roles(role_names) -> list[Group]:
    known = {group.name: group for group in Group.objects.filter(name__in=role_names)}
    unknown = sorted(set(role_names) - set(known))
    if unknown:
        raise ServiceError("roles", f"없는 역할입니다: {', '.join(unknown)}")
    return list(known.values())


def invite_user(*, username: str, email: str, name: str, role_names: list[str], invited_by) -> User:
    """A new active account without a password, in the given roles, and the
    invitation mail (queued with the account, sent after commit)."""
    username, email = username.strip(), email.strip()
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ServiceError("username", "이미 쓰고 있는 아이디입니다.")
        if User.objects.filter(email__iexact=email).exists():
            raise ServiceError("email", "이 이메일 주소로 만든 계정이 이미 있습니다.")
        groups = _check_roles(role_names)
        if not groups:
            raise ServiceError("roles", "역할을 하나 이상 고르세요.")
        user = User(username=username, email=email, first_name=name.strip(), is_active=True)
        user.set_unusable_password()
        user.save()
        user.groups.set(groups)
        _send_invitation(user, invited_by=invited_by)
    return user


def resend_invitation(*, user, invited_by) -> None:
    if user.has_usable_password():
        raise ServiceError(None, "이미 비밀번호를 정한 계정입니다.")
    if not user.is_active:
        raise ServiceError(None, "사용을 멈춘 계정입니다. 먼저 다시 사용하도록 바꾸세요.")
    if not user.email:
        raise ServiceError(None, "이메일 주소가 없는 계정입니다.")
    _send_invitation(user, invited_by=invited_by)


def _may_manage(actor, user) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise ServiceError(None, "최고관리자 계정은 최고관리자만 바꿀 수 있습니다.")


def update_account(*, user, actor, role_names: list[str], active: bool) -> User:
    """Roles and whether the account may log in. Never deletes: the name stays
    on every record and in the access log."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _may_manage(actor, user)
        groups = _check_roles(role_names)
        if user.pk == actor.pk:
            if not active:
                raise ServiceError("is_active", "자기 계정은 사용을 멈출 수 없습니다.")
            if not actor.is_superuser and roles.MANAGER not in {g.name for g in groups}:
                raise ServiceError("roles", "자기 계정의 관리자 역할은 뺄 수 없습니다.")
        user.groups.set(groups)
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
    return user


def reset_second_factor(*, user, actor) -> int:
    """Remove the user's authenticator and backup codes (a lost phone); they
    enrol again at the next login. Returns how many devices were removed."""
    with transaction.atomic():
        _may_manage(actor, user)
        if user.pk == actor.pk:
            raise ServiceError(None, "자기 계정의 2단계 인증은 2단계 인증 화면에서 바꾸세요.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        static, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + static


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def make_backup_codes(*, user) -> list[str]:
    """Ten new one-time codes for a lost phone, replacing any earlier ones.
    Only the user sees them, once; each works once (django-otp's static
    device deletes a token when it is used)."""
    if not has_second_factor(user):
        raise ServiceError(None, "인증 앱을 먼저 등록해야 백업 코드를 만들 수 있습니다.")
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def remove_second_factor(*, user) -> None:
    """The user's own switch-off: the authenticator and the backup codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
