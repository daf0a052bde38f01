"""경영지원 programs: calls and applications, reviews, grants and their
execution, coaching, outcomes, small events with crowdfunding, policy work.

One module per sub-domain; every model is re-exported here, so
``from programs.models import Grant`` is the one way to import them (the app
label stays ``programs`` and the tables keep their names).

- ``calls``: programs, calls, review criteria, document types
- ``applications``: applications, consortium members, attachments, reviewer
  assignments, reviews and scores
- ``grants``: grants, grant items, disbursements, spending, settlement
- ``support``: experts and coaching, outcomes, demo days, small events and
  their promotional content (crowdfunding)
- ``policy``: the advisory board, policy meetings and forums, the issue register

Money is integer won. Personal data fields are listed in PERSONAL_FIELDS so
masking, the access log and retention know them.
"""

from .applications import (
    Application,
    Attachment,
    ConsortiumMember,
    HeldUpload,
    Review,
    ReviewAssignment,
    Score,
    attachment_upload_to,
    held_upload_to,
)
from .calls import DORMANT, SCALEUP, SMALL_EVENT, STARTUP, Call, Criterion, DocumentType, Program
from .grants import Disbursement, Grant, GrantItem, Settlement, Spending, receipt_upload_to
from .policy import AdvisoryMember, PolicyIssue, PolicyMeeting
from .support import (
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Expert,
    Outcome,
    PromoContent,
    SmallEvent,
)

# (model, fields) holding personal data, for masking and retention.
PERSONAL_FIELDS = {
    "Application": ["representative", "phone", "email"],
    "Expert": ["phone", "email"],
}

__all__ = [
    "DORMANT",
    "PERSONAL_FIELDS",
    "SCALEUP",
    "SMALL_EVENT",
    "STARTUP",
    "AdvisoryMember",
    "Application",
    "Attachment",
    "Call",
    "CoachingAssignment",
    "CoachingSession",
    "ConsortiumMember",
    "Criterion",
    "DemoDay",
    "Disbursement",
    "DocumentType",
    "Expert",
    "Grant",
    "GrantItem",
    "HeldUpload",
    "Outcome",
    "PolicyIssue",
    "PolicyMeeting",
    "Program",
    "PromoContent",
    "Review",
    "ReviewAssignment",
    "Score",
    "Settlement",
    "SmallEvent",
    "Spending",
    "attachment_upload_to",
    "held_upload_to",
    "receipt_upload_to",
]
