"""Writes with rules: each takes its lock, validates and saves in one
transaction. Views and the demo call these and stay thin."""

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from center.models import BudgetLine, Expenditure, FiscalYear
from center.services import record_expenditure
from core.display import absolute_url, format_datetime
from core.errors import ServiceError
from core.mail import queue_email
from core.models import UploadedDocument

from . import selectors
from .models import (
    Application,
    Attachment,
    Call,
    ConsortiumMember,
    Disbursement,
    Grant,
    GrantItem,
    HeldUpload,
    PolicyIssue,
    Program,
    Review,
    ReviewAssignment,
    Score,
    Settlement,
    SmallEvent,
    Spending,
)
from .roles import REVIEWER

# --- the seeded programs ---------------------------------------------------------------

SEEDED_PROGRAMS = [
    (
        "startup",
        "초기성장지원",
        "협동조합 초기성장지원",
        "서울시에 설립을 희망하는 예비 (사회적)협동조합 창업팀에 창업교육, 코칭과 초기 사업비를 지원합니다.",
    ),
    (
        "scaleup",
        "스케일업지원",
        "협동조합 스케일업지원",
        "서울시 소재 (사회적)협동조합(컨소시엄)의 제품개발·사업화, 홍보·마케팅과 컨설팅을 지원합니다.",
    ),
    (
        "small-event",
        "작은행사지원",
        "협동조합 작은행사지원",
        "후원금과 온라인 모금(크라우드펀딩)으로 협동조합의 지역사회 공헌 행사를 지원합니다.",
    ),
    (
        "dormant",
        "휴면협동조합 재기지원",
        "휴면협동조합 지원",
        "사업 재추진 또는 해산·청산을 준비하는 협동조합에 진단과 컨설팅을 지원합니다.",
    ),
]


def ensure_seed() -> None:
    """The four programs and the reviewer group (the data migration creates
    them too; this puts them back after a flush, e.g. in the demo)."""
    Group.objects.get_or_create(name=REVIEWER)
    for order, (code, name, line, description) in enumerate(SEEDED_PROGRAMS):
        Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "budget_line_name": line,
                "description": description,
            },
        )


# --- applications -----------------------------------------------------------------------


def check_call_open(call: Call, now=None) -> None:
    now = now or timezone.now()
    if not call.published:
        raise ServiceError(None, "공개되지 않은 공고입니다.")
    if now < call.opens_at:
        raise ServiceError(None, "아직 접수 기간이 아닙니다.")
    if now >= call.closes_at:
        raise ServiceError(None, "접수가 마감되었습니다.")


def receipt_email(application: Application) -> tuple[str, str]:
    call = application.call
    subject = f"[서울시협동조합지원센터] {call.title} 신청 접수 안내"
    body = (
        f"{application.organisation} 귀중\n\n"
        f"'{application.project_name}' 신청을 {format_datetime(application.submitted_at)}에 "
        "접수했습니다.\n"
        "심사 결과는 이 주소로 알려 드리며, 아래 링크에서 언제든 진행 상태를 볼 수 있습니다.\n"
        "링크는 신청하신 분만 아는 주소이니 다른 사람과 나누지 마세요.\n\n"
        f"신청 상태 확인: {absolute_url(application.status_url())}\n\n"
        "서울특별시협동조합지원센터 (1544-5077)"
    )
    return subject, body


def _document(doc, upload, kind: str) -> dict:
    """The fields a stored document (held or attached) takes from its upload."""
    return {"document_type": doc, **UploadedDocument.from_upload(upload, kind)}


@transaction.atomic
def hold_uploads(*, call: Call, form_key: uuid.UUID, uploads: dict) -> dict[int, HeldUpload]:
    """Keep the documents of a form that was sent back for another field.

    `uploads` maps DocumentType → (uploaded file, kind), already checked by
    content; a new file for a document replaces the one kept before. Returns
    every document kept for this form ({document type id: HeldUpload})."""
    for doc, (upload, kind) in uploads.items():
        previous = HeldUpload.objects.filter(form_key=form_key, document_type=doc).first()
        if previous is not None:
            previous.file.delete(save=False)
            previous.delete()
        HeldUpload.objects.create(form_key=form_key, call=call, **_document(doc, upload, kind))
    return selectors.held_uploads(call=call, form_key=form_key)


