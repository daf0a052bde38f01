"""2021 demo records of events, publications, committees, funding and the
awareness survey, as the 2021 주요업무보고 narrates them:

- 맞춤형 상담데이 on 6월 18일 (박람회식 전문상담), 20 satisfaction forms whose
  mean is 4.4/5.0;
- 학습넷: 사례공유회 every month (1–10월) and 학습회 every quarter with the
  five partner organisations the report names;
- the 협동조합 조직변경 사례집 (1종) with two 내·외부 전문가 자문회의 before it
  and its 발간 공유회 on 9월 16일;
- the newly formed 홍보 자문위원회 with its 11 appointed members;
- ICA 참여 독려 펀딩 on 오마이컴퍼니 with 12 cooperatives;
- the monthly 유튜브 라이브 (협동조합 라이브 상담) and the 인지도 설문조사.

The report gives no 발간일, 부수, attendance (other than the satisfaction),
member names, funding amounts or survey figures: the demo fills them with
plausible values (people and cooperatives are fictional) and leaves the
amounts raised empty. Afterwards the 2021 indicator 조직변경 사례집 발간 is
computed from the publications (source `activities.casebooks`). A second
run changes nothing.
"""

import datetime as dt

from django.db import transaction

from center.models import FiscalYear
from center.services import use_indicator_sources

from .models import (
    AwarenessSurvey,
    Committee,
    CommitteeMember,
    Event,
    FundingCampaign,
    FundingParticipant,
    Publication,
)

YEAR = 2021
D = dt.date
LEARNING_NET = [
    "사단법인 신나는조합",
    "사회적협동조합 사람과세상",
    "인천광역시사회적경제센터",
    "경기도사회적경제센터",
    "충남사회경제네트워크",
]
CASE_SHARING_TOPICS = [
    "서울 협동조합 운영사례",
    "인천 협동조합 운영사례",
    "경기 협동조합 운영사례",
    "충남 협동조합 운영사례",
]
STUDIES = [
    (D(YEAR, 3, 26), "학습넷 학습회: 협동조합 상담 FAQ 상담표준(안)"),
    (D(YEAR, 6, 25), "학습넷 학습회: ICA의 역사"),
    (D(YEAR, 9, 24), "학습넷 학습회: 제33차 세계협동조합대회"),
    (D(YEAR, 10, 29), "학습넷 학습회: 지역별 협동조합 지원 정책"),
]
LIVES = [
    (D(YEAR, 5, 27), "설립 절차와 정관"),
    (D(YEAR, 6, 24), "서면총회 운영"),
    (D(YEAR, 7, 29), "조직변경과 인·지정"),
    (D(YEAR, 8, 26), "협동조합 세무"),
    (D(YEAR, 9, 30), "해산·청산 절차"),
    (D(YEAR, 10, 28), "세계협동조합대회와 협동조합"),
]
PR_ADVISORS = [
    ("김선영", "협동조합 홍보 활동가", "협동조합"),
    ("이정훈", "지역언론 기자", "언론"),
    ("박미경", "시각디자이너", "디자인"),
    ("최우석", "대학 미디어학과 교수", "학계"),
    ("정다은", "사회적경제 콘텐츠 기획자", "콘텐츠"),
    ("한지민", "청년협동조합 대표", "협동조합"),
    ("오성호", "마을미디어 활동가", "미디어"),
    ("윤서진", "SNS 마케팅 전문가", "마케팅"),
    ("장민호", "영상 제작자", "영상"),
    ("임하나", "사회적경제 지원기관 홍보 담당", "사회적경제"),
    ("강태윤", "협동조합 연합회 사무국장", "협동조합"),
]
ICA_FUNDING = [
    "한울타리돌봄사회적협동조합",
    "공정여행나들협동조합",
    "도시농부텃밭협동조합",
    "청년공간다락협동조합",
    "우리동네책방협동조합",
    "함께짓는주택협동조합",
    "두레공방협동조합",
    "문화예술품앗이협동조합",
    "나눔돌봄사회적협동조합",
    "해밀교육협동조합",
    "초록에너지시민협동조합",
    "청소년자립사회적협동조합",
]
# (unit, indicator) computed from this app's records from now on.
INDICATORS = {("협동조합 조직변경 사례집 발간", "조직변경 사례집 발간"): "activities.casebooks"}


def third_wednesday(year: int, month: int) -> dt.date:
    first = D(year, month, 1)
    return first + dt.timedelta(days=(2 - first.weekday()) % 7 + 14)


