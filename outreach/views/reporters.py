from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.privacy import log_access
from core.views import ObjectCreateView, ObjectEditView, ObjectListView

from .. import selectors
from ..forms import CohortForm, MeetingForm, ReporterForm
from ..models import ContentItem, Reporter, ReporterCohort, ReporterMeeting
from ..tables import CohortTable

# --- youth reporters ------------------------------------------------------------------------


class CohortListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.cohorts)
    table_class = CohortTable
    template_name = "outreach/cohorts.html"
    context_object_name = "cohorts"


cohort_list = CohortListView.as_view()


@staff_required
def cohort_detail(request, pk):
    cohort = get_object_or_404(ReporterCohort, pk=pk)
    members = list(cohort.members.all())
    if members:
        log_access(request, cohort, "view", subject=f"청년기자단 {cohort} 명단")
    articles = (
        ContentItem.objects.filter(author_reporter__cohort=cohort)
        .select_related("author_reporter")
        .order_by("-date")
    )
    return render(
        request,
        "outreach/cohort.html",
        {
            "cohort": cohort,
            "members": members,
            "meetings": cohort.meetings.all(),
            "articles": articles,
        },
    )


class CohortEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = ReporterCohort, CohortForm, "청년기자단 기수"
    success_url = reverse_lazy("outreach:cohorts")  # after adding; after editing its page

    def get_success_url(self):
        if self.adding:
            return super().get_success_url()
        return reverse("outreach:cohort", args=[self.object.pk])


class _CohortChildCreate(StaffRequiredMixin, ObjectCreateView):
    def get_cohort(self):
        return get_object_or_404(ReporterCohort, pk=self.kwargs["pk"])

    def form_valid(self, form):
        form.instance.cohort = self.get_cohort()
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("outreach:cohort", args=[self.kwargs["pk"]])


class ReporterCreateView(_CohortChildCreate):
    model = Reporter
    form_class = ReporterForm
    title = "청년기자 추가"


class MeetingCreateView(_CohortChildCreate):
    model = ReporterMeeting
    form_class = MeetingForm
    title = "청년기자단 모임 기록"
