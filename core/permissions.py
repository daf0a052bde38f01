"""View mixins and decorators for the two roles.

Anonymous visitors are sent to the login page; a logged-in user without the
role gets 403 (Django's AccessMixin does both when raise_exception is left
False and the user is authenticated).
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import is_manager, is_staff_member


class _RoleRequiredMixin(AccessMixin):
    role_check = staticmethod(is_staff_member)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.role_check(request.user):
            raise PermissionDenied("이 화면을 볼 권한이 없습니다.")
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(_RoleRequiredMixin):
    required_role = "staff"
    role_check = staticmethod(is_staff_member)


class ManagerRequiredMixin(_RoleRequiredMixin):
    required_role = "manager"
    role_check = staticmethod(is_manager)


def public(view):
    """Mark a view as open to anonymous visitors.

    The URL-walking permission test treats every view without this mark (or
    a role requirement) as a failure, so nothing is public by accident.
    """
    view.is_public = True
    return view


def _role_required(check, role):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("이 화면을 볼 권한이 없습니다.")
            return view(request, *args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


staff_required = _role_required(is_staff_member, "staff")
manager_required = _role_required(is_manager, "manager")
