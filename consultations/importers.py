"""The consultations importer: one row per basic consultation.

Columns (header row, Korean): 상담일시, 상담방법, 상담시간(분), 성명, 전화번호,
이메일, 협동조합명, 조합유형, 자치구, 상담분야 (comma-separated), 상담내용,
답변내용, 후속조치 (예/아니오), 상담자 (username or name). Every row is
checked first; `core.importing.run_import` rolls everything back if one is bad.
Registered in `ConsultationsConfig.ready()`.
"""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from core import rollups
from core.importing import ImportResult
from core.korean import josa
from core.privacy import mask_name, mask_phone

from .models import DISTRICTS, Category, Consultation, Cooperative
from .services import ClientData, CooperativeData, resolve_client, resolve_cooperative

CHANNELS = {
    "전화": "phone",
    "전화상담": "phone",
    "방문": "visit",
    "방문상담": "visit",
    "내방": "visit",
    "홈페이지": "web",
    "홈페이지상담": "web",
    "온라인": "web",
    "화상": "video",
    "화상상담": "video",
}
DEFAULT_MINUTES = {"phone": 10, "visit": 60, "web": 30, "video": 40}
KINDS = {
    "일반": "general",
    "일반협동조합": "general",
    "협동조합": "general",
    "사회적": "social",
    "사회적협동조합": "social",
    "연합회": "federation",
    "협동조합연합회": "federation",
    "예비": "pre",
    "예비협동조합": "pre",
}
YES = {"예", "y", "yes", "o", "필요", "true", "1"}
NO = {"", "아니오", "아니요", "n", "no", "x", "불필요", "false", "0"}
DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*[T ]?\s*"
    r"(?:(\d{1,2})\s*[:시]\s*(\d{1,2})\s*분?)?\s*$"
)
PHONE_RE = re.compile(r"^0\d{8,10}$|^1[568]\d{6}$")


def parse_datetime(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(9, 0))
    else:
        match = DATE_RE.match(str(value or ""))
        if not match:
            return None
        year, month, day, hour, minute = match.groups()
        try:
            moment = dt.datetime(int(year), int(month), int(day), int(hour or 9), int(minute or 0))
        except ValueError:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _users() -> dict[str, object]:
    found = {}
    for user in get_user_model().objects.filter(is_active=True):
        found[user.username] = user
        if user.get_full_name():
            found.setdefault(user.get_full_name(), user)
    return found


COLUMNS = (
    "상담일시",
    "상담방법",
    "상담시간(분)",
    "성명",
    "전화번호",
    "이메일",
    "협동조합명",
    "조합유형",
    "자치구",
    "상담분야",
    "상담내용",
    "답변내용",
    "후속조치",
    "상담자",
)


