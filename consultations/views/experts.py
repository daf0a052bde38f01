"""Staff pages for consultation categories (managers), expert consultations,
the advisory board's advisors and their answers."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core.permissions import manager_required, staff_required
from core.querystring import query_id, query_year

from .. import selectors
from ..forms import (
    AdvisorForm,
    AdvisoryAnswerForm,
    CategoryForm,
    ExpertConsultationForm,
)
from ..models import (
    Advisor,
    AdvisoryAnswer,
    Category,
    Consultation,
    ExpertConsultation,
    Field,
)
from .staff import _page

# --- categories (managers) ------------------------------------------------------------


@manager_required
def category_list(request):
    categories = Category.objects.annotate(count=Count("consultations")).order_by("order", "pk")
    return render(request, "consultations/category_list.html", {"categories": categories})


@manager_required
def category_edit(request, pk=None):
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        category = form.save()
        messages.success(request, f"상담 분야를 저장했습니다: {category.name}")
        return redirect("consultations:categories")
    return render(
        request,
        "consultations/form.html",
        {
            "form": form,
            "title": "상담 분야 수정" if pk else "상담 분야 추가",
            "back_url": reverse("consultations:categories"),
        },
    )


# --- experts -----------------------------------------------------------------------


@staff_required
def expert_list(request):
    qs = selectors.expert_consultations()
    status = request.GET.get("status")
    field = request.GET.get("field")
    if status in ExpertConsultation.Status.values:
        qs = qs.filter(status=status)
    if field in Field.values:
        qs = qs.filter(field=field)
    if request.GET.get("monitoring") == "due":
        qs = qs.filter(follow_up_on__lte=timezone.localdate(), follow_up_note="")
    page = _page(request, qs)
    by_field = dict(
        ExpertConsultation.objects.filter(status=ExpertConsultation.Status.HELD)
        .values_list("field")
        .annotate(n=Count("pk"))
        .values_list("field", "n")
    )
    return render(
        request,
        "consultations/expert_list.html",
        {
            "page_obj": page,
            "experts": page.object_list,
            "statuses": ExpertConsultation.Status.choices,
            "fields": Field.choices,
            "by_field": [(label, by_field.get(value, 0)) for value, label in Field.choices],
        },
    )


@staff_required
def expert_edit(request, pk=None):
    expert = get_object_or_404(ExpertConsultation, pk=pk) if pk else None
    source = None
    source_pk = query_id(request, "from")
    if expert is None and source_pk is not None:
        source = get_object_or_404(Consultation.objects.select_related("cooperative"), pk=source_pk)
    initial = {}
    if source is not None:
        initial = {"cooperative": source.cooperative_id, "topic": source.summary[:200]}
    form = ExpertConsultationForm(request.POST or None, instance=expert, initial=initial)
    if request.method == "POST" and form.is_valid():
        expert = form.save(commit=False)
        if source is not None:
            expert.consultation = source
            expert.cooperative = expert.cooperative or source.cooperative
        if expert.created_by_id is None:
            expert.created_by = request.user
        expert.save()
        form.save_m2m()
        messages.success(request, f"전문상담을 저장했습니다: {expert.topic}")
        return redirect(expert)
    return render(
        request,
        "consultations/form.html",
        {
            "form": form,
            "title": "전문상담 수정" if expert else "전문상담 등록",
            "subtitle": f"기초상담 #{source.pk}에서 의뢰" if source else "",
            "back_url": expert.get_absolute_url() if expert else reverse("consultations:experts"),
        },
    )


@staff_required
def expert_detail(request, pk):
    expert = get_object_or_404(selectors.expert_consultations(), pk=pk)
    return render(request, "consultations/expert_detail.html", {"e": expert})


@staff_required
def advisor_list(request):
    advisors = selectors.advisors().order_by("board", "field", "name")
    return render(
        request,
        "consultations/advisor_list.html",
        {"advisors": advisors, "today": timezone.localdate()},
    )


@staff_required
def advisor_detail(request, pk):
    advisor = get_object_or_404(Advisor, pk=pk)
    return render(
        request,
        "consultations/advisor_detail.html",
        {
            "advisor": advisor,
            "answers": advisor.answers.order_by("-answered_on")[:50],
            "experts": advisor.expert_consultations.select_related("cooperative")[:50],
        },
    )


@staff_required
def advisor_edit(request, pk=None):
    advisor = get_object_or_404(Advisor, pk=pk) if pk else None
    form = AdvisorForm(request.POST or None, instance=advisor)
    if request.method == "POST" and form.is_valid():
        advisor = form.save()
        messages.success(request, f"자문위원을 저장했습니다: {advisor.name}")
        return redirect(advisor)
    return render(
        request,
        "consultations/form.html",
        {
            "form": form,
            "title": "자문위원 수정" if advisor else "자문위원 위촉 등록",
            "back_url": reverse("consultations:advisors"),
        },
    )


@staff_required
def answer_list(request):
    qs = selectors.advisory_answers()
    field = request.GET.get("field")
    year = query_year(request)
    if field in Field.values:
        qs = qs.filter(field=field)
    if year is not None:
        qs = qs.filter(answered_on__year=year)
    counts = dict(qs.order_by().values_list("field").annotate(n=Count("pk")))
    page = _page(request, qs)
    return render(
        request,
        "consultations/answer_list.html",
        {
            "page_obj": page,
            "answers": page.object_list,
            "fields": Field.choices,
            "by_field": [(label, counts.get(value, 0)) for value, label in Field.choices],
            # Joined here so a field without answers leaves no stray comma.
            "by_field_text": ", ".join(
                f"{label} {counts[value]:,}건"
                for value, label in Field.choices
                if counts.get(value)
            ),
            "total": sum(counts.values()),
        },
    )


@staff_required
def answer_edit(request, pk=None):
    answer = get_object_or_404(AdvisoryAnswer, pk=pk) if pk else None
    form = AdvisoryAnswerForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        answer = form.save(commit=False)
        if answer.created_by_id is None:
            answer.created_by = request.user
        answer.save()
        messages.success(request, "자문 답변을 저장했습니다.")
        return redirect("consultations:answers")
    return render(
        request,
        "consultations/form.html",
        {
            "form": form,
            "title": "자문 답변 수정" if answer else "자문 답변 등록",
            "back_url": reverse("consultations:answers"),
        },
    )