def purge_held_uploads(now=None) -> int:
    """Delete kept documents (rows and files) older than the holding period."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=HeldUpload.HOURS)
    removed = 0
    for held in HeldUpload.objects.filter(created_at__lt=cutoff).iterator():
        held.file.delete(save=False)
        held.delete()
        removed += 1
    return removed


@transaction.atomic
def submit_application(
    *,
    call: Call,
    data: dict,
    members: list[str],
    files: dict,
    consent: dict,
    held: dict | None = None,
    now=None,
) -> Application:
    """Create an application with its consortium members and attachments, and
    mail the applicant a receipt with the private status link (outbox).

    `files` maps DocumentType → (uploaded file, kind); `held` maps
    DocumentType → HeldUpload kept from an earlier try of the same form
    (moved to the application, then removed). Deadline and required
    documents are re-checked here, whatever the form said. `consent` holds
    both consent records (the applicant's own and the participants')."""
    now = now or timezone.now()
    held = held or {}
    call = Call.objects.select_for_update().get(pk=call.pk)
    check_call_open(call, now)
    attached = set(files) | set(held)
    missing = [doc.name for doc in call.document_types.filter(required=True) if doc not in attached]
    if missing:
        raise ServiceError(None, f"필수 서류가 빠졌습니다: {', '.join(missing)}")
    if call.max_amount and data["requested_amount"] > call.max_amount:
        raise ServiceError(
            "requested_amount", f"신청 금액은 {call.max_amount:,}원 이하여야 합니다."
        )
    application = Application(call=call, submitted_at=now, **data, **consent)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ServiceError(
            "project_name", "같은 조합이 같은 사업명으로 이미 신청했습니다."
        ) from exc
    ConsortiumMember.objects.bulk_create(
        ConsortiumMember(application=application, order=i, name=name)
        for i, name in enumerate(members)
    )
    for doc, (upload, kind) in files.items():
        Attachment.objects.create(application=application, **_document(doc, upload, kind))
    for doc, kept in held.items():
        if doc in files:
            continue
        with kept.file.open("rb") as handle:
            attachment = Attachment(
                application=application,
                document_type=doc,
                original_name=kept.original_name,
                kind=kept.kind,
                size=kept.size,
            )
            attachment.file.save(kept.original_name, File(handle), save=False)
        attachment.save()
        stored = kept.file.name
        kept.delete()
        transaction.on_commit(lambda name=stored: default_storage.delete(name))
    subject, body = receipt_email(application)
    queue_email(
        to=application.email, subject=subject, body=body, key=f"programs-receipt-{application.pk}"
    )
    return application


# --- reviews ----------------------------------------------------------------------------


def _check_dates(record) -> None:
    """The record's date rules (its fiscal year, end after start), re-checked
    here whatever the form said: every write path obeys them."""
    if errors := record.date_errors():
        raise ServiceError.many(errors)


@transaction.atomic
def save_call(*, call: Call, criteria, documents) -> Call:
    """A call with its criteria and document types (both inline formsets, already
    valid) in one transaction, so a call never exists without its criteria."""
    _check_dates(call)
    call.save()
    for formset in (criteria, documents):
        formset.instance = call
        formset.save()
    return call


@transaction.atomic
def save_small_event(*, event: SmallEvent) -> SmallEvent:
    """Create or change a small event: its dates inside its fiscal year, one
    event per (year, cooperative, title)."""
    _check_dates(event)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as exc:
        raise ServiceError("title", "같은 조합의 같은 행사가 이미 있습니다.") from exc
    return event


def assign_reviewer(*, call: Call, reviewer) -> int:
    """Give the reviewer every application of the call; assignments that exist
    stay (one per application and reviewer). Returns the number of applications."""
    ids = list(call.applications.values_list("pk", flat=True))
    ReviewAssignment.objects.bulk_create(
        [ReviewAssignment(application_id=i, reviewer=reviewer) for i in ids],
        ignore_conflicts=True,
    )
    return len(ids)


def weighted_total(scores: dict) -> Decimal:
    """Σ score × weight / 100, 2 decimals: scores maps Criterion → 0–100."""
    total = sum(score * criterion.weight for criterion, score in scores.items())
    return (Decimal(total) / 100).quantize(Decimal("0.01"))


@transaction.atomic
def save_review(*, application: Application, reviewer, scores: dict, comment: str) -> Review:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.is_decided:
        raise ServiceError(None, "선정 결과가 확정된 신청은 심사 점수를 바꿀 수 없습니다.")
    criteria = set(application.call.criteria.all())
    if set(scores) != criteria:
        raise ServiceError(None, "모든 심사 기준에 점수를 매겨야 합니다.")
    for criterion, score in scores.items():
        if not 0 <= score <= 100:
            raise ServiceError(None, f"{criterion.name}: 점수는 0~100 사이여야 합니다.")
    review, _ = Review.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"comment": comment}
    )
    review.comment = comment
    review.weighted_total = weighted_total(scores)
    review.save()
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, score=score)
        for criterion, score in scores.items()
    )
    if application.status == Application.RECEIVED:
        application.status = Application.REVIEWING
        application.save(update_fields=["status"])
    return review


# --- selection -----------------------------------------------------------------------------


def decision_email(application: Application, status_url: str) -> tuple[str, str]:
    call = application.call
    if application.status == Application.SELECTED:
        amount = application.grant.amount
        subject = f"[서울시협동조합지원센터] {call.title} 선정 안내"
        result = f"선정되었습니다. 지원 결정액은 {amount:,}원입니다."
    else:
        subject = f"[서울시협동조합지원센터] {call.title} 심사 결과 안내"
        result = "아쉽게도 이번 공모에는 선정되지 않았습니다."
    body = (
        f"{application.organisation} 귀중\n\n"
        f"'{application.project_name}' 신청의 심사 결과를 알려 드립니다.\n"
        f"{result}\n"
        + (f"\n{application.decision_note}\n" if application.decision_note else "")
        + f"\n신청 상태 확인: {status_url}\n\n서울특별시협동조합지원센터 (1544-5077)"
    )
    return subject, body


@transaction.atomic
def decide(
    *,
    application: Application,
    selected: bool,
    amount: int | None = None,
    budget_line: BudgetLine | None = None,
    items: list[str] | None = None,
    note: str = "",
    status_url: str = "",
    now=None,
) -> Application:
    """Record 선정 (with the grant) or 탈락, and e-mail the applicant."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.is_decided:
        raise ServiceError(None, "이미 선정 결과가 확정된 신청입니다.")
    application.decision_note = note
    application.decided_at = now or timezone.now()
    if selected:
        errors = {}
        if not amount or amount <= 0:
            errors["amount"] = "지원 결정액을 1원 이상 입력하세요."
        elif amount > application.requested_amount:
            errors["amount"] = (
                f"지원 결정액은 신청 금액({application.requested_amount:,}원)을 넘을 수 없습니다."
            )
        if budget_line is None:
            errors["budget_line"] = "지원금이 나갈 예산 항목을 고르세요."
        elif budget_line.fiscal_year_id != application.call.fiscal_year_id:
            errors["budget_line"] = "공고와 같은 회계연도의 예산 항목을 고르세요."
        elif budget_line.children.exists():
            errors["budget_line"] = "세부 예산 항목을 고르세요."
        items = [i.strip() for i in (items or []) if i.strip()]
        if not items:
            errors["items"] = "지원 항목을 한 개 이상 적으세요."
        if errors:
            raise ServiceError.many(errors)
        application.status = Application.SELECTED
        application.save()
        grant = Grant.objects.create(
            application=application, amount=amount, budget_line=budget_line
        )
        GrantItem.objects.bulk_create(
            GrantItem(grant=grant, name=name) for name in dict.fromkeys(items)
        )
    else:
        application.status = Application.REJECTED
        application.save()
    subject, body = decision_email(application, status_url)
    queue_email(
        to=application.email, subject=subject, body=body, key=f"programs-decision-{application.pk}"
    )
    return application