def import_consultations(rows, *, user=None, commit=True) -> ImportResult:
    result = ImportResult(
        columns=[
            "행",
            "상담일시",
            "상담방법",
            "신청인",
            "전화번호",
            "협동조합",
            "상담분야",
            "상담내용",
        ]
    )
    categories = {c.name: c for c in Category.objects.all()}
    users = _users()
    now = timezone.now()
    cleaned = []
    for row in rows:
        errors_before = len(result.errors)
        started = parse_datetime(row.get("상담일시"))
        if not row.get("상담일시"):
            result.error(row, "상담일시를 입력하세요")
        elif started is None:
            result.error(row, "상담일시 형식이 올바르지 않습니다 (예: 2021-03-02 10:30)")
        elif started > now:
            result.error(row, "상담일시는 미래일 수 없습니다")
        channel = CHANNELS.get(row.get("상담방법").replace(" ", ""))
        if channel is None:
            result.error(row, "상담방법은 전화, 방문, 홈페이지, 화상 중 하나여야 합니다")
        minutes_text = row.get("상담시간(분)")
        minutes = DEFAULT_MINUTES.get(channel, 10)
        if minutes_text:
            if not str(minutes_text).isdigit() or not 1 <= int(minutes_text) <= 600:
                result.error(row, "상담시간(분)은 1에서 600 사이의 숫자여야 합니다")
            else:
                minutes = int(minutes_text)
        phone_digits = re.sub(r"\D", "", str(row.get("전화번호")))
        if row.get("전화번호") and not PHONE_RE.match(phone_digits):
            result.error(row, "전화번호 형식이 올바르지 않습니다")
        email = row.get("이메일")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.error(row, "이메일 주소 형식이 올바르지 않습니다")
        kind_text = row.get("조합유형").replace(" ", "")
        kind = KINDS.get(kind_text, "") if kind_text else ""
        if kind_text and not kind:
            result.error(row, "조합유형은 일반, 사회적, 연합회, 예비 중 하나여야 합니다")
        district = row.get("자치구")
        if district and district not in DISTRICTS:
            result.error(row, f"{josa(f'자치구 ‘{district}’', '은/는')} 서울시 자치구가 아닙니다")
        chosen = []
        for name in re.split(r"[,;/\n]", row.get("상담분야")):
            name = name.strip()
            if not name:
                continue
            if name not in categories:
                result.error(row, f"{josa(f'상담분야 ‘{name}’', '을/를')} 찾을 수 없습니다")
            else:
                chosen.append(categories[name])
        summary = row.get("상담내용")
        if not summary:
            result.error(row, "상담내용을 입력하세요")
        follow = row.get("후속조치").lower()
        if follow not in YES | NO:
            result.error(row, "후속조치는 '예' 또는 '아니오'로 입력하세요")
        staff_name = row.get("상담자")
        handled_by = users.get(staff_name) if staff_name else user
        if staff_name and handled_by is None:
            result.error(row, f"{josa(f'상담자 ‘{staff_name}’', '을/를')} 찾을 수 없습니다")
        if len(result.errors) > errors_before:
            continue
        cleaned.append(
            (
                row,
                {
                    "channel": channel,
                    "started_at": started,
                    "duration_minutes": minutes,
                    "summary": summary,
                    "answer": row.get("답변내용"),
                    "follow_up_needed": follow in YES,
                    "handled_by": handled_by,
                },
                chosen,
                ClientData(name=row.get("성명"), phone=row.get("전화번호"), email=email),
                CooperativeData(name=row.get("협동조합명"), kind=kind, district=district),
            )
        )
        if len(result.preview) < 200:
            result.preview.append(
                [
                    row.number,
                    timezone.localtime(started),
                    dict(Consultation.Channel.choices)[channel],
                    mask_name(row.get("성명")),
                    mask_phone(row.get("전화번호")),
                    row.get("협동조합명"),
                    ", ".join(c.name for c in chosen),
                    summary[:60],
                ]
            )
    if result.errors or not commit:
        return result
    coops: dict[str, Cooperative | None] = {}
    clients: dict[tuple, object] = {}
    objects, links = [], []
    for _row, fields, chosen, client_data, coop_data in cleaned:
        key = " ".join(coop_data.name.split())
        if key not in coops:
            coops[key] = resolve_cooperative(data=coop_data)
        coop = coops[key]
        client_key = (client_data.phone, client_data.name, client_data.email)
        if client_key not in clients:
            clients[client_key] = resolve_client(data=client_data, cooperative=coop)
        person = clients[client_key]
        objects.append(Consultation(client=person, cooperative=coop, **fields))
        links.append(chosen)
    created = Consultation.objects.bulk_create(objects, batch_size=1000)
    rollups.records_written(Consultation, created)  # bulk_create sends no signals
    Through = Consultation.categories.through
    Through.objects.bulk_create(
        [
            Through(consultation_id=c.pk, category_id=cat.pk)
            for c, chosen in zip(created, links, strict=True)
            for cat in chosen
        ],
        batch_size=2000,
    )
    result.saved = len(created)
    return result
