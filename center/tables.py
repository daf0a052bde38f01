"""The center's staff list tables (core.tables: sortable columns, Korean headers)."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from core.tables import Column, DateColumn, PortalTable, WonColumn

from .models import Expenditure


class ExpenditureTable(PortalTable):
    """The year's ledger; the edit/delete column only for managers (the view hides it)."""

    caption = "집행 내역"

    date = DateColumn("집행일")
    budget_line = Column(
        "예산 항목",
        accessor="budget_line__name",
        linkify=("center:budget_line", [tables.A("budget_line_id")]),
    )
    payee = Column("지급처")
    memo = Column("적요", empty_values=())
    evidence = Column("증빙번호", attrs={"td": {"class": "text-nowrap"}})
    amount = WonColumn("금액(원)")
    actions = tables.TemplateColumn(
        "<a href=\"{% url 'center:expenditure_edit' fiscal_year.year record.pk %}\">수정</a>"
        " · <a href=\"{% url 'center:expenditure_delete' fiscal_year.year record.pk %}\">삭제</a>",
        verbose_name="관리",
        orderable=False,
        attrs={"td": {"class": "text-nowrap small"}},
    )

    class Meta(PortalTable.Meta):
        model = Expenditure
        fields = ()
        empty_text = "집행 내역이 없습니다."
        order_by = ("-date", "-pk")

    def render_memo(self, value, record):
        badges = []
        if record.is_overrun:
            badges.append(
                format_html(
                    ' <span class="badge text-bg-danger" title="{}">초과집행</span>'
                    ' <span class="small">사유: {}</span>',
                    record.overrun_reason,
                    record.overrun_reason,
                )
            )
        if record.is_refund:
            badges.append(format_html(' <span class="badge text-bg-secondary">반환</span>'))
        return format_html("{}{}", value, format_html_join("", "{}", ((b,) for b in badges)))
