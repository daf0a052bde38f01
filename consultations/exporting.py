"""The filtered consultation list as XLSX/CSV (masked; core.exporting) and
the import template."""

from openpyxl.styles import Font

from core.display import staff_name
from core.exporting import DATETIME, NUMBER, Col, ListExporter
from core.xlsx import new_workbook, to_bytes

from . import selectors
from .forms import ConsultationFilter
from .models import Consultation

CHANNELS = dict(Consultation.Channel.choices)


class ConsultationExport(ListExporter):
    """The filtered consultation list, names and phones masked; numbers stay
    numbers and dates are real dates, so the sheet can be summed and sorted."""

    name = "consultations"
    label = "기초상담 목록"
    sheet = "기초상담"
    role = "manager"
    personal = True
    selector = staticmethod(selectors.consultations)
    filterset_class = ConsultationFilter
    order_by = ("-started_at", "-pk")
    columns = [
        Col("번호", "pk", width=8, kind=NUMBER),
        Col("상담일시", "started_at", width=18, kind=DATETIME),
        Col("상담방법", lambda c: CHANNELS.get(c.channel, c.channel), width=10),
        Col("상담시간(분)", "duration_minutes", width=12, kind=NUMBER),
        Col("신청인", lambda c: c.client.masked_name if c.client else "", width=10),
        Col("전화번호", lambda c: c.client.masked_phone if c.client else "", width=16),
        Col("협동조합", "cooperative.name", width=24),
        Col("자치구", "cooperative.district", width=10),
        Col("상담분야", lambda c: ", ".join(cat.name for cat in c.categories.all()), width=24),
        Col("상담내용", "summary", width=50),
        Col("답변내용", "answer", width=50),
        Col("후속조치", lambda c: "필요" if c.follow_up_needed else "", width=10),
        Col("상담자", lambda c: staff_name(c.handled_by), width=10),
    ]


def import_template_xlsx(columns) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "기초상담"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "2021-03-02 10:30",
            "전화",
            10,
            "홍길동",
            "010-1234-5678",
            "",
            "행복나눔협동조합",
            "사회적",
            "마포구",
            "설립, 운영",
            "사회적협동조합 설립 절차 문의",
            "설립 절차와 인가 서류 안내",
            "아니오",
            "",
        ]
    )
    return to_bytes(workbook)
