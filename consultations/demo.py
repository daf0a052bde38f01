"""2021 demo records of consultations, reproducing the 2021 주요업무보고:

- 기초상담 7,316건: 전화 7,044 · 방문 75 · 홈페이지 165 · 화상 32, on the
  business days from January to the report date (2021. 11. 4.), about 34
  calls a working day, visits at 10:30 and 14:00, video at 11:00 and 16:00;
- 전문상담 27건 held (법무 4, 법률 5, 회계세무 5, 인사노무 4, 경영 및 조직운영 9),
  several on the 맞춤형상담데이 (6월 18일), each monitored afterwards; two
  cancelled ones that do not count;
- 기초상담자문단 7명 (법무·법률·회계세무·인사노무) and 전문상담자문단 10명;
- 자문 답변 101건 (법무 50, 법률 27, 회계세무 17, 인사노무 7).

People and cooperatives are fictional. Records are bulk-created (fast) from a
fixed seed, so every run gives the same data; a second run changes nothing.
Afterwards the 2021 indicators 기초상담 (전화/방문/홈페이지/화상상담) and
전문상담 are switched to the computed sources.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from center.services import use_indicator_sources
from core import roles
from core.calendar import business_days

from . import models

YEAR = 2021
FIRST_DAY = dt.date(2021, 1, 4)
LAST_DAY = dt.date(2021, 11, 3)  # the report is dated 2021. 11. 4.
CHANNEL_COUNTS = {"phone": 7_044, "visit": 75, "web": 165, "video": 32}
EXPERT_COUNTS = {
    models.Field.LEGAL_AFFAIRS: 4,
    models.Field.LAW: 5,
    models.Field.ACCOUNTING: 5,
    models.Field.LABOR: 4,
    models.Field.MANAGEMENT: 9,
}
ANSWER_COUNTS = {
    models.Field.LEGAL_AFFAIRS: 50,
    models.Field.LAW: 27,
    models.Field.ACCOUNTING: 17,
    models.Field.LABOR: 7,
}
INDICATORS = [
    ("기초상담", "전화상담", "consultations.phone"),
    ("기초상담", "방문상담", "consultations.visit"),
    ("기초상담", "홈페이지상담", "consultations.web"),
    ("기초상담", "화상상담", "consultations.video"),
    ("전문상담", "전문상담", "consultations.expert"),
]
STAFF = [
    ("counsel-kim", "김상담"),
    ("counsel-lee", "이협동"),
    ("counsel-park", "박지원"),
    ("counsel-choi", "최나눔"),
]

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민유나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
GIVEN = (
    "민준 서연 지훈 수빈 현우 지영 도윤 하은 성민 은정 영호 미경 정훈 수진 상철 혜진 동현 "
    "지원 재영 경희 태호 유진 승민 소영 준호 다은 병철 명숙 우진 나래 형준 은비 광수 선희 "
    "건우 예린 종민 순자 기현 가영"
).split()
PLACES = (
    "마을 햇살 나눔 늘푸른 함께 우리 두레 새싹 한울 모두 달팽이 징검다리 이음 해맑은 "
    "푸른숲 꿈틀 온마을 다솜 누리 한빛 어울림 소담 품앗이 들꽃 바람 새봄 도란도란 희망 "
    "상생 더불어 길동무 참살이 하늘 보금자리 살림 너나들이 온새미로 마중물 맑은샘"
).split()
TRADES = (
    "돌봄 공동육아 주택 교육 문화예술 먹거리 청년 로컬푸드 카페 공정여행 출판 "
    "도시농업 에너지 건강 마을방송 택시 청소 수선 디자인 인쇄 공방 급식 소상공인 "
    "IT 번역 플랫폼 의료복지 장애인일터 재활용 목공"
).split()

TOPICS = {
    "협동조합 개념": [
        (
            "협동조합과 주식회사의 차이가 궁금합니다.",
            "1인 1표 의결권, 출자 배당 제한 등 차이를 설명함.",
        ),
        (
            "협동조합 기본법상 조합원 자격 문의",
            "조합원 자격은 정관으로 정하며 가입·탈퇴 자유 원칙을 안내함.",
        ),
        (
            "사회적협동조합과 일반협동조합의 차이",
            "비영리법인 여부, 인가 절차, 배당 금지 등을 비교 안내함.",
        ),
    ],
    "설립": [
        (
            "일반협동조합 설립신고 절차와 필요 서류",
            "발기인 모집부터 창립총회, 신고, 등기까지 단계와 서류를 안내함.",
        ),
        (
            "사회적협동조합 설립인가 신청 방법",
            "주무부처 인가 신청, 주사업 40% 요건, 구비서류를 안내함.",
        ),
        ("창립총회 의사록 작성 방법", "의사록 필수 기재사항과 서명날인 방법, 표준 서식을 안내함."),
        (
            "최소 설립 인원과 출자금 문의",
            "조합원 5인 이상, 출자금 하한 없음, 출자 1좌 금액은 정관으로 정함을 안내함.",
        ),
        ("정관 작성 시 유의사항", "표준정관 예시와 필수 기재사항을 안내하고 서류검토를 권함."),
    ],
    "운영": [
        (
            "정기총회 소집 절차 문의",
            "총회 7일 전 통지, 의결 정족수, 서면총회 한시 허용 내용을 안내함.",
        ),
        ("임원 변경 등기 방법", "변경 후 2주 이내 등기, 필요 서류와 등록면허세를 안내함."),
        ("잉여금 배분과 적립금 문의", "법정적립금 10% 이상 적립 후 배당 가능 범위를 안내함."),
        ("조합원 탈퇴 시 출자금 환급", "정관에 따른 환급 시기와 손실 분담 규정을 안내함."),
        ("결산 보고와 경영공시 방법", "협동조합 홈페이지 경영공시 대상과 기한을 안내함."),
    ],
    "갈등": [
        (
            "이사회와 조합원 간 갈등 해결 방법",
            "정관과 규약에 따른 절차, 총회 안건 상정 방법을 안내함.",
        ),
        ("조합원 제명 절차 문의", "제명 사유, 10일 전 통지와 소명 기회 부여 절차를 안내함."),
    ],
    "인증제도": [
        ("사회적기업 인증 요건 문의", "예비사회적기업 지정과 인증 요건, 신청 시기를 안내함."),
        ("마을기업 지정 절차", "자치구 신청과 서울시 심사 절차를 안내함."),
    ],
    "외부자원 안내": [
        ("협동조합 지원사업과 공모 일정 문의", "센터 및 서울시 지원사업 공모 일정을 안내함."),
        ("사업자금 융자 지원 문의", "사회투자기금과 신용보증 연계 제도를 안내함."),
    ],
    "설립·변경 서류검토": [
        ("정관 변경안 검토 요청", "변경 조항의 적법성과 총회 의결 요건을 검토해 의견을 드림."),
        ("설립신고 서류 일체 검토 요청", "누락 서류와 수정할 곳을 표시해 회신함."),
        ("창립총회 의사록과 출자금 납입증명 검토", "기재 오류를 바로잡고 등기 신청 서류를 안내함."),
    ],
    "조직변경": [
        (
            "주식회사에서 협동조합으로 조직변경 가능 여부",
            "조직변경 요건과 총회 특별결의, 채권자 보호절차를 안내함.",
        ),
        ("일반협동조합의 사회적협동조합 전환 절차", "인가 신청과 등기 절차를 안내함."),
    ],
    "해산·청산": [
        ("협동조합 해산 결의와 청산 절차", "해산 등기, 청산인 선임, 잔여재산 처리 절차를 안내함."),
        ("휴면 협동조합 정리 방법", "해산·청산 절차와 필요 서류를 안내함."),
    ],
    "기타": [
        ("센터 교육 일정 문의", "교육 일정과 신청 방법을 안내함."),
        ("협동조합 통계 자료 문의", "협동조합 누리집 통계 자료를 안내함."),
    ],
}
WEIGHTS = {
    "phone": {
        "협동조합 개념": 12,
        "설립": 34,
        "운영": 30,
        "갈등": 4,
        "인증제도": 5,
        "외부자원 안내": 7,
        "설립·변경 서류검토": 2,
        "조직변경": 3,
        "해산·청산": 2,
        "기타": 1,
    },
    "visit": {"설립": 25, "운영": 20, "설립·변경 서류검토": 45, "조직변경": 5, "해산·청산": 5},
    "web": {"설립": 20, "운영": 25, "설립·변경 서류검토": 45, "조직변경": 5, "해산·청산": 5},
    "video": {"설립": 30, "운영": 20, "설립·변경 서류검토": 45, "조직변경": 5},
}

ADVISORS = [
    # name, field, board, affiliation
    ("정하윤", models.Field.LEGAL_AFFAIRS, "basic", "하윤법무사사무소"),
    ("배성호", models.Field.LEGAL_AFFAIRS, "basic", "성호합동법무사사무소"),
    ("유재민", models.Field.LAW, "basic", "법무법인 더함"),
    ("한서진", models.Field.LAW, "basic", "서진법률사무소"),
    ("남궁현", models.Field.ACCOUNTING, "basic", "현세무회계사무소"),
    ("오민정", models.Field.ACCOUNTING, "basic", "민정회계법인"),
    ("임태수", models.Field.LABOR, "basic", "태수노무법인"),
    ("강지혜", models.Field.LEGAL_AFFAIRS, "expert", "지혜법무사사무소"),
    ("문상훈", models.Field.LEGAL_AFFAIRS, "expert", "상훈법무사사무소"),
    ("서윤아", models.Field.LAW, "expert", "법무법인 공감터"),
    ("황도현", models.Field.LAW, "expert", "도현법률사무소"),
    ("신예은", models.Field.ACCOUNTING, "expert", "예은세무사사무소"),
    ("조명기", models.Field.ACCOUNTING, "expert", "명기회계법인"),
    ("권나영", models.Field.LABOR, "expert", "나영노무사사무소"),
    ("홍준표", models.Field.LABOR, "expert", "준표노무법인"),
    ("이경란", models.Field.MANAGEMENT, "expert", "사회적경제연구소 나눔"),
    ("장우석", models.Field.MANAGEMENT, "expert", "협동경영컨설팅"),
]
EXPERT_TOPICS = {
    models.Field.LEGAL_AFFAIRS: [
        "정관 전면 개정과 변경등기",
        "합병 등기 절차",
        "임원 변경과 본점 이전 등기",
    ],
    models.Field.LAW: [
        "조합원 제명 분쟁 대응",
        "용역계약 분쟁",
        "임대차 계약 해지 문제",
        "출자금 반환 소송",
    ],
    models.Field.ACCOUNTING: [
        "사회적협동조합 세제 감면",
        "결산과 법인세 신고",
        "부가가치세 면세 여부",
    ],
    models.Field.LABOR: ["직원 조합원 근로계약", "취업규칙 제정", "4대보험 적용 문제"],
    models.Field.MANAGEMENT: [
        "사업계획 재수립과 조직 진단",
        "조직변경(주식회사→협동조합) 경영 진단",
        "사회적기업 인증 준비",
        "해산·청산 여부 판단",
        "조합원 참여 활성화 전략",
    ],
}


def _aware(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def _spread(days: list[dt.date], count: int, rng: random.Random) -> list[dt.date]:
    """`count` dates over `days`, evenly with some noise, in order."""
    return sorted(
        days[min(len(days) - 1, int((i + rng.random()) * len(days) / count))] for i in range(count)
    )


def _staff_users():
    User = get_user_model()
    roles.ensure_groups()
    group = Group.objects.get(name=roles.STAFF)
    users = []
    for username, full_name in STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        users.append(user)
    demo_staff = User.objects.filter(username="staff").first()
    if demo_staff:
        users.append(demo_staff)
    return users


def _cooperatives(rng: random.Random) -> list[models.Cooperative]:
    kinds = ["general"] * 60 + ["social"] * 25 + ["pre"] * 12 + ["federation"] * 3
    names = set()
    objects = []
    while len(objects) < 900:
        kind = rng.choice(kinds)
        place, trade = rng.choice(PLACES), rng.choice(TRADES)
        suffix = {
            "general": "협동조합",
            "social": "사회적협동조합",
            "pre": "협동조합(준비모임)",
            "federation": "협동조합연합회",
        }[kind]
        name = f"{place}{trade}{suffix}"
        if name in names:
            continue
        names.add(name)
        objects.append(
            models.Cooperative(name=name, kind=kind, district=rng.choice(models.DISTRICTS))
        )
    models.Cooperative.objects.bulk_create(objects, batch_size=500, ignore_conflicts=True)
    return list(models.Cooperative.objects.filter(name__in=names))


def _clients(rng: random.Random, cooperatives: list[models.Cooperative]) -> list[models.Client]:
    phones = set()
    objects = []
    while len(objects) < 3_200:
        phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}"
        if phone in phones:
            continue
        phones.add(phone)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        coop = rng.choice(cooperatives) if rng.random() < 0.7 else None
        email = f"user{len(objects) + 1:04d}@example.org" if rng.random() < 0.3 else ""
        objects.append(
            models.Client(
                name=name,
                phone=phone,
                phone_digits=models.phone_digits_of(phone),
                email=email,
                cooperative=coop,
            )
        )
    return models.Client.objects.bulk_create(objects, batch_size=1000)


def _consultations(rng, users, clients, categories) -> list[models.Consultation]:
    days = business_days(FIRST_DAY, LAST_DAY)
    objects, chosen = [], []
    # Returning clients: a quarter of the people make most of the calls.
    regulars = clients[: len(clients) // 4]
    for channel, count in CHANNEL_COUNTS.items():
        names = list(WEIGHTS[channel])
        weights = [WEIGHTS[channel][n] for n in names]
        for day in _spread(days, count, rng):
            if channel == "phone":
                start = _aware(day, rng.randint(9, 17), rng.randrange(0, 60))
                minutes = rng.choice([5, 5, 10, 10, 10, 15, 15, 20, 25, 30])
            elif channel == "visit":
                start = _aware(day, *rng.choice([(10, 30), (14, 0)]))
                minutes = 60
            elif channel == "video":
                start = _aware(day, *rng.choice([(11, 0), (16, 0)]))
                minutes = 40
            else:
                start = _aware(day, rng.randint(9, 17), rng.randrange(0, 60))
                minutes = rng.choice([20, 30, 30, 40])
            topics = rng.choices(names, weights=weights, k=2 if rng.random() < 0.2 else 1)
            topics = list(dict.fromkeys(topics))
            question, answer = rng.choice(TOPICS[topics[0]])
            if rng.random() < 0.06:
                client = None  # callers who do not give their name
            else:
                client = rng.choice(regulars) if rng.random() < 0.5 else rng.choice(clients)
            objects.append(
                models.Consultation(
                    channel=channel,
                    started_at=start,
                    duration_minutes=minutes,
                    client=client,
                    cooperative=client.cooperative if client else None,
                    summary=question,
                    answer=answer,
                    follow_up_needed=rng.random() < 0.08,
                    handled_by=rng.choice(users),
                )
            )
            chosen.append([categories[t] for t in topics])
    created = models.Consultation.objects.bulk_create(objects, batch_size=1000)
    Through = models.Consultation.categories.through
    Through.objects.bulk_create(
        [
            Through(consultation_id=c.pk, category_id=cat.pk)
            for c, cats in zip(created, chosen, strict=True)
            for cat in cats
        ],
        batch_size=2000,
    )
    return created


def _advisors() -> dict:
    term = {"term_start": dt.date(2021, 3, 1), "term_end": dt.date(2022, 2, 28)}
    result = {}
    for index, (name, field, board, affiliation) in enumerate(ADVISORS, start=1):
        advisor, _ = models.Advisor.objects.get_or_create(
            name=name,
            board=board,
            defaults={
                "field": field,
                "affiliation": affiliation,
                "phone": f"02-{3700 + index}-{1000 + index * 37:04d}",
                "email": f"advisor{index:02d}@example.org",
                **term,
            },
        )
        result.setdefault((board, field), []).append(advisor)
    return result


def _experts(rng, advisors, consultations, users) -> None:
    if models.ExpertConsultation.objects.filter(scheduled_at__year=YEAR).exists():
        return
    sources = [c for c in consultations if c.cooperative_id and c.channel in ("visit", "phone")]
    fair_day = dt.date(2021, 6, 18)  # 맞춤형상담데이 (박람회식 전문상담)
    days = [d for d in business_days(dt.date(2021, 3, 15), dt.date(2021, 10, 29)) if d != fair_day]
    plan = []
    for field, count in EXPERT_COUNTS.items():
        plan += [field] * count
    rng.shuffle(plan)
    rows = []
    for index, field in enumerate(plan):
        day = fair_day if index % 4 == 0 else rng.choice(days)
        hour = 10 + (index % 6) if day == fair_day else rng.choice([10, 14, 16])
        rows.append((field, _aware(day, hour, 0), models.ExpertConsultation.Status.HELD))
    rows.append(
        (
            models.Field.LAW,
            _aware(dt.date(2021, 9, 7), 14, 0),
            models.ExpertConsultation.Status.CANCELLED,
        )
    )
    rows.append(
        (
            models.Field.MANAGEMENT,
            _aware(dt.date(2021, 10, 12), 10, 0),
            models.ExpertConsultation.Status.CANCELLED,
        )
    )
    for field, when, status in rows:
        source = rng.choice([c for c in sources if c.started_at < when] or sources)
        pool = advisors[("expert", field)]
        # 多:1 심층 상담: complex management issues meet two experts of different fields.
        chosen = [rng.choice(pool)]
        if field == models.Field.MANAGEMENT and rng.random() < 0.5:
            chosen.append(
                rng.choice(
                    advisors[("expert", rng.choice([models.Field.LAW, models.Field.ACCOUNTING]))]
                )
            )
        held = status == models.ExpertConsultation.Status.HELD
        topic = rng.choice(EXPERT_TOPICS[field])
        expert = models.ExpertConsultation.objects.create(
            consultation=source,
            cooperative=source.cooperative,
            field=field,
            topic=topic,
            scheduled_at=when,
            status=status,
            outcome=f"{topic}에 대해 쟁점을 정리하고 단계별 조치 방안을 안내함." if held else "",
            follow_up_on=when.date() + dt.timedelta(days=30) if held else None,
            follow_up_note=(
                "조치 방안 이행 여부를 전화로 확인함. 추가 상담 필요 없음."
                if held and when.date() < dt.date(2021, 10, 1)
                else ""
            ),
            created_by=rng.choice(users),
        )
        expert.advisors.set(chosen)


def _answers(rng, advisors, users) -> None:
    if models.AdvisoryAnswer.objects.filter(answered_on__year=YEAR).exists():
        return
    days = business_days(dt.date(2021, 3, 2), LAST_DAY)
    objects = []
    for field, count in ANSWER_COUNTS.items():
        pool = advisors[("basic", field)]
        label = models.Field(field).label
        for day in _spread(days, count, rng):
            topic = rng.choice(EXPERT_TOPICS.get(field) or ["정관 검토"])
            objects.append(
                models.AdvisoryAnswer(
                    advisor=rng.choice(pool),
                    answered_on=day,
                    field=field,
                    question=f"[{label}] {topic} 관련 상담 중 확인이 필요한 사항 질의",
                    answer=f"{topic}에 관한 관련 법령과 실무 기준을 정리해 회신함.",
                    created_by=rng.choice(users),
                )
            )
    models.AdvisoryAnswer.objects.bulk_create(objects)


def switch_indicators() -> int:
    sources = {(unit, name): source for unit, name, source in INDICATORS}
    return use_indicator_sources(year=YEAR, sources=sources)


@transaction.atomic
def load(stdout=None) -> None:
    rng = random.Random(YEAR)
    users = _staff_users()
    start, end = _aware(dt.date(YEAR, 1, 1), 0, 0), _aware(dt.date(YEAR + 1, 1, 1), 0, 0)
    existing = models.Consultation.objects.filter(started_at__gte=start, started_at__lt=end)
    if existing.exists():
        consultations = list(existing.select_related("cooperative"))
    else:
        # The topics are seeded by a migration, but a test database flushed
        # by a transactional test has lost them: make sure they exist.
        categories = {
            name: models.Category.objects.get_or_create(name=name, defaults={"order": order})[0]
            for order, name in enumerate(TOPICS, start=1)
        }
        cooperatives = _cooperatives(rng)
        clients = _clients(rng, cooperatives)
        consultations = _consultations(rng, users, clients, categories)
    advisors = _advisors()
    _experts(rng, advisors, consultations, users)
    _answers(rng, advisors, users)
    switched = switch_indicators()
    if stdout:
        stdout.write(
            f"상담 {YEAR}년 기록을 불러왔습니다: 기초상담 "
            f"{models.Consultation.objects.filter(started_at__gte=start, started_at__lt=end).count():,}건, "
            f"전문상담 실시 {models.ExpertConsultation.objects.filter(scheduled_at__gte=start, status='held').count()}건, "
            f"자문 답변 {models.AdvisoryAnswer.objects.filter(answered_on__year=YEAR).count()}건 "
            f"(성과지표 {switched}개를 기록에서 계산)."
        )
