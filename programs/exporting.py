"""A call's applications and the year's grants as XLSX/CSV (core.exporting),
as the consultation list is: what the list shows, personal data masked as on
the page, amounts as numbers and times as real times."""

from django.utils.formats import date_format

from core.exporting import DATETIME, NUMBER, Col, FilterError, ListExporter
from core.privacy import mask_email, mask_name, mask_phone
from core.querystring import parse_int

from . import selectors
from .models import Call


class ApplicationExport(ListExporter):
    """Every application of one call (`pk` in the query, as in the list's
    URL), representative, phone and e-mail masked; the request is logged."""

    name = "applications"
    label = "지원사업 신청 목록"
    sheet = "신청 목록"
    role = "staff"
    personal = True
    columns = [
        Col("번호", "pk", width=8, kind=NUMBER),
        Col("접수 일시", "submitted_at", width=18, kind=DATETIME),
        Col("조합(팀)명", "organisation", width=24),
        Col("조직 형태", lambda a: a.get_kind_display(), width=14),
        Col("사업명", "project_name", width=30),
        Col("대표자", lambda a: mask_name(a.representative), width=10),
        Col("연락처", lambda a: mask_phone(a.phone), width=16),
        Col("이메일", lambda a: mask_email(a.email), width=22),
        Col("신청 금액(원)", "requested_amount", width=14, kind=NUMBER),
        Col("서류", "n_attachments", width=6, kind=NUMBER),
        Col("심사", "n_reviews", width=6, kind=NUMBER),
        Col("상태", lambda a: a.get_status_display(), width=10),
    ]

    def base_queryset(self, params):
        pk = parse_int(params.get("pk"), None, min_value=1)
        call = Call.objects.filter(pk=pk).first() if pk else None
        if call is None:
            raise FilterError("내려받을 공모가 없습니다.")
        return selectors.applications_for_call(call)


def _settled(grant) -> str:
    return date_format(grant.settlement.settled_on) if grant.is_settled else "진행 중"


class GrantExport(ListExporter):
    """The year's grants (`year` in the query) with what was paid and spent, in won."""

    name = "grants"
    label = "지원금 현황"
    sheet = "지원금"
    role = "staff"
    columns = [
        Col("사업", "application.call.program.name", width=18),
        Col("공모", "application.call.title", width=30),
        Col("조합(팀)명", "application.organisation", width=24),
        Col("사업명", "application.project_name", width=30),
        Col("예산 항목", "budget_line.name", width=24),
        Col("지원 결정액(원)", "amount", width=14, kind=NUMBER),
        Col("지급액(원)", "disbursed", width=14, kind=NUMBER),
        Col("사용액(원)", "spent", width=14, kind=NUMBER),
        Col("잔액(원)", "remaining", width=14, kind=NUMBER),
        Col("정산", _settled, width=14),
    ]

    def base_queryset(self, params):
        return selectors.grants(self.fiscal_year(params))
