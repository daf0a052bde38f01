"""The 2021 홍보 records behind the report's figures (주요업무보고, 2021. 11. 4.).

Monthly channel figures January–October add up to the report's actuals
(homepage visits 98,521, blog views 265,003, Facebook reach 55,259,
newsletter sends 43,065); 88 contents (39 card news, 15 YouTube, 25 activity
news, 9 newsletters), printed matter of 1,500 copies, 1 video, the 9th youth
reporters (7), the ICA RUN campaign, 30 young activists and 5 booths. The
annual report and the satisfaction survey (planned for November) have no
records yet, so their indicators stay '-'. Idempotent.
"""

import datetime as dt

from django.db import transaction

from center.services import use_indicator_sources

from . import models

YEAR = 2021

CHANNELS = [
    (
        "homepage",
        "홈페이지",
        [models.Metric.VISITS, models.Metric.VIEWS],
        "https://www.15445077.net",
    ),
    ("blog", "블로그", [models.Metric.VIEWS, models.Metric.FOLLOWERS], ""),
    ("facebook", "페이스북", [models.Metric.REACH, models.Metric.FOLLOWERS], ""),
    ("instagram", "인스타그램", [models.Metric.REACH, models.Metric.FOLLOWERS], ""),
    ("youtube", "유튜브", [models.Metric.VIEWS, models.Metric.FOLLOWERS], ""),
    ("newsletter", "뉴스레터", [models.Metric.SENDS, models.Metric.OPENS], ""),
]

# (channel, metric) → (report's 2021 actual, months it is spread over)
FIGURES = {
    ("homepage", models.Metric.VISITS): (98_521, range(1, 11)),
    ("blog", models.Metric.VIEWS): (265_003, range(1, 11)),
    ("facebook", models.Metric.REACH): (55_259, range(1, 11)),
    ("newsletter", models.Metric.SENDS): (43_065, range(1, 10)),  # nine monthly issues
}

PR = "홍보 및 정보제공"
ICA = "ICA협동조합 지원 및 홍보"
# (program unit, indicator) → source key
INDICATORS = {
    (PR, "홈페이지 방문횟수"): "outreach.homepage_visits",
    (PR, "블로그 조회수"): "outreach.blog_views",
    (PR, "페이스북 도달"): "outreach.facebook_reach",
    (PR, "홍보물 제작"): "outreach.printed_copies",
    (PR, "온라인 뉴스레터 배포"): "outreach.newsletter_sends",
    (PR, "연차보고서 발행"): "outreach.annual_report_copies",
    (PR, "동영상 제작"): "outreach.videos",
    (PR, "청년기자단"): "outreach.reporters",
    (PR, "서비스 만족도 조사"): "outreach.satisfaction",
    (ICA, "ICA 청년협동조합활성화 지원"): "outreach.ica_activists",
    (ICA, "ICA 전시부스 운영지원"): "outreach.ica_booths",
}

CARD_NEWS_TOPICS = [
    "협동조합이란 무엇인가요?",
    "협동조합 설립 절차 한눈에 보기",
    "사회적협동조합 인가 안내",
    "서면총회 운영 방법",
    "협동조합 정관 작성 팁",
    "2021년 센터 지원사업 안내",
    "협동조합 변경등기 체크리스트",
    "협동조합 해산·청산 절차",
    "사회적협동조합 경영공시 안내",
    "협동조합 세무 기초",
    "조직변경 사례 알아보기",
    "세계협동조합대회(ICA) 소개",
    "협동조합 7원칙",
]
# Dated events of the report (activity news follow them) and everyday topics.
ACTIVITY_EVENTS = [
    (dt.date(YEAR, 4, 1), "청년기자단 9기 발대식"),
    (dt.date(YEAR, 6, 18), "맞춤형상담데이 개최"),
    (dt.date(YEAR, 9, 16), "조직변경 사례집 발간 공유회"),
    (dt.date(YEAR, 10, 7), "ICA 청년컨퍼런스 개최"),
    (dt.date(YEAR, 10, 14), "IR 피칭데이 개최"),
]
ACTIVITY_TOPICS = [
    "협동조합 입문교육 현장",
    "기초상담자문단 활동",
    "스케일업 지원사업 선정팀 컨설팅",
    "제도개선 정책간담회",
    "협동조합 인터뷰",
    "협동조합 운영실무교육 현장",
]


def activity_topic(day: dt.date, index: int, used: set) -> str:
    """A report event of the two weeks before `day` not yet reported, else an everyday topic."""
    for event_day, title in ACTIVITY_EVENTS:
        if event_day <= day <= event_day + dt.timedelta(days=16) and title not in used:
            used.add(title)
            return title
    return ACTIVITY_TOPICS[index % len(ACTIVITY_TOPICS)]


