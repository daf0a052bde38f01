"""Policy work: the advisory board, policy meetings and forums, the issue
register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.permissions import (
    StaffRequiredMixin,
)
from core.views import ObjectCreateView, ObjectEditView

from .. import selectors, services
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
from .common import YearMixin, paginate

# --- policy work -------------------------------------------------------------------------------


class PolicyView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/policy.html"

    def get_context_data(self, **kwargs):
        fy = self.fiscal_year
        issues = selectors.policy_issues(
            fy,
            status=self.request.GET.get("status", ""),
            priority=self.request.GET.get("priority") == "1",
        )
        page = paginate(self.request, issues)
        return super().get_context_data(
            members=selectors.advisory_members(fy),
            meetings=selectors.policy_meetings_of(fy),
            issues=page,
            page_obj=page,
            counts=selectors.policy_issue_counts(fy),
            to_carry_over=selectors.issues_to_carry_over(fy).count(),
            previous_year=str(fy.year - 1),
            statuses=PolicyIssue.STATUSES,
            **kwargs,
        )


class _PolicyCreate(YearMixin, StaffRequiredMixin, ObjectCreateView):
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


class MeetingUpdateView(MeetingCreateView, ObjectEditView):
    title = "회의·토론회 수정"


class IssueCreateView(_PolicyCreate):
    model = PolicyIssue
    form_class = PolicyIssueForm
    title = "제도개선 과제 등록"


class IssueUpdateView(IssueCreateView, ObjectEditView):
    title = "제도개선 과제 수정"


class IssueCarryOverView(YearMixin, StaffRequiredMixin, View):
    """POST: bring the previous year's open issues into this year's register."""

    def post(self, request, *args, **kwargs):
        try:
            n = services.carry_over_issues(fiscal_year=self.fiscal_year)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, f"{self.fiscal_year.year - 1}년 미해결 과제 {n}건을 이월했습니다."
            )
        return redirect("programs:policy", year=self.fiscal_year.year)