def _events(year: FiscalYear, casebook: Publication) -> None:
    Event.objects.create(
        fiscal_year=year,
        kind=Event.Kind.CONSULTATION_DAY,
        title="협동조합 맞춤형 상담데이 (박람회식 전문상담)",
        date=D(YEAR, 6, 18),
        starts_at=dt.time(10, 0),
        place="서울혁신파크",
        participants=23,
        # 20 forms: 10 × 5, 8 × 4, 2 × 3 points = 88 / 20 = 4.4
        score_5=10,
        score_4=8,
        score_3=2,
        description="협동조합 조직변경·해산청산·합병, 사회적기업 인·지정 등에 경영 중심의 "
        "전문상담 지원 (분야별 전문가 상담 부스)",
    )
    partners = "\n".join(LEARNING_NET)
    for month in range(1, 11):
        Event.objects.create(
            fiscal_year=year,
            kind=Event.Kind.CASE_SHARING,
            title=f"학습넷 사례공유회 ({month}월): "
            f"{CASE_SHARING_TOPICS[(month - 1) % len(CASE_SHARING_TOPICS)]}",
            date=third_wednesday(YEAR, month),
            starts_at=dt.time(14, 0),
            place="온라인(Zoom)",
            partners=partners,
            participants=10 + month % 5,
        )
    for day, title in STUDIES:
        Event.objects.create(
            fiscal_year=year,
            kind=Event.Kind.STUDY,
            title=title,
            date=day,
            starts_at=dt.time(14, 0),
            place="서울시협동조합지원센터 교육장",
            partners=partners,
            participants=14,
        )
    for number, day in enumerate([D(YEAR, 7, 15), D(YEAR, 8, 12)], start=1):
        Event.objects.create(
            fiscal_year=year,
            kind=Event.Kind.ADVISORY,
            title=f"조직변경 사례집 내·외부 전문가 자문회의 ({number}차)",
            date=day,
            starts_at=dt.time(15, 0),
            place="서울시협동조합지원센터 회의실",
            publication=casebook,
            participants=6,
            description="조직변경 사례집 내용 검토",
        )
    Event.objects.create(
        fiscal_year=year,
        kind=Event.Kind.LAUNCH,
        title="협동조합 조직변경 사례집 발간 공유회",
        date=D(YEAR, 9, 16),
        starts_at=dt.time(14, 0),
        place="서울혁신파크",
        publication=casebook,
        participants=32,
        description="조직변경 사례집 발간 필요성 및 사용법 공유하는 자리로 협동조합 지원기관 "
        "및 당사자 등 참여",
    )
    for index, (day, topic) in enumerate(LIVES, start=1):
        Event.objects.create(
            fiscal_year=year,
            kind=Event.Kind.YOUTUBE_LIVE,
            title=f"협동조합 라이브 상담: {topic}",
            date=day,
            starts_at=dt.time(19, 0),
            place="유튜브 라이브",
            url=f"https://www.youtube.com/watch?v=coop2021live{index:02d}",
            description="협동조합 전문가 섭외 및 실시간 상담 코너",
        )


def _casebook(year: FiscalYear) -> Publication:
    return Publication.objects.create(
        fiscal_year=year,
        kind=Publication.Kind.CASEBOOK,
        title="협동조합 조직변경 사례집",
        published_on=D(YEAR, 9, 10),
        copies=500,
        summary="협동조합 조직변경 개념, 절차 안내, 유형 및 업종별 협동조합 케이스별 사례 소개 등\n"
        "주체별 조직변경 사례(주식회사→(사회적)협동조합, 사단법인→사회적협동조합, "
        "협동조합→사회적협동조합), 인·지정(사회적기업, 마을기업, 여성기업 등)",
    )


def _committee(year: FiscalYear) -> None:
    committee = Committee.objects.create(
        fiscal_year=year,
        name="홍보 자문위원회",
        established_on=D(YEAR, 4, 20),
        newly_formed=True,
        purpose="센터 홍보 방향, 채널 운영과 콘텐츠에 대한 자문",
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            name=name,
            affiliation=affiliation,
            field=field,
            appointed_on=D(YEAR, 4, 20),
            term_ends_on=D(YEAR + 2, 4, 19),
        )
        for name, affiliation, field in PR_ADVISORS
    )


def _funding(year: FiscalYear) -> None:
    campaign = FundingCampaign.objects.create(
        fiscal_year=year,
        title="ICA 참여 독려 펀딩",
        platform="오마이컴퍼니",
        starts_on=D(YEAR, 10, 1),
        ends_on=D(YEAR, 11, 30),
        url="https://www.ohmycompany.com/",
        purpose="세계협동조합대회('21.12월) 개최에 따른 국내 협동조합들의 적극적·자발적 참여 "
        "발판 마련: 공익모금 사회적경제기업 온라인 플랫폼 활용, 홍보콘텐츠 제작 지원 및 모금 등 "
        "우수 사례 블로그·SNS·유튜브 통해 지속 전파",
    )
    FundingParticipant.objects.bulk_create(
        FundingParticipant(campaign=campaign, cooperative=name) for name in ICA_FUNDING
    )


def _survey(year: FiscalYear) -> None:
    AwarenessSurvey.objects.create(
        fiscal_year=year,
        title="2021년 협동조합 및 센터 인지도 설문조사",
        opens_on=D(YEAR, 10, 5),
        closes_on=D(YEAR, 10, 22),
        target="서울시민 및 협동조합 이해당사자",
        method="온라인 설문 (홈페이지·SNS·뉴스레터 안내)",
        respondents=312,
        aware=187,
        result="응답자의 59.9%가 센터를 알고 있다고 답함. 알게 된 경로는 홈페이지·SNS, "
        "교육, 상담 순.",
    )


def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    with transaction.atomic():
        if not Publication.objects.filter(fiscal_year=year).exists():
            casebook = _casebook(year)
            _events(year, casebook)
            _committee(year)
            _funding(year)
            _survey(year)
        switched = use_indicator_sources(year=YEAR, sources=INDICATORS)
    if stdout is not None:
        stdout.write(
            "행사·발간·위원회: 2021년 상담데이, 학습넷, 사례집, 홍보 자문위원회, ICA 펀딩, "
            f"인지도 설문조사, 유튜브 라이브 (지표 {switched}개 자동 산출)"
        )
