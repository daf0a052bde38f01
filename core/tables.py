"""Staff list tables on django-tables2: sortable columns with Korean headers,
personal data always masked, the portal's date formats.

A table is a declaration beside the app's views (`<app>/tables.py`)::

    class ConsultationTable(PortalTable):
        started_at = DateTimeColumn("상담일시", linkify=("consultations:detail", [A("pk")]))
        client = MaskedNameColumn("신청인", accessor="client__name")
        phone = MaskedPhoneColumn("전화번호", accessor="client__phone")
        handled_by = StaffColumn("상담자", order_by=("handled_by__first_name",))

        caption = "상담 기록 (이름·전화번호 가림)"

        class Meta(PortalTable.Meta):
            model = Consultation
            fields = ("started_at", "channel", "client", "phone", "handled_by")

`core.views.ObjectListView` with `table_class` orders it from `?sort=`
(unknown columns are ignored) and paginates it (`?page=`, `?page=last`).
Masked columns are never sortable: an order by the real name would tell
what the mask hides. Joins belong in the view's selector, not in columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django_tables2 import A

from .display import format_date, format_datetime, staff_name
from .privacy import mask_email, mask_name, mask_phone
from .roles import is_manager

TEMPLATE = "includes/table.html"


class _PortalTableMetaclass(tables.tables.DeclarativeColumnsMetaclass):
    """A table without its own `Meta` keeps its base's (django-tables2 would
    fall back to its own defaults: another template, no `?sort=`)."""

    def __new__(mcs, name, bases, attrs):
        if "Meta" not in attrs:
            base = next((b.Meta for b in bases if hasattr(b, "Meta")), None)
            if base is not None:
                attrs["Meta"] = type("Meta", (base,), {})
        return super().__new__(mcs, name, bases, attrs)


class PortalTable(tables.Table, metaclass=_PortalTableMetaclass):
    """The portal's table: its template (caption, `th scope`, Korean
    pagination), the empty text and the `table` classes. A table declares
    its columns, `caption` and, where it differs, `empty_text`; a `Meta`
    only for a default `order_by` (no `model`/`fields`: every column is
    declared, so none is added from the model)."""

    empty_text = ""  # "조건에 맞는 기록이 없습니다." unless set

    def __init__(self, *args, **kwargs):
        if self.empty_text:
            kwargs.setdefault("empty_text", self.empty_text)
        super().__init__(*args, **kwargs)

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "조건에 맞는 기록이 없습니다."
        # Ordering is `?sort=`: `?order_by` and `?page` mean nothing else.
        order_by_field = "sort"

    @property
    def sorted_by(self) -> str:
        """The column the rows are sorted by: the first key of the order
        (`?sort=` or the data's own order). A default order of several keys
        (사업, then 조합) marks only its first column, as WAI-ARIA wants
        aria-sort on one header at a time; the others sort from ascending."""
        order = self.order_by
        return order[0].bare if order else ""

    caption = ""  # the table's <caption> (visually hidden unless caption_visible)
    caption_visible = False


def _header(args, kwargs):
    if args:
        kwargs.setdefault("verbose_name", args[0])
    return kwargs


class DateTimeColumn(tables.DateTimeColumn):
    """`2021. 3. 2. 10:30` (the SHORT_DATETIME_FORMAT), in local time; the
    column's default for nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        # django-tables2's template columns render every value; None would
        # reach render() (and Django formats None as today's date).
        kwargs.setdefault("empty_values", (None, ""))
        super().__init__(**_header(args, kwargs))

    def render(self, value):
        return format_datetime(value)


class DateColumn(tables.DateColumn):
    """`2021. 3. 2.` (a datetime's local day); the column's default for nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        kwargs.setdefault("empty_values", (None, ""))
        super().__init__(**_header(args, kwargs))

    def render(self, value):
        return format_date(value)


class Column(tables.Column):
    """A column whose first argument is its Korean header."""

    def __init__(self, *args, **kwargs):
        super().__init__(**_header(args, kwargs))


class _MaskedColumn(Column):
    mask = staticmethod(str)

    def __init__(self, *args, **kwargs):
        kwargs["orderable"] = False
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return self.mask(value)


class MaskedNameColumn(_MaskedColumn):
    """김*용: a person's name as every list shows it."""

    mask = staticmethod(mask_name)


class MaskedPhoneColumn(_MaskedColumn):
    """010-1234-****."""

    mask = staticmethod(mask_phone)


class MaskedEmailColumn(_MaskedColumn):
    """ho**@example.com."""

    mask = staticmethod(mask_email)


class StaffColumn(Column):
    """A staff member by the name the portal shows (full name, else username)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return staff_name(value)


class WonColumn(Column):
    """An amount in won with thousands separators, right-aligned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs", {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}
        )
        super().__init__(*args, **kwargs)

    def render(self, value):
        return number_format(int(value), force_grouping=True)


class CountColumn(WonColumn):
    """A count, right-aligned, with its unit if given (`unit="명"`: 1,200명;
    0 shows as 0, `default="-"` for a count that was not taken)."""

    def __init__(self, *args, unit: str = "", **kwargs):
        kwargs.setdefault("default", 0)
        self.unit = unit
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{super().render(value)}{self.unit}"


class DateRangeColumn(Column):
    """`2021. 3. 1. ~ 2021. 11. 30.` from two date fields, ordered by the first;
    an open end shows as `2021. 3. 1. ~`, no start as the default '-'."""

    def __init__(self, *args, start: str, end: str, **kwargs):
        kwargs.setdefault("accessor", start)
        kwargs.setdefault("order_by", (start, end))
        kwargs.setdefault("default", "-")
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        self.end = end
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        end = tables.A(self.end).resolve(record, quiet=True)
        start = format_date(value)
        return f"{start} ~ {format_date(end)}" if end else f"{start} ~"


# The links column's header is for screen readers only (the links say 수정 …).
MANAGE = format_html('<span class="visually-hidden">{}</span>', "관리")


@dataclass(frozen=True)
class Link:
    """One link of a row's links column: `label` to `url_name` reversed with
    the record's `args` (accessors, "pk" by default; "fiscal_year__year" for a
    year in the URL); `manager=True` shows it to managers only (삭제);
    `unless` (an accessor) hides it on the rows where that is true."""

    label: str
    url_name: str
    args: tuple[str, ...] = ("pk",)
    manager: bool = False
    unless: str = ""


class LinksColumn(tables.Column):
    """A row's links (수정 · 삭제 · 출석 …), non-orderable, joined by ' · '."""

    def __init__(self, *links: Link, **kwargs):
        kwargs.update(orderable=False, empty_values=(), accessor="pk")
        kwargs.setdefault("verbose_name", MANAGE)
        kwargs.setdefault("attrs", {"td": {"class": "small text-nowrap"}})
        super().__init__(**kwargs)
        self.links = links

    def render(self, record, table):
        manager = is_manager(getattr(table.request, "user", None))
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse(link.url_name, args=[A(a).resolve(record) for a in link.args]), link.label)
                for link in self.links
                if (manager or not link.manager)
                and not (link.unless and A(link.unless).resolve(record, quiet=True))
            ),
        )


def edit_column(url_name: str, *more: Link) -> LinksColumn:
    """A `수정` link to the record's edit page, then any `more` links."""
    return LinksColumn(Link("수정", url_name), *more)


def manage_column(edit: str, delete: str) -> LinksColumn:
    """수정 for staff, 삭제 as well for managers (who alone may delete)."""
    return LinksColumn(Link("수정", edit), Link("삭제", delete, manager=True))
