"""`{% idempotency_field %}`, and `{% csrf_token %}` rendering it too.

The library is a template builtin (settings.TEMPLATES), so it replaces
Django's `csrf_token` tag everywhere: every POST form, including crispy's
and ones written later, carries a fresh key for `IdempotencyMiddleware`.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from core.idempotency import FIELD_NAME, new_key

register = template.Library()


def _field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())


@register.simple_tag
def idempotency_field():
    """A hidden field with a new key (one per render)."""
    return _field()


class CsrfAndIdempotencyNode(CsrfTokenNode):
    def render(self, context):
        csrf = super().render(context)
        return csrf + _field() if csrf else csrf


@register.tag
def csrf_token(parser, token):
    return CsrfAndIdempotencyNode()
