from .roles import is_manager, is_staff_member


def portal(request):
    user = getattr(request, "user", None)
    return {
        "user_is_staff_member": bool(user) and is_staff_member(user),
        "user_is_manager": bool(user) and is_manager(user),
    }
