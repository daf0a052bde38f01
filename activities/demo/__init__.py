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
computed from the publications (source `activities.casebooks`). The records
are in `2021.json`; a second run changes nothing.
"""

from django.db import transaction

from center.models import FiscalYear
from center.services import use_indicator_sources
from core import demo

from .. import models

YEAR = 2021
DATA = demo.read(__file__)


def _records(year: FiscalYear) -> None:
    casebook = demo.create(models.Publication, DATA["publication"], fiscal_year=year)
    for record in DATA["events"]:
        if record.get("publication"):
            record = {**record, "publication": casebook}
        demo.create(models.Event, record, fiscal_year=year)
    committee = demo.create(models.Committee, DATA["committee"], fiscal_year=year)
    demo.create_all(models.CommitteeMember, DATA["committee_members"], committee=committee)
    campaign = demo.create(models.FundingCampaign, DATA["funding"], fiscal_year=year)
    demo.create_all(models.FundingParticipant, DATA["funding_participants"], campaign=campaign)
    demo.create(models.AwarenessSurvey, DATA["survey"], fiscal_year=year)


def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    with transaction.atomic():
        if not models.Publication.objects.filter(fiscal_year=year).exists():
            _records(year)
        switched = use_indicator_sources(year=YEAR, sources=demo.indicator_sources(DATA))
    if stdout is not None:
        stdout.write(
            "행사·발간·위원회: 2021년 상담데이, 학습넷, 사례집, 홍보 자문위원회, ICA 펀딩, "
            f"인지도 설문조사, 유튜브 라이브 (지표 {switched}개 자동 산출)"
        )
