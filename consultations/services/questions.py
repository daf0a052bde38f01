"""Writes with rules for online questions: submitting (with documents),
answering, overdue notices to the team, destroying scrubbed documents."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from center.models import Organisation
from core.calendar import add_business_days
from core.display import absolute_url, format_date_weekday
from core.mail import queue_email
from core.privacy import citizen_contact

from ..models import (
    ANSWER_DAYS,
    REVIEW_DAYS,
    Category,
    Consultation,
    Question,
    QuestionDocument,
)
from .common import citizen_mail, client_for, text_digest

# --- online questions ----------------------------------------------------------


def due_date_for(submitted: dt.datetime, document_review: bool) -> dt.date:
    """3 business days for an answer, 7 for a document review, counted from
    the day after submission (a question sent on a holiday starts the next
    business day like any other)."""
    return add_business_days(
        timezone.localdate(submitted), REVIEW_DAYS if document_review else ANSWER_DAYS
    )


def submit_question(
    *,
    name: str,
    email: str,
    category: Category,
    title: str,
    body: str,
    consent_version: str,
    consent_at: dt.datetime,
    phone: str = "",
    cooperative_name: str = "",
    documents: list = (),
) -> Question:
    """Store a question and its (already validated) documents in one transaction."""
    now = timezone.now()
    review = bool(documents)
    with transaction.atomic():
        question = Question.objects.create(
            **citizen_contact(name=name, phone=phone, email=email),
            cooperative_name=cooperative_name.strip(),
            category=category,
            title=title.strip(),
            body=body.strip(),
            document_review=review,
            consent_version=consent_version,
            consent_at=consent_at,
            submitted_at=now,
            due_date=due_date_for(now, review),
        )
        for upload, kind in documents:
            QuestionDocument.objects.create(
                question=question, **QuestionDocument.from_upload(upload, kind)
            )
        citizen_mail(
            to=question.email,
            subject="온라인 상담을 접수했습니다",
            lines=[
                f"{question.name}님, 온라인 상담을 접수했습니다.",
                "",
                f"접수번호: {question.reference}",
                f"제목: {question.title}",
                f"답변 기한: {format_date_weekday(question.due_date)}"
                + (" (서류검토)" if review else ""),
                "",
                f"답변 확인: {absolute_url(question.get_public_url())}",
                "이 링크는 본인만 알 수 있도록 보관해 주세요.",
            ],
            key=f"question-{question.pk}-received",
        )
    return question


def answer_question(*, question: Question, answer: str, user) -> Question:
    """Record the answer, e-mail the citizen and record a homepage (web)
    consultation. Answering again edits the answer (and the record) only."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "답변을 입력해 주세요."})
    with transaction.atomic():
        question = (
            Question.objects.select_for_update().select_related("category").get(pk=question.pk)
        )
        first = question.status == Question.OPEN
        question.answer = answer
        if first:
            question.status = Question.ANSWERED
            question.answered_at = timezone.now()
            question.answered_by = user
        if question.consultation_id is None:
            client = client_for(
                name=question.name,
                phone=question.phone,
                email=question.email,
                cooperative_name=question.cooperative_name,
            )
            consultation = Consultation.objects.create(
                channel=Consultation.Channel.WEB,
                started_at=question.answered_at,
                duration_minutes=30 if question.document_review else 20,
                client=client,
                cooperative=client.cooperative,
                summary=f"{question.title}\n\n{question.body}",
                answer=answer,
                handled_by=user,
            )
            consultation.categories.add(question.category)
            question.consultation = consultation
        else:
            Consultation.objects.filter(pk=question.consultation_id).update(answer=answer)
        question.save()
        citizen_mail(
            to=question.email,
            subject="온라인 상담에 답변했습니다",
            lines=[
                f"{question.name}님, 문의하신 '{question.title}'에 답변했습니다.",
                "",
                f"답변 보기: {absolute_url(question.get_public_url())}",
            ],
            key=f"question-{question.pk}-answer-{text_digest(answer)}",
        )
    return question


def team_addresses() -> list[str]:
    """Where team notices go: every active staff member or manager with an e-mail."""
    from django.contrib.auth import get_user_model

    from core import roles

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(groups__name__in=[roles.STAFF, roles.MANAGER]) | Q(is_superuser=True)
    ).distinct()
    addresses = sorted(set(users.values_list("email", flat=True)))
    if not addresses:
        org = Organisation.current()
        if org and org.email:
            addresses = [org.email]
    return addresses


def notify_overdue_questions(*, today: dt.date | None = None) -> int:
    """E-mail the team the list of overdue questions, once per day."""
    today = today or timezone.localdate()
    overdue = list(
        Question.objects.filter(status=Question.OPEN, due_date__lt=today)
        .select_related("category")
        .order_by("due_date", "pk")
    )
    if not overdue:
        return 0
    lines = [f"답변 기한이 지난 온라인 상담이 {len(overdue)}건 있습니다.", ""]
    for q in overdue:
        late = (today - q.due_date).days
        lines.append(
            f"- {q.reference} [{q.category.name}] {q.title} "
            f"(기한 {format_date_weekday(q.due_date)}, {late}일 지남) {absolute_url(q.get_absolute_url())}"
        )
    sent = 0
    with transaction.atomic():
        for address in team_addresses():
            sent += (
                queue_email(
                    to=address,
                    subject=f"[업무 포털] 기한이 지난 온라인 상담 {len(overdue)}건",
                    body="\n".join(lines),
                    key=f"questions-overdue-{today.isoformat()}-{address}",
                )
                is not None
            )
    return sent


def destroy_scrubbed_documents() -> int:
    """Documents go with the personal data: once retention has scrubbed a
    question, its files are deleted from storage and their rows removed (the
    question row and its counts stay)."""
    documents = QuestionDocument.objects.filter(question__personal_data_destroyed=True)
    removed = 0
    for document in documents.iterator():
        document.file.delete(save=False)
        document.delete()
        removed += 1
    return removed
