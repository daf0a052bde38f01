"""Policy work: the advisory board, policy meetings and forums, the issue
register."""

from django.db.models import Count, Q
from django.urls import reverse
from django.views.generic import CreateView, TemplateView, UpdateView

from core.permissions import (
    StaffRequiredMixin,
)

from ..forms import (
    AdvisoryMemberForm,
    PolicyIssueForm,
    PolicyMeetingForm,
)
from ..models import (
    AdvisoryMember,
    PolicyIssue,
    PolicyMeeting,
)
from .common import FormPageMixin, YearMixin

# --- policy work -------------------------------------------------------------------------------


class PolicyView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/policy.html"

    def get_context_data(self, **kwargs):
        fy = self.fiscal_year
        meetings = PolicyMeeting.objects.filter(fiscal_year=fy).prefetch_related("attendees")
        issues = PolicyIssue.objects.filter(fiscal_year=fy)
        status = self.request.GET.get("status", "")
        if status in dict(PolicyIssue.STATUSES):
            issues = issues.filter(status=status)
        if self.request.GET.get("priority") == "1":
            issues = issues.filter(priority=True)
        counts = PolicyIssue.objects.filter(fiscal_year=fy).aggregate(
            total=Count("pk"), priority=Count("pk", filter=Q(priority=True))
        )
        return super().get_context_data(
            members=AdvisoryMember.objects.filter(fiscal_year=fy),
            meetings=meetings,
            issues=issues,
            counts=counts,
            statuses=PolicyIssue.STATUSES,
            **kwargs,
        )


class _PolicyCreate(YearMixin, StaffRequiredMixin, FormPageMixin, CreateView):
    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("programs:policy", args=[self.fiscal_year.year])

    def get_queryset(self):
        return self.model.objects.filter(fiscal_year=self.fiscal_year)


class MemberCreateView(_PolicyCreate):
    model = AdvisoryMember
    form_class = AdvisoryMemberForm
    title = "자문위원 등록"


class MeetingCreateView(_PolicyCreate):
    model = PolicyMeeting
    form_class = PolicyMeetingForm
    title = "회의·토론회 기록"


class MeetingUpdateView(MeetingCreateView, UpdateView):
    title = "회의·토론회 수정"


class IssueCreateView(_PolicyCreate):
    model = PolicyIssue
    form_class = PolicyIssueForm
    title = "제도개선 과제 등록"


class IssueUpdateView(IssueCreateView, UpdateView):
    title = "제도개선 과제 수정"
