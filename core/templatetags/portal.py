"""The display rules of `core.display`, `core.rates` and `core.privacy` as
template filters: thousand won, rates, mean scores, masking, staff names.
Dates need no filter of their own: `{{ d|date }}` and
`{{ dt|date:"SHORT_DATETIME_FORMAT" }}` use the formats module."""

from django import forms, template
from django.utils.formats import number_format

from core import display, privacy
from core.rates import format_rate

register = template.Library()


@register.filter
def thousand_won(value):
    """Won → '1,110,500' in thousand won (half-up), '-' for nothing."""
    thousands = display.thousand_won(value)
    if thousands is None:
        return "-"
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
    return display.format_count(value)


@register.filter
def percent_width(value):
    """A rate clamped to 0–100 for a progress bar's width."""
    if value is None:
        return 0
    return max(0, min(100, int(value)))


@register.filter
def mean_score(value):
    """A mean score already rounded by `core.display.mean_score`: '4.7', '-' for nothing."""
    if value is None or value == "":
        return "-"
    return f"{display.half_up(value, display.MEAN_SCORE_PLACES)}"


@register.filter
def styled(field):
    """A bound field's widget with Bootstrap's class (form-select for a select,
    form-check-input for a checkbox, form-control otherwise), unless the widget
    has its own: a list page's filter form draws every filter the same way."""
    widget = field.field.widget
    if widget.attrs.get("class"):
        return field.as_widget()
    if isinstance(widget, forms.Select):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    else:
        css = "form-control"
    return field.as_widget(attrs={"class": css})


@register.filter
def staff_name(user, empty="-"):
    """A staff member's full name, their username without one, `empty` for none."""
    return display.staff_name(user) if user else empty


register.filter("mask_name", privacy.mask_name)
register.filter("mask_phone", privacy.mask_phone)
register.filter("mask_email", privacy.mask_email)
register.filter("mask_emails_in", privacy.mask_emails_in)
