"""Programs' views, one module per sub-domain (re-exported here for urls.py).

- ``calls``: public pages, the overview, programs and calls, reviewer
  assignment, applications, reviews and decisions
- ``grants``: grants, disbursements, spending, settlement
- ``support``: coaching, outcomes, demo days, small events
- ``policy``: the advisory board, meetings and forums, the issue register
"""

from .calls import (
    AttachmentDownloadView,
    OverviewView,
    ProgramEditView,
    ReviewInboxView,
    ReviewView,
    application_detail,
    application_status,
    apply,
    assign_reviewer,
    call_edit,
    call_staff,
    decide,
    plan_template,
    public_call,
    public_calls,
    ranking,
    ranking_xlsx,
    staff_home,
)
from .grants import (
    GrantListView,
    add_spending,
    delete_spending,
    disburse,
    grant_detail,
    receipt,
    settle,
)
from .policy import (
    IssueCarryOverView,
    IssueEditView,
    MeetingEditView,
    MemberCreateView,
    PolicyView,
)
from .support import (
    AssignmentCreateView,
    CoachingListView,
    DemoDayEditView,
    ExpertEditView,
    OutcomeListView,
    PromoContentCreateView,
    SessionCreateView,
    SmallEventEditView,
    SmallEventListView,
    outcome_edit,
)

__all__ = [
    "AssignmentCreateView",
    "AttachmentDownloadView",
    "CoachingListView",
    "DemoDayEditView",
    "ExpertEditView",
    "GrantListView",
    "IssueCarryOverView",
    "IssueEditView",
    "MeetingEditView",
    "MemberCreateView",
    "OutcomeListView",
    "OverviewView",
    "PolicyView",
    "ProgramEditView",
    "PromoContentCreateView",
    "ReviewInboxView",
    "ReviewView",
    "SessionCreateView",
    "SmallEventEditView",
    "SmallEventListView",
    "add_spending",
    "application_detail",
    "application_status",
    "apply",
    "assign_reviewer",
    "call_edit",
    "call_staff",
    "decide",
    "delete_spending",
    "disburse",
    "grant_detail",
    "outcome_edit",
    "plan_template",
    "public_call",
    "public_calls",
    "ranking",
    "ranking_xlsx",
    "receipt",
    "settle",
    "staff_home",
]
