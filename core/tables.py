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

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html

from .display import format_date, format_datetime, staff_name
from .privacy import mask_email, mask_name, mask_phone

TEMPLATE = "includes/table.html"


class PortalTable(tables.Table):
    """The portal's table: its template (caption, `th scope`, Korean
    pagination), the empty text and the `table` classes."""

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "조건에 맞는 기록이 없습니다."
        # Ordering is `?sort=`: `?order_by` and `?page` mean nothing else.
        order_by_field = "sort"

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
    """A count, right-aligned (0 shows as 0)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)


# The edit column's header is for screen readers only (the links say 수정).
MANAGE = format_html('<span class="visually-hidden">{}</span>', "관리")


def edit_column(url_name: str) -> tables.TemplateColumn:
    """A non-orderable `수정` link to the record's edit page."""
    return tables.TemplateColumn(
        f"<a href=\"{{% url '{url_name}' record.pk %}}\">수정</a>",
        verbose_name=MANAGE,
        orderable=False,
        attrs={"td": {"class": "small text-nowrap"}},
    )
