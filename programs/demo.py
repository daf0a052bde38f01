"""The 2021 경영지원 programs as the 2021 주요업무보고 lists them.

What the report prints is reproduced exactly (team names, grant items and
amounts, scale-up consortia and outcomes, the IR day on 2021-10-14, the
small-event cooperatives and crowdfunding totals, 6 advisory meetings, 1
forum, 44 issues with the 5 priorities). Where the report gives only a
total or no detail, the demo fills in plainly and says so here:

- call periods, meeting and session dates are not in the report: they are
  spread over the year in the order the report tells them;
- which 4 of the 10 startup teams founded their cooperative is not named:
  the first four of the table are marked (dates unknown, left empty);
- crowdfunding: only the totals (5,688,200원, 15,366명) are printed; the
  per-cooperative split below adds up to them exactly;
- of the 44 issues, 5 are the report's priorities and 5 more are named in
  its consultation chapter (종부세 for housing cooperatives, 구세 조례 tax
  relief, 소진공 calls, 서면총회, the 창업교육 system); the other 34 are
  generic but plausible titles in the fields the meetings discussed;
- scale-up grant amounts per project are not printed: each project is
  granted 24,000천원 (5 × 24,000 = 120,000 of the line's 130,000천원, the rest
  for consulting and the demo day); requested amounts are 130,000천원 ÷ 5;
- payments (the report is dated 2021. 11. 4. and its 집행액 is what was paid
  by then): the center demo spreads each line's 집행액 over generic ledger
  rows; for the two grant lines this demo replaces those rows by the
  grants' disbursements, recorded through `services.record_disbursement`
  (so ledger and grants agree), plus the coaching, consulting and demo-day
  fees as ledger rows, keeping the line's 집행액 exactly as printed:
  초기성장지원 16,912천원 = a first half to all 10 teams (10,500천원), the
  second half to the 4 teams that founded their cooperative in the period
  (4,000천원), who also filed their spending and were settled, and 2,412천원
  of coaching and education fees; 스케일업지원 67,400천원 = a first half to
  the 5 projects (60,000천원) and 7,400천원 of consulting and demo-day costs.

Idempotent: every row is found by its natural key first.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum

from center.models import BudgetLine, Expenditure, FiscalYear
from center.services import record_expenditure, use_indicator_sources

from . import services
from .indicators import INDICATOR_SOURCES
from .models import (
    SCALEUP,
    STARTUP,
    AdvisoryMember,
    Application,
    Call,
    CoachingAssignment,
    CoachingSession,
    ConsortiumMember,
    Criterion,
    DemoDay,
    Disbursement,
    DocumentType,
    Expert,
    Grant,
    GrantItem,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    Program,
    PromoContent,
    Settlement,
    SmallEvent,
)

YEAR = 2021
KST = ZoneInfo("Asia/Seoul")


def _at(month, day, hour=0, minute=0):
    return dt.datetime(YEAR, month, day, hour, minute, tzinfo=KST)


# (team, grant items, amount in won) — the report's table, in its order.
STARTUP_TEAMS = [
    ("한살림돌봄", ["홈페이지 제작", "홍보영상 제작"], 2_000_000, "홈페이지 및 홍보영상 제작"),
    (
        "공익광고",
        ["공익광고 강의 자료 제작", "홍보물 제작"],
        2_000_000,
        "공익광고 강의 자료 및 홍보물 제작",
    ),
    ("넷스쿨", ["교육플랫폼 홈페이지 제작"], 2_000_000, "교육플랫폼 홈페이지 제작"),
    ("맘스코칭", ["교육플랫폼 홈페이지 제작"], 2_000_000, "교육플랫폼 홈페이지 제작"),
    ("글로벌집현전", ["교육플랫폼 홈페이지 제작"], 2_000_000, "교육플랫폼 홈페이지 제작"),
    ("로컬케어", ["홈페이지 제작"], 2_000_000, "홈페이지 제작"),
    ("아크브릿지", ["시제품 제작", "홍보영상 제작"], 2_000_000, "시제품 제작 및 홍보영상 제작"),
    ("협동조합 꿈터", ["시제품 제작", "홍보영상 제작"], 2_000_000, "시제품 제작 및 홍보영상 제작"),
    # The report's table prints the support content as this team's name.
    ("홈페이지 제작", ["홈페이지 제작"], 2_000_000, "홈페이지 제작"),
    ("미래전통염색", ["교재 제작", "홍보물 제작"], 3_000_000, "교재 및 홍보물 제작"),
]
FOUNDED_IN_PERIOD = 4

# (lead, members, project, outcome fields, story)
SCALEUP_PROJECTS = [
    (
        "울림두레돌봄 사회적협동조합",
        ["사회적협동조합 세이", "울림두레생협"],
        "돌봄사회서비스 사업협력방안",
        {"products_developed": 1},
        "협동조합 간 공동 커뮤니티 케어 상품 밀키트 개발 완료\n"
        "협동조합 간 연대 비즈니스 모델 개발 및 매출 상승",
    ),
    (
        "사회적협동조합 광진사회적경제 네트워크 콘소시엄",
        [],
        "광진사회적경제 연합회 설립",
        {},
        "광진사회적경제연합회 설립 예정 (21년 12월)\n"
        "업종별 분과(재가요양, 교육, 주거, 의료 사협) 설립",
    ),
    (
        "네츄라유니온 협동조합",
        [],
        "친환경 제품 개발",
        {
            "sales_before": 2_368_950,
            "sales_after": 4_829_400,
            "sales_note": "2021년 8월 → 9월 (언더스탠드에비 팝업스토어)",
            "products_developed": 2,
        },
        "서울숲 장기팝업 매장 오픈\n친환경 가방, 의류 제품 개발\n"
        "언더스탠드에비 팝업스토어 운영 8월 2,368,950원, 9월 4,829,400원 매출 (전월 대비 203% 증가)",
    ),
    (
        "중랑동부시장 협동조합 콘소시엄",
        [],
        "중랑구 사회적경제 협업 프로젝트",
        {"jobs_created": 38},
        "지역통합 돌봄 위한 도시락 판매 및 돌봄사업 진행\n보람일자리사업 38명 일자리 창출",
    ),
    (
        "목화송이 협동조합",
        [],
        "임산부 제품 개발 프로젝트",
        {"products_developed": 7, "participants": 43},
        "임산부 및 유아 위한 친환경 면제품 (배낭, 수유복, 임부복, 아기 목욕 가운, 수유조끼, "
        "머리쿵 방지 쿠션, 이불) 개발\n시제품 개발 및 산모 모니터단 43명 모니터링 완료",
    ),
]

SCALEUP_GRANT = 24_000_000
SCALEUP_ITEMS = ["제품개발·사업화", "홍보·마케팅", "컨설팅"]

# (cooperative, event, raised won, backers) — totals 5,688,200원 / 15,366명.
SMALL_EVENTS = [
    ("우리동물병원생명사회적협동조합", "비거니즘 온라인 강의 실시", 1_523_400, 4_210),
    ("강서구협동조합협의회", "'있는사이' 오프라인 행사 실시", 1_287_600, 3_498),
    ("심온사회적협동조합", "산모 심리지원 온라인 프로그램 실시", 1_604_100, 4_305),
    ("드림온 협동조합", "온·오프라인 다문화 진로프로그램 실시", 1_273_100, 3_353),
]

MEETINGS = [
    (dt.date(YEAR, 3, 24), "협동조합 창업교육 제도 검토 및 제도개선 사항 점검"),
    (dt.date(YEAR, 4, 28), "협동조합 및 사회적경제 제도개선 사항 점검"),
    (dt.date(YEAR, 5, 26), "사회적경제 정책방향 논의"),
    (dt.date(YEAR, 6, 23), "협동조합 법제 구조와 발전방향 모색"),
    (dt.date(YEAR, 7, 28), "협동조합 당사자 및 타 기관 제도개선 사항 취합 결과 검토 (44건)"),
    (dt.date(YEAR, 8, 25), "우선 해결과제 5건 선정 및 토론회 주제 선정"),
]

# The report prints "증부세", a typo for 종부세 (종합부동산세).
PRIORITIES = [
    "사회적경제기본법 제정",
    "비영리법인인 사회적협동조합, 사회적기업의 여성기업 인정",
    "국가보조금 지원사업 시 내부인력 인건비 등 규제항목 시정",
    "돌봄노동의 특수성과 근로감독 문제 개선",
    "사회적기업, 협동조합법인이 소유·운영하는 사회주택(임대주택)에 대한 종부세 합산배제",
]
# The priorities' fields, in their order.
PRIORITY_AREAS = ["법제", "공공조달·인증", "공공지원사업", "노동", "세제"]
# Named in the report's consultation chapter (협동조합 역차별 및 제도개선 사례).
NAMED_ISSUES = [
    ("주택협동조합 종합부동산세 합산 문제 개선", "세제"),
    ("사회적협동조합 세제 감면 확대와 구세 조례 개정", "세제"),
    ("소상공인시장진흥공단 공모사업의 협동조합 역차별 개선", "공공지원사업"),
    ("서면총회·서면결의 상시 허용", "법제"),
    ("협동조합 창업교육 이수 제도 정비", "설립·교육"),
]
# Not named in the report: generic but plausible, in the fields the
# meetings discussed (법제 구조, 창업교육, 사회적경제 정책).
GENERIC_ISSUES = [
    ("사회적협동조합 인가 처리기간 단축", "설립·인가"),
    ("협동조합 설립신고 서류 간소화", "설립·인가"),
    ("사회적협동조합 주사무소 이전 인가 절차 간소화", "설립·인가"),
    ("협동조합 해산·청산 절차 안내와 간이청산 제도 도입", "법제"),
    ("휴면 협동조합 직권해산 기준 마련", "법제"),
    ("협동조합 연합회 설립 요건 완화", "법제"),
    ("이종협동조합연합회 허용", "법제"),
    ("협동조합 우선구매 대상에 일반협동조합 포함", "공공조달·인증"),
    ("공공기관 사회적경제기업 제품 구매 실적 공개", "공공조달·인증"),
    ("지자체 수의계약 한도에 협동조합 포함", "공공조달·인증"),
    ("협동조합 전용 정책자금 신설", "금융"),
    ("신용보증기금 사회적경제 보증 한도 확대", "금융"),
    ("협동조합 조합원 출자금 세액공제", "세제"),
    ("사회적협동조합 지정기부금단체 지정 요건 완화", "세제"),
    ("협동조합 법인세 당기순이익 과세특례 기준 현실화", "세제"),
    ("협동조합 취득세·등록면허세 감면", "세제"),
    ("직원협동조합 조합원의 근로자성 인정 기준 마련", "노동"),
    ("협동조합 임원 보수 규정 지침 마련", "노동"),
    ("돌봄 사회적협동조합 종사자 처우 개선", "돌봄"),
    ("장기요양기관 지정 시 사회적협동조합 가점", "돌봄"),
    ("지역사회 통합돌봄 사업에 협동조합 참여 보장", "돌봄"),
    ("주택협동조합 공공임대 위탁운영 근거 마련", "주거"),
    ("사회주택 공급 협동조합 금융 지원", "주거"),
    ("협동조합 지원사업 자부담 비율 완화", "공공지원사업"),
    ("보조금 정산 증빙 서류 간소화", "공공지원사업"),
    ("협동조합 지원사업 신청 자격의 업력 요건 완화", "공공지원사업"),
    ("소상공인 협업화 지원사업 협동조합 대상 확대", "공공지원사업"),
    ("협동조합 경영공시 항목 정비", "운영"),
    ("소규모 협동조합 외부감사 부담 완화", "운영"),
    ("온라인 총회 의결 근거 마련", "운영"),
    ("협동조합 조합원 탈퇴 시 출자금 환급 기준 명확화", "운영"),
    ("학교협동조합 설립 지원과 교육청 협력", "설립·교육"),
    ("청년 협동조합 창업 지원 확대", "설립·교육"),
    ("협동조합 통계 조사 주기와 항목 개선", "정책기반"),
]
ISSUES_FOUND = 44


def _program(code: str) -> Program:
    return Program.objects.get(code=code)


def _line(year: FiscalYear, name: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(fiscal_year=year, name=name).first()


def _call(program, year, title, opens, closes, eligibility, criteria, documents, max_amount=None):
    call, created = Call.objects.get_or_create(
        program=program,
        fiscal_year=year,
        title=title,
        defaults={
            "opens_at": opens,
            "closes_at": closes,
            "eligibility": eligibility,
            "max_amount": max_amount,
            "published": True,
        },
    )
    if created:
        Criterion.objects.bulk_create(
            Criterion(call=call, order=i, name=name, weight=weight)
            for i, (name, weight) in enumerate(criteria)
        )
        DocumentType.objects.bulk_create(
            DocumentType(call=call, order=i, name=name, required=required)
            for i, (name, required) in enumerate(documents)
        )
    return call


def _application(call, number, organisation, project, amount, kind, plan, submitted, decided):
    app, _ = Application.objects.get_or_create(
        call=call,
        organisation=organisation,
        project_name=project,
        defaults={
            "kind": kind,
            "representative": "대표자",
            "phone": "010-0000-0000",
            "email": f"{call.program.code}-{number:02d}@example.org",
            "plan": plan,
            "requested_amount": amount,
            "status": Application.SELECTED,
            "submitted_at": submitted,
            "decided_at": decided,
            "consent_version": "2021-demo",
            "consent_at": submitted,
        },
    )
    return app


def _coaching(expert, app, kind, started_on, date, topic, notes):
    """One coaching or consulting assignment with its (one) recorded session."""
    assignment, _ = CoachingAssignment.objects.get_or_create(
        expert=expert, application=app, kind=kind, defaults={"started_on": started_on}
    )
    if not assignment.sessions.exists():
        CoachingSession.objects.create(assignment=assignment, date=date, topic=topic, notes=notes)


def _startup(year: FiscalYear):
    program = _program(STARTUP)
    call = _call(
        program,
        year,
        "2021년 협동조합 초기성장지원 창업팀 공개모집",
        _at(3, 2, 10),
        _at(3, 19, 18),
        "서울시에 설립을 희망하는 예비 (사회적)협동조합 창업팀",
        [
            ("사업 계획의 구체성", 30),
            ("협동조합 이해도", 25),
            ("팀 구성과 역량", 25),
            ("사회적 가치", 20),
        ],
        [("사업계획서", True), ("참여자 명단", True), ("정관(안)", False)],
        max_amount=3_000_000,
    )
    line = _line(year, "협동조합 초기성장지원")
    coach, _ = Expert.objects.get_or_create(
        name="창업 코치",
        field="협동조합 설립·창업",
        defaults={"affiliation": "2021 설립준비기 창업전문 경영컨설턴트"},
    )
    grants = []
    for index, (team, items, amount, content) in enumerate(STARTUP_TEAMS):
        app = _application(
            call,
            index + 1,
            team,
            content,
            amount,
            "pre",
            f"{team} 창업팀의 초기정착 사업: {content}",
            _at(3, 8 + index, 11),
            _at(4, 9, 17),
        )
        grant, created = Grant.objects.get_or_create(
            application=app,
            defaults={"amount": amount, "budget_line": line},
        )
        if created:
            GrantItem.objects.bulk_create(GrantItem(grant=grant, name=name) for name in items)
        founded = index < FOUNDED_IN_PERIOD
        grants.append((grant, founded))
        Outcome.objects.get_or_create(
            application=app,
            defaults={
                "founded": founded,
                "story": "기간 내 협동조합 설립" if founded else "연내 협동조합 설립 준비 중",
            },
        )
        _coaching(
            coach,
            app,
            CoachingAssignment.COACHING,
            dt.date(YEAR, 4, 19),
            dt.date(YEAR, 5, 3 + index * 2),
            "이슈별 맞춤 코칭",
            "설립 절차와 사업계획 점검",
        )
    if line is None:
        return
    payments = [(grant, dt.date(YEAR, 4, 20), grant.amount // 2) for grant, _ in grants]
    payments += [
        (grant, dt.date(YEAR, 9, 15), grant.amount - grant.amount // 2)
        for grant, founded in grants
        if founded
    ]
    if _book_payments(line, payments, ["창업 코칭 자문료", "창업교육 강사료"]):
        for grant, founded in grants:
            if founded:
                _settle(grant, spent_on=dt.date(YEAR, 8, 20), settled_on=dt.date(YEAR, 10, 29))


def _scaleup(year: FiscalYear):
    program = _program(SCALEUP)
    call = _call(
        program,
        year,
        "2021년 협동조합 스케일업 지원사업 공개모집",
        _at(4, 1, 10),
        _at(4, 23, 18),
        "서울시 소재 (사회적)협동조합 또는 협동조합 컨소시엄",
        [
            ("사업 규모화 계획", 35),
            ("협동조합 간 연대·협업", 25),
            ("사업화 가능성", 25),
            ("사회적 가치", 15),
        ],
        [("사업계획서", True), ("컨소시엄 협약서", False), ("정관", True)],
    )
    consultant, _ = Expert.objects.get_or_create(
        name="스케일업 컨설턴트",
        field="사업 규모화·판로",
        defaults={"affiliation": "2021 경영전문가 풀"},
    )
    line = _line(year, "협동조합 스케일업지원")
    apps, grants = [], []
    for index, (lead, members, project, numbers, story) in enumerate(SCALEUP_PROJECTS):
        app = _application(
            call,
            index + 1,
            lead,
            project,
            26_000_000,
            "federation" if members or "콘소시엄" in lead else "coop",
            f"{project}: 제품개발 및 사업화, 홍보·마케팅",
            _at(4, 12 + index, 14),
            _at(5, 14, 17),
        )
        grant, created = Grant.objects.get_or_create(
            application=app,
            defaults={"amount": SCALEUP_GRANT, "budget_line": line},
        )
        if created:
            GrantItem.objects.bulk_create(
                GrantItem(grant=grant, name=name) for name in SCALEUP_ITEMS
            )
        grants.append(grant)
        if members and not app.members.exists():
            ConsortiumMember.objects.bulk_create(
                ConsortiumMember(application=app, order=i, name=name)
                for i, name in enumerate(members)
            )
        Outcome.objects.get_or_create(application=app, defaults={**numbers, "story": story})
        _coaching(
            consultant,
            app,
            CoachingAssignment.CONSULTING,
            dt.date(YEAR, 6, 1),
            dt.date(YEAR, 7 + index // 2, 6 + (index % 2) * 14),
            "스케일업 컨설팅: 매출상승 및 판로지원 방안",
            "협동조합 사업 규모화 위한 전문 컨설팅",
        )
        apps.append(app)
    day, created = DemoDay.objects.get_or_create(
        fiscal_year=year,
        program=program,
        date=dt.date(YEAR, 10, 14),
        defaults={
            "title": "2021 협동조합 IR 피칭데이",
            "description": "2021년 스케일업지원사업 성과 공유 (총 5팀 IR 피칭)\n"
            "2021년 사업 성과 홍보물 제작",
        },
    )
    if created:
        day.teams.set(apps)
    if line is not None:
        payments = [(grant, dt.date(YEAR, 5, 31), grant.amount // 2) for grant in grants]
        _book_payments(line, payments, ["스케일업 컨설팅", "데모데이 운영"])


def _book_payments(line: BudgetLine, payments: list, fee_payees: list[str]) -> bool:
    """Replace the center demo's generic ledger rows of a grant line by the
    grants' disbursements (through the service, so the ledger entry and the
    grant's 지급액 are one record) and the line's other costs as fee rows,
    keeping the line's 집행액. Once only: False when the line already has
    disbursements or the payments would exceed what the ledger shows."""
    if Disbursement.objects.filter(grant__budget_line=line).exists():
        return False
    executed = line.expenditures.aggregate(total=Sum("amount"))["total"] or 0
    fees = executed - sum(amount for _grant, _date, amount in payments)
    if fees < 0:
        return False
    line.expenditures.all().delete()
    for index, amount in enumerate(split_fees(fees, len(fee_payees))):
        if amount:
            record_expenditure(
                Expenditure(
                    budget_line=line,
                    date=dt.date(YEAR, 6 + index * 3, 25),
                    amount=amount,
                    payee=fee_payees[index],
                    memo=f"{line.name} {fee_payees[index]}",
                    evidence=f"2021-{line.pk:03d}-F{index + 1:02d}",
                )
            )
    for grant, date, amount in payments:
        services.record_disbursement(grant=grant, date=date, amount=amount)
    return True


def split_fees(total: int, parts: int) -> list[int]:
    """`total` in `parts` amounts rounded to 1,000원, the last taking the rest."""
    share = total // parts // 1000 * 1000
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _settle(grant: Grant, *, spent_on: dt.date, settled_on: dt.date) -> None:
    """A team that finished: its spending on each item (the grant split over
    them), then the settlement (nothing to return)."""
    if Settlement.objects.filter(grant=grant).exists():
        return
    items = list(grant.items.order_by("pk"))
    for item, amount in zip(items, split_fees(grant.amount, len(items)), strict=True):
        services.record_spending(
            grant=grant,
            date=spent_on,
            item=item,
            amount=amount,
            description=f"{item.name} 대금",
        )
    services.settle(grant=grant, settled_on=settled_on, note="사업비 사용 내역 확인, 반환액 없음")


def _small_events(year: FiscalYear):
    for index, (coop, title, raised, backers) in enumerate(SMALL_EVENTS):
        event, _ = SmallEvent.objects.get_or_create(
            fiscal_year=year,
            cooperative=coop,
            title=title,
            defaults={
                "amount_raised": raised,
                "backers": backers,
                "indirect_support": 4_000_000,
            },
        )
        PromoContent.objects.get_or_create(
            event=event,
            title=f"{coop} 모금 홍보 콘텐츠",
            defaults={"kind": "cardnews", "published_on": dt.date(YEAR, 4, 12 + index)},
        )


def _policy(year: FiscalYear):
    member, _ = AdvisoryMember.objects.get_or_create(
        fiscal_year=year, name="문성환", affiliation="신나는 조합 상임이사"
    )
    for number, (date, agenda) in enumerate(MEETINGS, start=1):
        meeting, created = PolicyMeeting.objects.get_or_create(
            fiscal_year=year,
            kind=PolicyMeeting.ADVISORY,
            title=f"제{number}차 제도개선 정책간담회",
            defaults={"date": date, "agenda": agenda, "other_attendees": "자문위원 6명"},
        )
        if created:
            meeting.attendees.add(member)
    PolicyMeeting.objects.get_or_create(
        fiscal_year=year,
        kind=PolicyMeeting.FORUM,
        title="2021 협동조합 제도개선 토론회",
        defaults={
            "date": dt.date(YEAR, 9, 29),
            "agenda": "국회, 정부 및 지자체와 협동조합 관련 주요 과제 개선 논의\n"
            "'사회적경제기본법' 제정 촉구",
        },
    )
    if not PolicyIssue.objects.filter(fiscal_year=year).exists():
        issues = [
            PolicyIssue(
                fiscal_year=year,
                number=i,
                title=title,
                area=area,
                priority=True,
                status=PolicyIssue.PROPOSED,
            )
            for i, (title, area) in enumerate(zip(PRIORITIES, PRIORITY_AREAS, strict=True), start=1)
        ]
        others = NAMED_ISSUES + GENERIC_ISSUES
        statuses = [PolicyIssue.REVIEWING, PolicyIssue.FOUND, PolicyIssue.FOUND, PolicyIssue.HELD]
        issues += [
            PolicyIssue(
                fiscal_year=year,
                number=number,
                title=title,
                area=area,
                status=PolicyIssue.REVIEWING if index < len(NAMED_ISSUES) else statuses[index % 4],
            )
            for index, (number, (title, area)) in enumerate(
                zip(range(len(PRIORITIES) + 1, ISSUES_FOUND + 1), others, strict=True)
            )
        ]
        PolicyIssue.objects.bulk_create(issues)


def switch_indicators(year: int = YEAR) -> int:
    """Point the year's matching indicators at the computed sources."""
    return use_indicator_sources(year=year, sources=INDICATOR_SOURCES)


@transaction.atomic
def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    services.ensure_seed()
    _startup(year)
    _scaleup(year)
    _small_events(year)
    _policy(year)
    switched = switch_indicators()
    if stdout:
        stdout.write(
            f"경영지원 사업: 2021년 공모·선정·지원금·성과·작은행사·정책기획 기록을 불러오고 "
            f"성과지표 {switched}개를 기록에서 계산하도록 바꿨습니다."
        )
