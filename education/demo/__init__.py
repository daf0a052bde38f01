"""The 2021 education records as the 주요업무보고 reports them.

Counts, participants and satisfaction reproduce the report exactly:
14 intro + 11 founding sessions with 211 participants (4.7/5.0); 운영실무교육
3회 with 53 people (the zoom/video course on 3/30 and 3/31, 31 people, 4.5;
the ICA 리더십 과정, 5 sessions, 22 applied, 17 completed); 맞춤교육 4회,
139 people; the three social-cooperative courses; 해산·청산 23 people;
civil servants 17 + 18 people; 창업교육 12회. Survey answers are integers 1–5
whose mean rounds (half-up) to the printed figure. Idempotent."""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from center.services import use_indicator_sources
from core import demo
from core.display import half_up, mean_score

from ..models import (
    Attendance,
    Course,
    CourseType,
    Instructor,
    OutreachRequest,
    Registration,
    Session,
    SurveyResponse,
)

YEAR = 2021
SEOUL = ZoneInfo("Asia/Seoul")
QUESTIONS = 4
# The instructors, the hosts of 찾아가는 교육, the names learners are made of.
DATA = demo.read(__file__)
SURNAMES, GIVEN, HOSTS, COMMENTS = (DATA[k] for k in ("surnames", "given", "hosts", "comments"))


def at(month: int, day: int, hour: int, minute: int = 0, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def person(n: int) -> tuple[str, str, str]:
    name = (
        SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 13 + 5) % len(GIVEN)]
    )
    phone = f"010-{2000 + n // 10000:04d}-{n % 10000:04d}"
    return name, phone, f"learner{n:05d}@example.com"


