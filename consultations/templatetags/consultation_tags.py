"""Display helpers of the consultations templates."""

from django import template

register = template.Library()


@register.filter
def staff_name(user, empty="-"):
    """A staff member's full name, their username without one, `empty` for none."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()
