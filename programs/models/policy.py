"""Policy work: the advisory board, policy meetings and forums, the issue register."""

from django.db import models
from simple_history.models import HistoricalRecords

from center.models import fiscal_year_fk
from core.fields import optional_fk, unique

__all__ = [
    "AdvisoryMember",
    "PolicyIssue",
    "PolicyMeeting",
]

# --- policy work ------------------------------------------------------------------------------


class AdvisoryMember(models.Model):
    """제도개선 자문단 위원."""

    fiscal_year = fiscal_year_fk("advisory_members")
    name = models.CharField("이름", max_length=50)
    affiliation = models.CharField("소속·직위", max_length=100, blank=True)
    role = models.CharField("역할", max_length=20, default="위원")

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "자문위원"
        constraints = [unique("fiscal_year", "name", "affiliation", name="unique_advisory_member")]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class PolicyMeeting(models.Model):
    ADVISORY = "advisory"
    FORUM = "forum"
    KINDS = [(ADVISORY, "제도개선 자문회의"), (FORUM, "제도개선 토론회")]

    fiscal_year = fiscal_year_fk("policy_meetings")
    kind = models.CharField("구분", max_length=10, choices=KINDS)
    title = models.CharField("회의명", max_length=150)
    date = models.DateField("일자", db_index=True)
    place = models.CharField("장소", max_length=150, blank=True)
    attendees = models.ManyToManyField(
        AdvisoryMember, blank=True, related_name="meetings", verbose_name="참석 위원"
    )
    other_attendees = models.CharField("그 밖의 참석자", max_length=300, blank=True)
    agenda = models.TextField("안건")
    minutes = models.TextField("회의록", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "정책 회의"

    def __str__(self):
        return self.title


class PolicyIssue(models.Model):
    """The register of institutional problems found (제도개선 과제)."""

    FOUND = "found"
    REVIEWING = "reviewing"
    PROPOSED = "proposed"
    RESOLVED = "resolved"
    HELD = "held"
    STATUSES = [
        (FOUND, "발굴"),
        (REVIEWING, "검토 중"),
        (PROPOSED, "개선 제안"),
        (RESOLVED, "해결"),
        (HELD, "보류"),
    ]

    fiscal_year = fiscal_year_fk("policy_issues")
    number = models.PositiveSmallIntegerField("연번")
    title = models.CharField("과제", max_length=200)
    area = models.CharField("분야", max_length=50, blank=True)
    description = models.TextField("내용", blank=True)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=FOUND)
    priority = models.BooleanField("우선 해결과제", default=False)
    carried_from = optional_fk("self", models.SET_NULL, "이월 전 과제", related_name="carried_to")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-priority", "number", "pk"]
        verbose_name = verbose_name_plural = "제도개선 과제"
        constraints = [
            unique("fiscal_year", "number", name="unique_policy_issue_number"),
            # An open issue goes on into a later year's register once.
            unique("fiscal_year", "carried_from", name="unique_policy_issue_carry_over"),
        ]

    def __str__(self):
        return self.title
