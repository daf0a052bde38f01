"""Retention: sign-ups, walk-ins and outreach contacts are scrubbed after the
retention period (the rows stay, so the counts survive); the change history
keeps copies of the same fields and is scrubbed with them."""

from core.registry import RetentionRule, register_retention

from .models import Attendance, OutreachRequest, Registration, SurveyResponse

SCRUBBED = "(파기)"


def register() -> None:
    register_retention(
        RetentionRule(
            label="교육 신청자",
            model=Registration,
            date_field="created_at",
            scrub={"name": SCRUBBED, "phone": "", "email": "", "organisation": ""},
            not_yet_scrubbed={"name": SCRUBBED},
        ),
        history_label="교육 신청자 변경 이력",
    )
    register_retention(
        RetentionRule(
            label="교육 현장 참석자",
            model=Attendance,
            date_field="checked_at",
            scrub={"walk_in_name": SCRUBBED, "walk_in_phone": "", "walk_in_organisation": ""},
            not_yet_scrubbed={"walk_in_name__in": [SCRUBBED, ""]},
        )
    )
    register_retention(
        RetentionRule(
            label="찾아가는 교육 신청 담당자",
            model=OutreachRequest,
            date_field="created_at",
            scrub={"contact_name": SCRUBBED, "contact_phone": "", "contact_email": ""},
            not_yet_scrubbed={"contact_name": SCRUBBED},
        ),
        history_label="찾아가는 교육 신청 변경 이력",
    )
    register_retention(
        RetentionRule(
            label="교육 만족도 의견",
            model=SurveyResponse,
            date_field="submitted_at",
            scrub={"comment": ""},
            not_yet_scrubbed={"comment": ""},
        )
    )
