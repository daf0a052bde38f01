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

The records are in `2021.json`. Idempotent: every row is found by its
natural key first.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Sum

from center.models import BudgetLine, Expenditure, FiscalYear
from center.services import record_expenditure, use_indicator_sources
from core import demo

from .. import services
from ..indicators import INDICATOR_SOURCES
from ..models import (
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
DATA = demo.read(__file__)


def _applicant(call: Call, record: dict, line: BudgetLine | None, expert: Expert, kind: str):
    """One selected application with its grant, consortium, outcome and coaching."""
    app, _ = demo.ensure(
        Application, record["application"], ["organisation", "project_name"], call=call
    )
    grant, created = Grant.objects.get_or_create(
        application=app, defaults={"amount": record["grant"]["amount"], "budget_line": line}
    )
    if created:
        GrantItem.objects.bulk_create(
            GrantItem(grant=grant, name=name) for name in record["grant"]["items"]
        )
    members = record.get("members", [])
    if members and not app.members.exists():
        ConsortiumMember.objects.bulk_create(
            ConsortiumMember(application=app, order=i, name=name) for i, name in enumerate(members)
        )
    demo.ensure(Outcome, record["outcome"], [], application=app)
    coaching = record["coaching"]
    assignment, _ = demo.ensure(
        CoachingAssignment,
        {"started_on": coaching["started_on"]},
        [],
        expert=expert,
        application=app,
        kind=kind,
    )
    if not assignment.sessions.exists():
        demo.create(
            CoachingSession,
            {k: coaching[k] for k in ("date", "topic", "notes")},
            assignment=assignment,
        )
    return grant


def _program(year: FiscalYear, data: dict) -> None:
    """A program's call, its selected applicants and what was paid them."""
    program = Program.objects.get(code=data["code"])
    call, created = demo.ensure(Call, data["call"], ["title"], program=program, fiscal_year=year)
    if created:
        demo.create_all(Criterion, data["criteria"], order="order", call=call)
        demo.create_all(DocumentType, data["documents"], order="order", call=call)
    line = BudgetLine.objects.filter(fiscal_year=year, name=data["budget_line"]).first()
    expert, _ = demo.ensure(Expert, data["expert"], ["name", "field"])
    grants = {
        record["application"]["organisation"]: _applicant(
            call, record, line, expert, data["coaching_kind"]
        )
        for record in data["applications"]
    }
    if "demo_day" in data:
        day, created = demo.ensure(
            DemoDay, data["demo_day"], ["date"], fiscal_year=year, program=program
        )
        if created:
            day.teams.set(grant.application for grant in grants.values())
    if line is None:
        return
    payments = [
        (grants[p["organisation"]], dt.date.fromisoformat(p["date"]), p["amount"])
        for p in data["payments"]
    ]
    if _book_payments(line, payments, data["fee_payees"]):
        for record in data["settlements"]:
            _settle(
                grants[record["organisation"]],
                spent_on=dt.date.fromisoformat(record["spent_on"]),
                settled_on=dt.date.fromisoformat(record["settled_on"]),
            )


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
    for record in DATA["small_events"]:
        fields = {k: v for k, v in record.items() if k != "promo"}
        event, _ = demo.ensure(SmallEvent, fields, ["cooperative", "title"], fiscal_year=year)
        demo.ensure(PromoContent, record["promo"], ["title"], event=event)


def _policy(year: FiscalYear):
    member, _ = demo.ensure(
        AdvisoryMember, DATA["advisory_member"], ["name", "affiliation"], fiscal_year=year
    )
    for record in DATA["meetings"]:
        fields = {k: v for k, v in record.items() if k != "attended"}
        meeting, created = demo.ensure(PolicyMeeting, fields, ["kind", "title"], fiscal_year=year)
        if created and record["attended"]:
            meeting.attendees.add(member)
    if not PolicyIssue.objects.filter(fiscal_year=year).exists():
        demo.create_all(PolicyIssue, DATA["issues"], fiscal_year=year)


def switch_indicators(year: int = YEAR) -> int:
    """Point the year's matching indicators at the computed sources."""
    return use_indicator_sources(year=year, sources=INDICATOR_SOURCES)


@transaction.atomic
def load(stdout=None) -> None:
    year = FiscalYear.objects.filter(year=YEAR).first()
    if year is None:
        return
    services.ensure_seed()
    for data in DATA["programs"]:
        _program(year, data)
    _small_events(year)
    _policy(year)
    switched = switch_indicators()
    if stdout:
        stdout.write(
            f"경영지원 사업: 2021년 공모·선정·지원금·성과·작은행사·정책기획 기록을 불러오고 "
            f"성과지표 {switched}개를 기록에서 계산하도록 바꿨습니다."
        )
