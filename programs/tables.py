"""Programs' staff list tables (core.tables: sortable columns, masked personal data)."""

import django_tables2 as tables
from django.utils.formats import date_format

from core.tables import (
    Column,
    CountColumn,
    DateTimeColumn,
    MaskedEmailColumn,
    MaskedNameColumn,
    MaskedPhoneColumn,
    PortalTable,
    WonColumn,
)

from .models import Application, Grant


class ApplicationTable(PortalTable):
    """A call's applications; representative, phone and e-mail masked
    (`selectors.applications_for_call` annotates the counts)."""

    caption = "신청 목록 (개인정보 가림)"

    submitted_at = DateTimeColumn("접수 일시")
    organisation = Column("조합(팀)명", linkify=("programs:application", [tables.A("pk")]))
    project_name = Column("사업명")
    representative = MaskedNameColumn("대표자")
    phone = MaskedPhoneColumn("연락처")
    email = MaskedEmailColumn("이메일")
    requested_amount = WonColumn("신청 금액(원)")
    n_attachments = CountColumn("서류")
    n_reviews = CountColumn("심사")
    status = Column("상태")

    class Meta(PortalTable.Meta):
        model = Application
        fields = ()
        empty_text = "신청이 없습니다."


class GrantTable(PortalTable):
    """The year's grants with what was paid and spent (단위: 원)."""

    caption = "지원금 현황 (단위: 원)"

    program = Column("사업", accessor="application__call__program__name")
    organisation = Column(
        "조합(팀)명",
        accessor="application__organisation",
        linkify=("programs:grant", [tables.A("pk")]),
    )
    project_name = Column("사업명", accessor="application__project_name")
    budget_line = Column("예산 항목", accessor="budget_line__name")
    amount = WonColumn("지원 결정액")
    disbursed = WonColumn("지급액")
    spent = WonColumn("사용액")
    remaining = WonColumn("잔액", accessor="remaining", orderable=False)
    settled_on = Column(
        "정산",
        accessor="pk",
        order_by=("settlement__settled_on",),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta(PortalTable.Meta):
        model = Grant
        fields = ()
        empty_text = "지원금이 없습니다."

    def render_settled_on(self, record):
        if not record.is_settled:
            return "진행 중"
        return date_format(record.settlement.settled_on, "DATE_FORMAT")
