"""Online question pages: the citizen's form and private page, and the staff's
queue, detail and documents."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import public, staff_required
from core.privacy import log_access, mask_name
from core.privacy_views import require_reason
from core.public_forms import ratelimit
from core.uploads import attachment_response
from core.views import render_form

from .. import selectors, services
from ..forms import (
    AnswerForm,
    QuestionForm,
)
from ..models import Question, QuestionDocument

# --- public: online questions -------------------------------------------------------


@public
@never_cache
@ratelimit("question-form", limit=5, period=60)
@require_http_methods(["GET", "POST"])
def question_new(request):
    form = QuestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        question = services.submit_question(
            name=d["name"],
            email=d["email"],
            phone=d["phone"],
            cooperative_name=d["cooperative_name"],
            category=d["category"],
            title=d["title"],
            body=d["body"],
            documents=d["documents"],
            **form.consent_record(),
        )
        messages.success(
            request,
            "질문을 접수했습니다. 확인 메일을 보냈습니다. 답변은 이 페이지에서 볼 수 있습니다.",
        )
        return redirect(question.get_public_url())
    return render_form(request, "consultations/question_form.html", {"form": form}, form=form)


@public
@never_cache
@ratelimit("question-private", limit=20, period=60, methods=("GET", "POST"))
@require_GET
def question_private(request, token):
    question = get_object_or_404(
        Question.objects.select_related("category").prefetch_related("documents"), token=token
    )
    if question.personal_data_destroyed:
        raise Http404("보유기간이 지나 파기된 상담입니다.")
    response = render(request, "consultations/question_private.html", {"question": question})
    response["Referrer-Policy"] = "same-origin"
    return response


# --- staff: online questions -----------------------------------------------------------

QUEUES = [
    ("overdue", "기한 지남"),
    ("today", "오늘 마감"),
    ("open", "답변 대기 전체"),
    ("answered", "답변 완료"),
]


@staff_required
@require_GET
def question_queue(request):
    queue = request.GET.get("queue", "open")
    if queue not in dict(QUEUES):
        queue = "open"
    today = timezone.localdate()
    page = Paginator(selectors.question_queue(queue, today), 25).get_page(request.GET.get("page"))
    for question in page:
        question.sla = question.sla_state(today)
    return render(
        request,
        "consultations/question_queue.html",
        {
            "queue": queue,
            "queues": QUEUES,
            "counts": selectors.queue_counts(today),
            "page_obj": page,
            "today": today,
        },
    )


def _question(pk):
    return get_object_or_404(
        Question.objects.select_related("category", "answered_by", "consultation").prefetch_related(
            "documents"
        ),
        pk=pk,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def question_detail(request, pk):
    question = _question(pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        if question.personal_data_destroyed:
            messages.error(request, "개인정보가 파기된 상담에는 답변할 수 없습니다.")
            return redirect(question.get_absolute_url())
        services.answer_question(
            question=question, answer=form.cleaned_data["answer"], user=request.user
        )
        messages.success(request, "답변을 저장하고 신청인에게 메일로 알렸습니다.")
        return redirect(question.get_absolute_url())
    if not question.personal_data_destroyed:
        log_access(
            request,
            question,
            "view",
            subject=f"온라인 상담 {question.reference} ({mask_name(question.name)})",
        )
    return render_form(
        request,
        "consultations/question_detail.html",
        {"question": question, "form": form, "sla": question.sla_state()},
        form=form,
    )


def _describe_document(request, pk, doc_pk):
    document = (
        QuestionDocument.objects.select_related("question")
        .filter(pk=doc_pk, question_id=pk)
        .first()
    )
    if document is None:
        return None, request.path
    subject = f"온라인 상담 {document.question.reference} 첨부 {document.original_name}"
    return document.question, subject[:200]


@staff_required
@require_http_methods(["GET", "POST"])  # POST: the reason form
@require_reason(action="export", describe=_describe_document, title="첨부 서류 내려받기")
def question_document(request, pk, doc_pk):
    """Documents citizens sent: staff only, a reason first, logged (by
    `require_reason`), always as a download."""
    document = get_object_or_404(QuestionDocument, pk=doc_pk, question_id=pk)
    return attachment_response(document.file, document.original_name)
