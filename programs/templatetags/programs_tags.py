from django import template

from programs.roles import is_reviewer as _is_reviewer

register = template.Library()


@register.filter
def is_reviewer(user) -> bool:
    return bool(user) and _is_reviewer(user)
