"""Programs' forms, one module per sub-domain like models/ and views/
(re-exported here, so ``from programs.forms import CallForm`` keeps working).

- ``calls``: programs, calls, criteria and document-type formsets
- ``applications``: the citizens' application, reviews, reviewer assignment, decisions
- ``grants``: disbursements, spending, settlement
- ``support``: experts and coaching, outcomes, demo days, small events
- ``policy``: advisory members, meetings, the issue register
- ``common``: date widgets, the won field, upload limits
"""

from .applications import (
    ApplicationForm,
    AssignReviewerForm,
    DecisionForm,
    ReviewForm,
)
from .calls import (
    CallForm,
    CriterionForm,
    CriterionFormSet,
    DocumentTypeForm,
    DocumentTypeFormSet,
    ProgramForm,
)
from .common import (
    MAX_ATTACHMENT_BYTES,
    MAX_MEMBERS,
    MAX_RECEIPT_BYTES,
    RECEIPT_KINDS,
)
from .grants import (
    DisbursementForm,
    SettlementForm,
    SpendingForm,
)
from .policy import (
    AdvisoryMemberForm,
    PolicyIssueForm,
    PolicyMeetingForm,
)
from .support import (
    CoachingAssignmentForm,
    CoachingSessionForm,
    DemoDayForm,
    ExpertForm,
    OutcomeForm,
    PromoContentForm,
    SmallEventForm,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_MEMBERS",
    "MAX_RECEIPT_BYTES",
    "RECEIPT_KINDS",
    "AdvisoryMemberForm",
    "ApplicationForm",
    "AssignReviewerForm",
    "CallForm",
    "CoachingAssignmentForm",
    "CoachingSessionForm",
    "CriterionForm",
    "CriterionFormSet",
    "DecisionForm",
    "DemoDayForm",
    "DisbursementForm",
    "DocumentTypeForm",
    "DocumentTypeFormSet",
    "ExpertForm",
    "OutcomeForm",
    "PolicyIssueForm",
    "PolicyMeetingForm",
    "ProgramForm",
    "PromoContentForm",
    "ReviewForm",
    "SettlementForm",
    "SmallEventForm",
    "SpendingForm",
]
