"""Staff pages for consultation categories (managers), expert consultations,
the advisory board's advisors and their answers. Lists and forms are
declarations on `core.views`; writes with rules go through the services."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.querystring import query_id
from core.views import ObjectEditView, ObjectListView

from .. import selectors
from ..forms import (
    AdvisorForm,
    AdvisoryAnswerFilter,
    AdvisoryAnswerForm,
    CategoryForm,
    ExpertConsultationForm,
    ExpertFilter,
)
from ..models import Advisor, AdvisoryAnswer, Category, Consultation, ExpertConsultation, Field
from ..services import experts as expert_services
from ..tables import AdvisorTable, AdvisoryAnswerTable, ExpertConsultationTable


def _counts_by_field(counts: dict) -> list[tuple[str, int]]:
    return [(label, counts.get(value, 0)) for value, label in Field.choices]


# --- categories (managers) ------------------------------------------------------------


class CategoryListView(ManagerRequiredMixin, ObjectListView):
    template_name = "consultations/category_list.html"
    context_object_name = "categories"

    def get_base_queryset(self):
        return Category.objects.annotate(count=Count("consultations")).order_by("order", "pk")


class CategoryEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = Category, CategoryForm, "상담 분야"
    success_message = "상담 분야를 저장했습니다: {object.name}"
    success_url = reverse_lazy("consultations:categories")


# --- experts -----------------------------------------------------------------------


class ExpertListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.expert_consultations)
    filterset_class = ExpertFilter
    table_class = ExpertConsultationTable

    def get_context_data(self, **kwargs):
        kwargs["by_field"] = _counts_by_field(selectors.held_expert_counts_by_field())
        return super().get_context_data(**kwargs)


class ExpertEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class = ExpertConsultation, ExpertConsultationForm
    noun, verbs = "전문상담", ("등록", "수정")
    success_message = "전문상담을 저장했습니다: {object.topic}"

    @cached_property
    def source(self):
        """The basic consultation a new one is referred from (`?from=`)."""
        pk = query_id(self.request, "from") if self.adding else None
        if pk is None:
            return None
        return get_object_or_404(Consultation.objects.select_related("cooperative"), pk=pk)

    def get_initial(self):
        if self.source is None:
            return {}
        return {"cooperative": self.source.cooperative_id, "topic": self.source.summary[:200]}

    def get_context_data(self, **kwargs):
        if self.source is not None:
            kwargs.setdefault("subtitle", f"기초상담 #{self.source.pk}에서 의뢰")
        return super().get_context_data(**kwargs)

    def save(self, form):
        return expert_services.save_expert_consultation(
            expert=form.save(commit=False),
            advisors=list(form.cleaned_data["advisors"]),
            user=self.request.user,
            source=self.source,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_back_url(self):
        return reverse("consultations:experts") if self.adding else self.get_success_url()


@staff_required
def expert_detail(request, pk):
    expert = get_object_or_404(selectors.expert_consultations(), pk=pk)
    return render(request, "consultations/expert_detail.html", {"e": expert})


# --- advisors and their answers -------------------------------------------------------


class AdvisorListView(StaffRequiredMixin, ObjectListView):
    table_class = AdvisorTable

    def get_base_queryset(self):
        return selectors.advisors().order_by("board", "field", "name")

    def get_table(self, queryset):
        table = super().get_table(queryset)
        table.today = timezone.localdate()
        return table

    def get_context_data(self, **kwargs):
        kwargs["by_board"] = selectors.advisor_counts_by_board(self.object_list)
        return super().get_context_data(**kwargs)


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


class AdvisorEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class = Advisor, AdvisorForm
    titles = ("자문위원 위촉 등록", "자문위원 수정")
    success_message = "자문위원을 저장했습니다: {object.name}"
    success_url = reverse_lazy("consultations:advisors")  # the 취소 link

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_back_url(self):
        return str(self.success_url)


class AnswerListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.advisory_answers)
    filterset_class = AdvisoryAnswerFilter
    table_class = AdvisoryAnswerTable

    def get_context_data(self, **kwargs):
        counts = selectors.counts_by_field(self.object_list)
        kwargs.update(
            # Joined here so a field without answers leaves no stray comma.
            by_field_text=", ".join(
                f"{label} {counts[value]:,}건"
                for value, label in Field.choices
                if counts.get(value)
            ),
            total=sum(counts.values()),
        )
        return super().get_context_data(**kwargs)


class AnswerEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = (
        AdvisoryAnswer,
        AdvisoryAnswerForm,
        "자문 답변",
        ("등록", "수정"),
    )
    success_message = "자문 답변을 저장했습니다."
    success_url = reverse_lazy("consultations:answers")

    def save(self, form):
        return expert_services.save_advisory_answer(
            answer=form.save(commit=False), user=self.request.user
        )