# --- grant execution ----------------------------------------------------------------------


def _locked_grant(grant: Grant) -> Grant:
    grant = (
        Grant.objects.select_for_update()
        .select_related("application", "application__call__program")
        .get(pk=grant.pk)
    )
    if Settlement.objects.filter(grant=grant).exists():
        raise ServiceError(None, "정산이 끝난 지원금입니다. 더 기록할 수 없습니다.")
    return grant


@transaction.atomic
def record_disbursement(
    *, grant: Grant, date: dt.date, amount: int, user=None, overrun_reason: str = ""
) -> Disbursement:
    """Pay part of the grant: one ledger Expenditure on the grant's budget line,
    in the same transaction, so programme spending shows in budget execution.
    The ledger's rule applies: past the line's budget only as a manager's
    초과집행 with `overrun_reason`."""
    grant = _locked_grant(grant)
    if amount <= 0:
        raise ServiceError("amount", "지급액은 1원 이상이어야 합니다.")
    if grant.disbursed + amount > grant.amount:
        raise ServiceError(
            "amount", f"지급 가능액({grant.amount - grant.disbursed:,}원)을 넘습니다."
        )
    application = grant.application
    expenditure = Expenditure(
        budget_line_id=grant.budget_line_id,
        date=date,
        amount=amount,
        payee=application.organisation[:100],
        memo=f"{application.call.program.name} 지원금 지급 ({application.project_name})"[:200],
        evidence=f"지원금 #{grant.pk}",
        is_overrun=bool(overrun_reason.strip()),
        overrun_reason=overrun_reason.strip(),
    )
    record_expenditure(expenditure, user=user)
    grant.disbursed += amount
    grant.save(update_fields=["disbursed"])
    return Disbursement.objects.create(
        grant=grant, date=date, amount=amount, expenditure=expenditure, created_by=user
    )


