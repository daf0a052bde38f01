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
fixed seed (the counts, names, topics and weights they are drawn from are in
`2021.json`), so every run gives the same data; a second run changes nothing.
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
from core import demo, roles
from core.calendar import business_days

from .. import models

YEAR = 2021
FIRST_DAY = dt.date(2021, 1, 4)
LAST_DAY = dt.date(2021, 11, 3)  # the report is dated 2021. 11. 4.
# Counts, names, topics and weights the records are drawn from.
DATA = demo.read(__file__)


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
    for username, full_name in DATA["staff"]:
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
        place, trade = rng.choice(DATA["places"]), rng.choice(DATA["trades"])
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
        name = rng.choice(DATA["surnames"]) + rng.choice(DATA["given"])
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
    for channel, count in DATA["channel_counts"].items():
        names = list(DATA["weights"][channel])
        weights = [DATA["weights"][channel][n] for n in names]
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
            question, answer = rng.choice(DATA["topics"][topics[0]])
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
    for index, (name, field, board, affiliation) in enumerate(DATA["advisors"], start=1):
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
    for field, count in DATA["expert_counts"].items():
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
        topic = rng.choice(DATA["expert_topics"][field])
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
    for field, count in DATA["answer_counts"].items():
        pool = advisors[("basic", field)]
        label = models.Field(field).label
        for day in _spread(days, count, rng):
            topic = rng.choice(DATA["expert_topics"].get(field) or ["정관 검토"])
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
    return use_indicator_sources(year=YEAR, sources=demo.indicator_sources(DATA))


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
            for order, name in enumerate(DATA["topics"], start=1)
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
