"""Display helpers: thousand won, rates and official dates, each defined once."""

from django import template
from django.utils.formats import number_format

from core.rates import format_rate

register = template.Library()


@register.filter
def thousand_won(value):
    """Won → '1,110,500' in thousand won (half-up), '-' for nothing."""
    if value is None or value == "":
        return "-"
    thousands = (
        (int(value) * 2 + 1000) // 2000 if value >= 0 else -((-int(value) * 2 + 1000) // 2000)
    )
    return number_format(thousands, force_grouping=True)


@register.filter
def won(value):
    if value is None or value == "":
        return "-"
    return number_format(int(value), force_grouping=True)


@register.filter
def rate(value):
    return format_rate(value)


@register.filter
def amount(value):
    """A count or figure with thousands separators, '-' for nothing."""
    if value is None or value == "":
        return "-"
    return number_format(value, force_grouping=True)


@register.filter
def percent_width(value):
    """A rate clamped to 0–100 for a progress bar's width."""
    if value is None:
        return 0
    return max(0, min(100, int(value)))
