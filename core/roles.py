"""The two roles of the portal and the one place that answers "may this user…?".

Roles are Django auth groups so that user management stays in Django's own
screens; superusers count as managers.
"""

from django.contrib.auth.models import Group

STAFF = "직원"
MANAGER = "관리자"


def ensure_groups(**kwargs) -> None:
    for name in (STAFF, MANAGER):
        Group.objects.get_or_create(name=name)


def _group_names(user) -> set[str]:
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return cache


def is_manager(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or MANAGER in _group_names(user)


def is_staff_member(user) -> bool:
    """Staff pages are open to 직원 and to managers (who do everything staff do)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_manager(user) or STAFF in _group_names(user)
