"""Form widgets every app may use.

`SearchSelect` replaces a long `<select>` (900 cooperatives, every advisor)
with a search-as-you-type field: the visible input asks an htmx endpoint for
matching options as the user types, choosing one puts its key into a hidden
input that the form reads as the field's value. It works with any
`ModelChoiceField`::

    cooperative = forms.ModelChoiceField(
        queryset=Cooperative.objects.all(),
        widget=SearchSelect(url_name="consultations:cooperative_options"),
    )

and the endpoint is one line on `search_options`::

    @staff_required
    def cooperative_options(request):
        return search_options(request, Cooperative.objects.order_by("name"), "name__icontains")

Keyboard: type, ↓ into the options, ↑/↓ between them, Enter or a click
chooses, Esc closes (static/js/search-select.js, delegated, so it works on
any page and after htmx swaps). The page must render `{{ form.media }}`
(the shared form page does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse

MIN_TERM = 1
LIMIT = 20


class SearchSelect(forms.Widget):
    template_name = "core/widgets/search_select.html"
    choices = ()

    class Media:
        js = ("js/search-select.js",)

    def __init__(self, *, url_name: str, placeholder: str = "입력하면 찾아 줍니다", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.placeholder = placeholder

    def label_for(self, value) -> str:
        """The chosen object's label (one query), as the field would show it."""
        if value in (None, ""):
            return ""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return str(value)
        try:
            obj = queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return ""
        if obj is None:
            return ""
        field = getattr(self.choices, "field", None)
        return field.label_from_instance(obj) if field is not None else str(obj)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["url"] = reverse(self.url_name)
        widget["label"] = self.label_for(value)
        widget["placeholder"] = self.placeholder
        widget["value"] = "" if value in (None, "") else str(value)
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


def search_term(request) -> str:
    """The text typed into a SearchSelect (its input is named `<field>__search`)."""
    for key, value in request.GET.items():
        if key == "q" or key.endswith("__search"):
            return value.strip()
    return ""


def search_options(
    request,
    queryset: QuerySet,
    lookup: str,
    *,
    label: Callable[[object], str] = str,
    limit: int = LIMIT,
):
    """The htmx answer of a SearchSelect: the first `limit` rows whose
    `lookup` (e.g. "name__icontains") matches the typed text."""
    term = search_term(request)
    options = []
    if len(term) >= MIN_TERM:
        options = [(obj.pk, label(obj)) for obj in queryset.filter(**{lookup: term})[:limit]]
    return render(
        request,
        "core/widgets/search_options.html",
        {"options": options, "term": term, "limit": limit},
    )


class DateInput(forms.DateInput):
    """The browser's date picker; the value as ISO (what <input type=date> reads)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker, 24-hour; the value as
    <input type=datetime-local> reads it."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


# --- choices in a sensible order ------------------------------------------------------
#
# A long flat <select> in database order is hard to read: budget lines mix
# levels, advisors of five fields run together. These build a ChoiceField's
# (or ModelChoiceField's) `choices` from rows already fetched; the field's
# queryset still decides what is valid.

TREE_INDENT = "\u3000"  # an ideographic space per level: visible in every browser's <select>


def tree_rows(nodes: Iterable, *, parent_of: Callable = lambda node: node.parent_id) -> list:
    """(node, ancestors) for every node, depth first; siblings keep the order
    they come in. A node whose parent is not among `nodes` is a root."""
    nodes = list(nodes)
    present = {node.pk for node in nodes}
    children: dict = {}
    for node in nodes:
        children.setdefault(parent_of(node) if parent_of(node) in present else None, []).append(
            node
        )
    rows: list = []

    def walk(node, ancestors: tuple):
        rows.append((node, ancestors))
        for child in children.get(node.pk, []):
            walk(child, (*ancestors, node))

    for root in children.get(None, []):
        walk(root, ())
    return rows


def tree_choices(
    nodes: Iterable,
    *,
    label: Callable[[object], str] = str,
    parent_of: Callable = lambda node: node.parent_id,
    empty_label: str | None = None,
) -> list[tuple]:
    """Every node as an option, in tree order, indented by its depth."""
    choices = [("", empty_label)] if empty_label is not None else []
    for node, ancestors in tree_rows(nodes, parent_of=parent_of):
        choices.append((node.pk, TREE_INDENT * len(ancestors) + label(node)))
    return choices


def grouped_choices(
    items: Iterable,
    *,
    group: Callable[[object], str],
    label: Callable[[object], str] = str,
    value: Callable[[object], object] = lambda item: item.pk,
    empty_label: str | None = None,
) -> list[tuple]:
    """Options in <optgroup>s named by `group(item)`, groups in the order
    their first item comes; items without a group stay plain options."""
    choices = [("", empty_label)] if empty_label is not None else []
    groups: dict[str, list] = {}
    for item in items:
        name = group(item)
        if not name:
            choices.append((value(item), label(item)))
        elif name not in groups:
            groups[name] = [(value(item), label(item))]
            choices.append((name, groups[name]))
        else:
            groups[name].append((value(item), label(item)))
    return choices
