"""Policy work: the advisory board, policy meetings and forums, the issue
register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.permissions import StaffRequiredMixin
from core.views import ObjectEditView

from .. import selectors, services
from ..forms import AdvisoryMemberForm, PolicyIssueForm, PolicyMeetingForm
from ..models import AdvisoryMember, PolicyIssue, PolicyMeeting
from .common import YearMixin, YearScopedMixin, paginate

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


class PolicyRecordView(YearScopedMixin, StaffRequiredMixin, ObjectEditView):
    year_url = "programs:policy"


class MemberCreateView(PolicyRecordView):
    model, form_class, title = AdvisoryMember, AdvisoryMemberForm, "자문위원 등록"


class MeetingEditView(PolicyRecordView):
    model, form_class = PolicyMeeting, PolicyMeetingForm
    titles = ("회의·토론회 기록", "회의·토론회 수정")


class IssueEditView(PolicyRecordView):
    model, form_class, noun, verbs = PolicyIssue, PolicyIssueForm, "제도개선 과제", ("등록", "수정")


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