YOUTUBE_TOPICS = [
    "협동조합 라이브 상담",
    "2021년 센터 지원사업 안내 영상",
    "상담 및 사업신청 안내 영상",
    "라이브영상 클립",
]
REPORTERS = ["김하늘", "이도윤", "박서연", "최민준", "정예린", "강지호", "윤채원"]
BOOTHS = [
    "한지공예산업협동조합",
    "이풀약초협동조합",
    "협동조합 착한책가게",
    "바늘한땀협동조합",
    "한국의료복지사회적협동조합연합회",
]


def split(total: int, months) -> dict[int, int]:
    """Spread `total` over `months` unevenly (a seasonal shape) so the parts add up."""
    months = list(months)
    weights = [8 + (m * 5) % 7 + (3 if m in (3, 4, 9, 10) else 0) for m in months]
    scale = sum(weights)
    parts = {m: total * w // scale for m, w in zip(months, weights, strict=True)}
    parts[months[-1]] += total - sum(parts.values())
    return parts


def _dates(count: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """`count` dates spread evenly from start to end."""
    span = (end - start).days
    return [start + dt.timedelta(days=(span * i) // max(count - 1, 1)) for i in range(count)]


def _channels() -> dict[str, models.Channel]:
    result = {}
    for order, (slug, name, metrics, url) in enumerate(CHANNELS, start=1):
        channel, _ = models.Channel.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "metrics": [str(m) for m in metrics],
                "url": url,
            },
        )
        result[slug] = channel
    return result


def _figures(channels: dict[str, models.Channel]) -> None:
    for (slug, metric), (total, months) in FIGURES.items():
        channel = channels[slug]
        if models.MonthlyFigure.objects.filter(channel=channel, metric=metric, year=YEAR).exists():
            continue
        models.MonthlyFigure.objects.bulk_create(
            models.MonthlyFigure(channel=channel, metric=metric, year=YEAR, month=m, value=v)
            for m, v in split(total, months).items()
        )


def _cohort() -> models.ReporterCohort:
    cohort, _ = models.ReporterCohort.objects.get_or_create(
        number=9,
        defaults={
            "year": YEAR,
            "term_start": dt.date(YEAR, 4, 1),
            "term_end": dt.date(YEAR, 11, 30),
            "note": (
                "협동조합에 관심 있는 만39세 이하 청년 7명 선발\n"
                "협동조합 인터뷰 및 교육/행사 취재, 제3회 사회적경제박람회 영상 취재 및 기사작성\n"
                "언론사(이로UNET) 청년기자단 코너 운영 및 기사 게재, 인스타그램 홍보채널 개설"
            ),
        },
    )
    if not cohort.members.exists():
        models.Reporter.objects.bulk_create(
            models.Reporter(cohort=cohort, name=name, joined_on=dt.date(YEAR, 4, 1))
            for name in REPORTERS
        )
    if not cohort.meetings.exists():
        models.ReporterMeeting.objects.bulk_create(
            models.ReporterMeeting(
                cohort=cohort,
                date=dt.date(YEAR, month, 10),
                title="발대식 및 협동조합 기본 교육" if month == 4 else f"{month}월 정기모임",
                attendees=7 if month in (4, 7, 10) else 6,
                notes="취재 계획 공유 및 기사 합평",
            )
            for month in range(4, 11)
        )
    return cohort


def _content(channels: dict[str, models.Channel], cohort: models.ReporterCohort) -> None:
    if models.ContentItem.objects.filter(date__year=YEAR).exists():
        return
    reporters = list(cohort.members.order_by("pk"))
    items: list[tuple[models.ContentItem, list[str]]] = []
    for i, day in enumerate(_dates(39, dt.date(YEAR, 1, 7), dt.date(YEAR, 10, 28))):
        topic = CARD_NEWS_TOPICS[i % len(CARD_NEWS_TOPICS)]
        items.append(
            (
                models.ContentItem(
                    kind=models.ContentKind.CARD_NEWS,
                    title=f"[카드뉴스 {i + 1}호] {topic}",
                    date=day,
                    url=f"https://blog.example.org/coop-card-{i + 1:02d}",
                ),
                ["blog", "facebook", "instagram"] if day.month >= 5 else ["blog", "facebook"],
            )
        )
    for i, day in enumerate(_dates(15, dt.date(YEAR, 1, 20), dt.date(YEAR, 10, 27))):
        topic = YOUTUBE_TOPICS[i % len(YOUTUBE_TOPICS)]
        items.append(
            (
                models.ContentItem(
                    kind=models.ContentKind.YOUTUBE,
                    title=f"{topic} ({day.month}월)",
                    date=day,
                    url=f"https://www.youtube.com/watch?v=coop2021{i + 1:02d}",
                ),
                ["youtube"],
            )
        )
    used: set = set()
    for i, day in enumerate(_dates(25, dt.date(YEAR, 1, 15), dt.date(YEAR, 10, 29))):
        topic = activity_topic(day, i, used)
        by_reporter = day >= cohort.term_start and i % 2 == 0
        items.append(
            (
                models.ContentItem(
                    kind=models.ContentKind.ACTIVITY_NEWS,
                    title=f"[활동소식] {topic}",
                    date=day,
                    url=f"https://www.15445077.net/news/2021-{i + 1:02d}",
                    author_reporter=reporters[i % len(reporters)]
                    if by_reporter and reporters
                    else None,
                ),
                ["homepage", "blog"],
            )
        )
    for month in range(1, 10):
        items.append(
            (
                models.ContentItem(
                    kind=models.ContentKind.NEWSLETTER,
                    title=f"서울시협동조합지원센터 뉴스레터 {YEAR}년 {month}월호",
                    date=dt.date(YEAR, month, 15),
                    url=f"https://www.15445077.net/newsletter/2021-{month:02d}",
                ),
                ["newsletter"],
            )
        )
    items += [
        (
            models.ContentItem(
                kind=models.ContentKind.PRINTED,
                title="2021년 센터 지원사업 안내 리플릿",
                date=dt.date(YEAR, 2, 26),
                copies=1_000,
            ),
            [],
        ),
        (
            models.ContentItem(
                kind=models.ContentKind.PRINTED,
                title="협동조합 상담 안내(☎1544-5077) 포스터",
                date=dt.date(YEAR, 4, 20),
                copies=500,
            ),
            [],
        ),
        (
            models.ContentItem(
                kind=models.ContentKind.VIDEO,
                title="2021년 서울시협동조합지원센터 지원사업 안내 영상",
                date=dt.date(YEAR, 3, 31),
                url="https://www.youtube.com/watch?v=coop2021guide",
            ),
            ["youtube", "homepage"],
        ),
    ]
    created = models.ContentItem.objects.bulk_create([item for item, _ in items])
    Through = models.ContentItem.channels.through
    Through.objects.bulk_create(
        Through(contentitem_id=item.pk, channel_id=channels[slug].pk)
        for item, (_, slugs) in zip(created, items, strict=True)
        for slug in slugs
    )


def _campaign_and_ica() -> None:
    models.Campaign.objects.get_or_create(
        name="ICA RUN 캠페인",
        defaults={
            "start": dt.date(YEAR, 9, 27),
            "end": dt.date(YEAR, 10, 18),
            "website": "https://icarun.kr",
            "description": (
                "세계협동조합대회 서울시 개최 기념 온라인 캠페인\n"
                "캠페인 홈페이지(icarun.kr) 제작, 참여 독려 및 참여 방법 안내"
            ),
            "results": "포스터, 웹자보, 카드뉴스, 모션그래픽 영상 등 홍보 콘텐츠 제작",
        },
    )
    if not models.IcaSupport.objects.filter(date__year=YEAR).exists():
        models.IcaSupport.objects.bulk_create(
            [
                models.IcaSupport(
                    kind=models.IcaSupport.Kind.ACTIVIST,
                    recipient=f"서울시 청년 협동조합 활동가 {n:02d}",
                    date=dt.date(YEAR, 10, 7),
                    note="ICA대회 등록비 지원 · 10월 7일 청년컨퍼런스 참가",
                )
                for n in range(1, 31)
            ]
            + [
                models.IcaSupport(
                    kind=models.IcaSupport.Kind.BOOTH,
                    recipient=name,
                    date=dt.date(YEAR, 10, 29),
                    note="세계협동조합대회 행사장 내 서울시 협동조합 부스",
                )
                for name in BOOTHS
            ]
        )


def _survey() -> None:
    survey, created = models.Survey.objects.get_or_create(
        title="2021년 서울시협동조합지원센터 서비스만족도조사",
        defaults={
            "year": YEAR,
            "opens_on": dt.date(YEAR, 11, 15),
            "closes_on": dt.date(YEAR, 11, 30),
            "intro": "센터 이용자(상담·교육·지원사업 참여자)를 대상으로 서비스 만족도를 조사합니다.",
        },
    )
    if created:
        models.SurveyQuestion.objects.bulk_create(
            models.SurveyQuestion(survey=survey, order=i, text=text)
            for i, text in enumerate(
                [
                    "센터 서비스(상담·교육·지원사업)에 전반적으로 만족하십니까?",
                    "담당자의 안내는 친절하고 정확했습니까?",
                    "센터의 지원이 협동조합 운영에 도움이 되었습니까?",
                    "센터를 다른 협동조합에 추천하시겠습니까?",
                ],
                start=1,
            )
        )


def load(stdout=None) -> None:
    with transaction.atomic():
        channels = _channels()
        _figures(channels)
        cohort = _cohort()
        _content(channels, cohort)
        _campaign_and_ica()
        _survey()
        switched = use_indicator_sources(year=YEAR, sources=INDICATORS)
    if stdout is not None:
        stdout.write(
            f"홍보: 2021년 채널 실적, 콘텐츠, 청년기자단, ICA 지원 (지표 {switched}개 자동 산출)"
        )
