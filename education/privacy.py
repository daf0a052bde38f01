"""Retention: sign-ups, walk-ins and outreach contacts are scrubbed after the
retention period (the rows stay, so the counts survive); the change history
keeps copies of the same fields and is scrubbed with them."""

from core.privacy import scrub_rule
from core.registry import register_retention

from .models import Attendance, OutreachRequest, Registration, SurveyResponse


def register() -> None:
    # (rule, label of the same rule for the change history: "" when the model keeps none)
    for rule, history_label in (
        (
            scrub_rule(
                "교육 신청자",
                Registration,
                "created_at",
                marked="name",
                emptied=("phone", "email", "organisation"),
            ),
            "교육 신청자 변경 이력",
        ),
        (
            # A registered attendee has no walk-in name: nothing to scrub.
            scrub_rule(
                "교육 현장 참석자",
                Attendance,
                "checked_at",
                marked="walk_in_name",
                emptied=("walk_in_phone", "walk_in_organisation"),
                also_done=("",),
            ),
            "",
        ),
        (
            scrub_rule(
                "찾아가는 교육 신청 담당자",
                OutreachRequest,
                "created_at",
                marked="contact_name",
                emptied=("contact_phone", "contact_email"),
            ),
            "찾아가는 교육 신청 변경 이력",
        ),
        (
            scrub_rule(
                "교육 만족도 의견", SurveyResponse, "submitted_at", marked="comment", marker=""
            ),
            "",
        ),
    ):
        register_retention(rule, history_label=history_label)
