"""XLSX files: the filtered consultation list (masked) and the import template."""

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.display import staff_name
from core.xlsx import new_workbook, to_bytes

from .models import Consultation

HEADERS = [
    "번호",
    "상담일시",
    "상담방법",
    "상담시간(분)",
    "신청인",
    "전화번호",
    "협동조합",
    "자치구",
    "상담분야",
    "상담내용",
    "답변내용",
    "후속조치",
    "상담자",
]
WIDTHS = [8, 18, 10, 12, 10, 16, 24, 10, 24, 50, 50, 10, 10]


def consultations_xlsx(queryset) -> tuple[bytes, int]:
    """The rows of `queryset` with names and phones masked; numbers stay numbers
    and dates are real dates, so the sheet can be summed and sorted."""
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet("기초상담")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    channels = dict(Consultation.Channel.choices)
    count = 0
    for c in queryset.order_by("-started_at", "-pk").iterator(chunk_size=2000):
        started = timezone.localtime(c.started_at).replace(tzinfo=None)
        when = WriteOnlyCell(sheet, value=started)
        when.number_format = "yyyy-mm-dd hh:mm"
        client = c.client
        staff = c.handled_by
        sheet.append(
            [
                c.pk,
                when,
                channels.get(c.channel, c.channel),
                c.duration_minutes,
                client.masked_name if client else "",
                client.masked_phone if client and client.phone else "",
                c.cooperative.name if c.cooperative else "",
                c.cooperative.district if c.cooperative else "",
                ", ".join(cat.name for cat in c.categories.all()),
                c.summary,
                c.answer,
                "필요" if c.follow_up_needed else "",
                staff_name(staff),
            ]
        )
        count += 1
    return to_bytes(workbook), count


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