@transaction.atomic
def record_spending(
    *,
    grant: Grant,
    date: dt.date,
    item: GrantItem,
    amount: int,
    description: str,
    receipt=None,
    user=None,
) -> Spending:
    """Add spending evidence; the grant row is locked so concurrent entries
    can never together exceed the granted amount."""
    grant = _locked_grant(grant)
    if item.grant_id != grant.pk:
        raise ServiceError("item", "이 지원금의 지원 항목을 고르세요.")
    if amount <= 0:
        raise ServiceError("amount", "금액은 1원 이상이어야 합니다.")
    if date > timezone.localdate():
        raise ServiceError("date", "앞으로의 날짜는 사용일로 적을 수 없습니다.")
    if grant.spent + amount > grant.amount:
        raise ServiceError("amount", f"지원금 잔액({grant.amount - grant.spent:,}원)을 넘습니다.")
    spending = Spending(
        grant=grant,
        date=date,
        item=item,
        amount=amount,
        description=description,
        created_by=user,
    )
    if receipt is not None:
        spending.receipt = receipt
        spending.receipt_name = receipt.name[:200]
    spending.save()
    grant.spent += amount
    grant.save(update_fields=["spent"])
    return spending


@transaction.atomic
def delete_spending(*, spending: Spending) -> None:
    grant = _locked_grant(spending.grant)
    spending = Spending.objects.select_for_update().get(pk=spending.pk)
    grant.spent -= spending.amount
    grant.save(update_fields=["spent"])
    spending.delete()


def settlement_figures(grant: Grant) -> dict:
    """정산 arithmetic: unspent = granted − spent; refund = disbursed − spent
    (never negative: spending beyond what was paid is owed by nobody)."""
    return {
        "granted": grant.amount,
        "disbursed": grant.disbursed,
        "spent": grant.spent,
        "unspent": grant.amount - grant.spent,
        "refund": max(grant.disbursed - grant.spent, 0),
        "to_pay": max(grant.spent - grant.disbursed, 0),
    }


@transaction.atomic
def settle(*, grant: Grant, settled_on: dt.date, note: str = "", user=None) -> Settlement:
    """Close the grant. What the grantee returns (반환) goes back to the budget
    line's execution as a negative ledger entry owned by the settlement."""
    grant = _locked_grant(grant)
    figures = settlement_figures(grant)
    figures.pop("to_pay")
    refund_entry = None
    if figures["refund"] > 0:
        application = grant.application
        refund_entry = Expenditure(
            budget_line_id=grant.budget_line_id,
            date=settled_on,
            amount=-figures["refund"],
            is_refund=True,
            payee=application.organisation[:100],
            memo=f"{application.call.program.name} 지원금 반환 ({application.project_name})"[:200],
            evidence=f"지원금 #{grant.pk} 정산",
        )
        try:
            record_expenditure(refund_entry, user=user)
        except ValidationError as exc:
            # The refund is booked on the settlement date: its errors are the date's.
            raise ServiceError("settled_on", " ".join(exc.messages)) from exc
    return Settlement.objects.create(
        grant=grant,
        settled_on=settled_on,
        note=note,
        settled_by=user,
        refund_expenditure=refund_entry,
        **figures,
    )


# --- policy work ------------------------------------------------------------------------------


@transaction.atomic
def carry_over_on_year_copy(source: FiscalYear, target: FiscalYear) -> None:
    """The year-copy hook (core.registry.register_year_copy): a year made from
    the one before starts its register with that year's open issues."""
    if selectors.issues_to_carry_over(target).exists():
        carry_over_issues(fiscal_year=target)


def carry_over_issues(*, fiscal_year: FiscalYear) -> int:
    """Open issues of the previous year go on in this year's register, numbered
    after its own, with their status, field and priority; each once (the
    constraint on (year, carried_from) holds under concurrent clicks).
    Returns how many were carried over."""
    FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    issues = list(selectors.issues_to_carry_over(fiscal_year))
    if not issues:
        raise ServiceError(None, f"{fiscal_year.year - 1}년에서 이월할 미해결 과제가 없습니다.")
    last = PolicyIssue.objects.filter(fiscal_year=fiscal_year).aggregate(n=Max("number"))["n"]
    PolicyIssue.objects.bulk_create(
        PolicyIssue(
            fiscal_year=fiscal_year,
            number=(last or 0) + offset,
            title=issue.title,
            area=issue.area,
            description=issue.description,
            status=issue.status,
            priority=issue.priority,
            carried_from=issue,
        )
        for offset, issue in enumerate(issues, start=1)
    )
    return len(issues)
