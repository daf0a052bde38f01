"""`{% history_url obj %}`: the address of a record's change history page
(core.security_views.record_history), or "" for untracked models.

Pages link it with `{% include "includes/history_link.html" with obj=record %}`."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    pk = getattr(obj, "pk", None)
    # The page's URL takes integer keys; other keys get no link rather than an error.
    if not isinstance(pk, int) or not hasattr(type(obj), "history"):
        return ""
    return reverse("core:record_history", args=[obj._meta.label_lower, obj.pk])