def answers_for(respondents: int, mean: str, seed: int) -> list[list[int]]:
    """`respondents` × 4 integer answers (1–5) whose overall mean rounds half-up
    to `mean`; some spread so it looks like a real survey."""
    n = respondents * QUESTIONS
    target = Decimal(mean)
    total = int(half_up(target * n))
    base, extra = divmod(total, n)
    values = [base + 1] * extra + [base] * (n - extra)
    rng = random.Random(seed)
    # Spread: turn pairs (v, v) into (v-1, v+1) where both stay within 1–5.
    for _ in range(n // 6):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and values[i] == values[j] and 1 < values[i] < 5:
            values[i] -= 1
            values[j] += 1
    rng.shuffle(values)
    got = mean_score(sum(values), n)
    assert got == target and all(1 <= v <= 5 for v in values), (mean, got)
    return [values[i : i + QUESTIONS] for i in range(0, n, QUESTIONS)]


class Builder:
    def __init__(self):
        self.counter = 0
        self.instructors = {}

    def instructor(self, name):
        return self.instructors[name]

    def course(self, code, title, required=1, description="", year=YEAR):
        course, _ = Course.objects.get_or_create(
            type=CourseType.objects.get(code=code),
            year=year,
            title=title,
            defaults={"required_sessions": required, "description": description},
        )
        return course

    def session(self, course, start, hours=3, instructors=(), **fields):
        fields.setdefault("capacity", 40)
        fields.setdefault("format", Session.OFFLINE)
        if fields["format"] != Session.ONLINE:
            fields.setdefault("place", "서울시협동조합지원센터 교육장 (은평구 통일로 684)")
        if fields["format"] != Session.OFFLINE:
            fields.setdefault("online_url", "https://zoom.us/j/2021000000")
        session = Session.objects.create(
            course=course, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **fields
        )
        session.created_at = start - dt.timedelta(days=30)
        Session.objects.filter(pk=session.pk).update(created_at=session.created_at)
        if instructors:
            session.instructors.set([self.instructor(name) for name in instructors])
        return session

    def registrations(self, session, count, organisation="", no_shows=0, days_before=10):
        regs = []
        for _ in range(count + no_shows):
            self.counter += 1
            name, phone, email = person(self.counter)
            when = session.starts_at - dt.timedelta(days=days_before, hours=self.counter % 48)
            regs.append(
                Registration(
                    session=session,
                    name=name,
                    phone=phone,
                    email=email,
                    organisation=organisation or f"협동조합 {HOSTS[self.counter % len(HOSTS)][1]}",
                    status=Registration.REGISTERED,
                    consent_version="2021-01",
                    consent_at=when,
                    created_at=when,
                )
            )
        return Registration.objects.bulk_create(regs)

    def attend(self, session, regs, walk_ins=0):
        rows = [
            Attendance(session=session, registration=r, checked_at=session.starts_at) for r in regs
        ]
        for i in range(walk_ins):
            self.counter += 1
            name, phone, _ = person(self.counter)
            rows.append(
                Attendance(
                    session=session,
                    walk_in_name=name,
                    walk_in_phone=phone,
                    walk_in_organisation="현장 참석",
                    checked_at=session.starts_at + dt.timedelta(minutes=5 + i),
                )
            )
        Attendance.objects.bulk_create(rows)

    def surveys(self, pairs, mean, seed):
        """`pairs` is [(registration, session)]; every one answers."""
        answers = answers_for(len(pairs), mean, seed)
        rows = []
        for index, ((reg, session), values) in enumerate(zip(pairs, answers, strict=True)):
            rows.append(
                SurveyResponse(
                    registration=reg,
                    session=session,
                    q_content=values[0],
                    q_instructor=values[1],
                    q_operation=values[2],
                    q_overall=values[3],
                    comment=COMMENTS[index % len(COMMENTS)] if index % 7 == 0 else "",
                    submitted_at=session.ends_at + dt.timedelta(hours=2 + index % 20),
                )
            )
        SurveyResponse.objects.bulk_create(rows)

    def single(self, course, start, participants, walk_ins=0, no_shows=0, respond=0.8, **fields):
        """A one-day session: registrations, attendance, and who answered the survey."""
        session = self.session(course, start, **fields)
        regs = self.registrations(session, participants - walk_ins, no_shows=no_shows)
        present = regs[: participants - walk_ins]
        self.attend(session, present, walk_ins)
        respondents = present[: max(1, round(len(present) * respond))] if respond else []
        return session, [(r, session) for r in respondents]


def _visiting(b: Builder, course, when, size, *, host, online, instructor, **counts):
    """A 찾아가는 session at `host` (name, 자치구): on line or at its 교육장,
    not on the public list, 20 seats, 85% answer the survey; its answers."""
    host_name, district = host
    _session, answered = b.single(
        course,
        when,
        size,
        respond=0.85,
        capacity=20,
        format=Session.ONLINE if online else Session.OFFLINE,
        place="" if online else f"{host_name} 교육장",
        host_name=host_name,
        district=district,
        is_public=False,
        instructors=[instructor],
        **counts,
    )
    return answered


def _course(b: Builder, code: str):
    """The 2021 course of type `code` as the data file describes it."""
    record = DATA["courses"][code]
    return b.course(
        code,
        record["title"],
        required=record.get("required", 1),
        description=record.get("description", ""),
    )


def _intro_founding(b: Builder):
    intro, founding = _course(b, "intro"), _course(b, "founding")
    # 25 sessions, 211 participants: sizes sum to exactly 211 (126 + 85).
    intro_sizes, founding_sizes = DATA["intro_sizes"], DATA["founding_sizes"]
    assert sum(intro_sizes) + sum(founding_sizes) == 211
    pairs = []
    months = DATA["intro_months"]
    for i, size in enumerate(intro_sizes):
        pairs += _visiting(
            b,
            intro,
            at(months[i], 8 + (i * 5) % 18, 14),
            size,
            host=HOSTS[i % len(HOSTS)],
            online=i % 3 == 1,
            instructor="박성민",
            walk_ins=1 if i % 4 == 0 else 0,
            no_shows=1 if i % 5 == 2 else 0,
        )
    for i, size in enumerate(founding_sizes):
        pairs += _visiting(
            b,
            founding,
            at(3 + (i * 7) // 11, 10 + (i * 3) % 15, 10),
            size,
            host=HOSTS[(i + 5) % len(HOSTS)],
            online=i % 3 == 0,
            instructor="김현주",
            walk_ins=1 if i % 5 == 1 else 0,
        )
    b.surveys(pairs, "4.7", seed=1)


def _practical(b: Builder):
    course = _course(b, "practical")
    pairs = []
    for spec in DATA["practical_sessions"]:
        _session, answered = b.single(
            course,
            at(3, spec["day"], 14),
            spec["size"],
            respond=0.9,
            capacity=20,
            topic=spec["topic"],
            format=Session.HYBRID,
            place="서울시청자미디어센터 교육실",
            partners="서울시청자미디어센터",
            instructors=["한지훈"],
        )
        pairs += answered
    b.surveys(pairs, "4.5", seed=2)

    ica = _course(b, "ica_leadership")
    dates = [dt.datetime.fromisoformat(start) for start in DATA["ica_sessions"]]
    sessions = [
        b.session(
            ica,
            start,
            hours=2,
            topic=f"{n}회차",
            capacity=25,
            format=Session.ONLINE,
            partners="서울지역협동조합협의회, 신나는조합",
            instructors=["강은비"],
        )
        for n, start in enumerate(dates, start=1)
    ]
    regs = b.registrations(sessions[0], 22, organisation="청년 협동조합 활동가", days_before=14)
    # 17 complete (4 or 5 sessions), 5 attend 1–3 sessions: all 22 took part.
    attended = {i: 5 if i < 12 else 4 for i in range(17)}
    attended.update({17: 3, 18: 2, 19: 2, 20: 1, 21: 1})
    rows = []
    for i, reg in enumerate(regs):
        count = attended[i]
        skip = (i % 5) if count == 4 else None
        chosen = [s for k, s in enumerate(sessions) if k != skip][:count]
        rows += [Attendance(session=s, registration=reg, checked_at=s.starts_at) for s in chosen]
    Attendance.objects.bulk_create(rows)


def _online_courses(b: Builder):
    """맞춤교육, the social-cooperative courses, 해산·청산 and the civil servants'
    course: on-line sessions, each with its survey answers."""
    for record in DATA["online_courses"]:
        course = b.course(
            record["code"], record["title"], description=record.get("description", "")
        )
        for spec in record["sessions"]:
            fields = {
                k: v for k, v in spec.items() if k not in ("start", "participants", "mean", "seed")
            }
            _session, answered = b.single(
                course,
                dt.datetime.fromisoformat(spec["start"]),
                spec["participants"],
                format=Session.ONLINE,
                **fields,
            )
            b.surveys(answered, spec["mean"], seed=spec["seed"])


def _startup(b: Builder):
    course = _course(b, "startup")
    for i, topic in enumerate(DATA["startup_topics"]):
        b.single(
            course,
            at(6 + i // 4, 3 + (i % 4) * 7, 14),
            14 + (i * 5) % 9,
            respond=0,
            capacity=30,
            topic=topic,
            format=Session.OFFLINE,
            is_public=False,
            instructors=["김현주" if i % 2 else "박성민"],
        )


def _upcoming(b: Builder):
    """A few sessions ahead of today so the public sign-up page has something."""
    now = timezone.localtime()
    if Session.objects.filter(starts_at__gt=now).exists():
        return
    first = (now + dt.timedelta(days=14)).replace(hour=14, minute=0, second=0, microsecond=0)
    intro = b.course("intro", "찾아가는 협동조합 입문교육", year=first.year)
    b.session(
        intro,
        first,
        capacity=20,
        place="서울시협동조합지원센터 교육장 (은평구 통일로 684)",
        instructors=["박성민"],
    )
    tailored = b.course("tailored", "협동조합 맞춤교육", year=first.year)
    full = b.session(
        tailored,
        first + dt.timedelta(days=7),
        topic="세무교육",
        capacity=5,
        format=Session.ONLINE,
        online_url="https://zoom.us/j/2026120100",
        instructors=["이정은"],
    )
    regs = b.registrations(full, 7)
    now = timezone.now()
    Registration.objects.filter(session=full).update(created_at=now, consent_at=now)
    for position, reg in enumerate(regs[5:], start=1):
        reg.status = Registration.WAITLISTED
        reg.waitlist_position = position
        reg.save(update_fields=["status", "waitlist_position"])
    OutreachRequest.objects.get_or_create(
        organisation="성수동 마을협동조합",
        desired_date=(first + dt.timedelta(days=21)).date(),
        defaults={
            "course_type": CourseType.objects.get(code="founding"),
            "kind": OutreachRequest.COOPERATIVE,
            "district": "성동구",
            "desired_time": dt.time(19, 0),
            "place": "성수동 마을활력소 2층",
            "expected_participants": 15,
            "contact_name": "문정희",
            "contact_phone": "010-3030-4040",
            "contact_email": "village@example.com",
            "message": "저녁 시간에 조합원 대상 설립교육을 부탁드립니다.",
            "consent_version": "2026-11",
            "consent_at": timezone.now(),
        },
    )


def switch_indicators() -> int:
    return use_indicator_sources(year=YEAR, sources=demo.indicator_sources(DATA))


@transaction.atomic
def load(stdout=None) -> None:
    # The course types come from a data migration; a test database flushed by a
    # transactional test has lost them, so seed them again (idempotent).
    _seed_course_types()
    b = Builder()
    instructors = demo.ensure_all(Instructor, DATA["instructors"], ["name", "affiliation"])
    b.instructors = {instructor.name: instructor for instructor in instructors}
    if not Session.objects.filter(starts_at__year=YEAR).exists():
        _intro_founding(b)
        _practical(b)
        _online_courses(b)
        _startup(b)
    b.counter = Registration.objects.count() + Attendance.objects.count() + 50_000
    _upcoming(b)
    switched = switch_indicators()
    if stdout:
        stdout.write(
            f"교육: {YEAR}년 교육 회차·신청·출석·만족도를 불러오고 성과지표 {switched}개를 연결했습니다."
        )


def _seed_course_types() -> None:
    from importlib import import_module

    from django.apps import apps as registry

    import_module("education.migrations.0002_seed_course_types").seed(registry, None)
