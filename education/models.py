"""Education: course types, courses, sessions, sign-ups with a waitlist,
attendance, completion, satisfaction surveys and outreach (찾아가는 교육)
requests.

Counting rule for the report (교육 회차): a session of a one-day course
counts as one 회; a multi-session course (과정, `required_sessions` > 1,
e.g. the ICA 리더십 과정) counts as one 회 however many sessions it has.
Participants are the distinct people who attended at least one session.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from center.fiscal import FiscalDatesModel
from core.display import format_date
from core.fields import (
    at_least,
    bounded,
    dates_in_order,
    fiscal_year_number,
    optional_fk,
    unique,
    user_fk,
    within,
)
from core.models import CitizenContact, Ordered
from core.uploads import random_upload_path

# Personal data fields of this app, in one place (masking, retention, archive).
PERSONAL_FIELDS = {
    "Registration": ("name", "phone", "email", "organisation"),
    "Attendance": ("walk_in_name", "walk_in_phone", "walk_in_organisation"),
    "OutreachRequest": ("contact_name", "contact_phone", "contact_email"),
    "SurveyResponse": ("comment",),
}

DISTRICTS = [
    (d, d)
    for d in (
        "강남구 강동구 강북구 강서구 관악구 광진구 구로구 금천구 노원구 도봉구 동대문구 "
        "동작구 마포구 서대문구 서초구 성동구 성북구 송파구 양천구 영등포구 용산구 은평구 "
        "종로구 중구 중랑구"
    ).split()
]


_materials_path = random_upload_path("education")


def materials_upload_to(instance, filename):
    """Module-level so migrations can reference it (a closure cannot be serialised)."""
    return _materials_path(instance, filename)


class CourseType(Ordered):
    """A kind of education the report counts (입문교육, 맞춤교육 …).

    `code` ties seeded types to indicator sources; managers may rename them.
    A child type (ICA 리더십 과정 under 운영실무교육) is counted with its parent."""

    code = models.SlugField(
        "코드", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    name = models.CharField("교육 유형", max_length=100, unique=True)
    parent = optional_fk(
        "self",
        models.PROTECT,
        "상위 유형",
        related_name="children",
        help_text="실적을 상위 유형에 합산합니다 (예: ICA 리더십 과정 → 운영실무교육).",
    )
    is_outreach = models.BooleanField(
        "찾아가는 교육", default=False, help_text="신청한 협동조합·자치구로 찾아가서 진행합니다."
    )
    description = models.TextField("설명", blank=True)
    is_active = models.BooleanField("사용", default=True)

    class Meta(Ordered.Meta):
        verbose_name = verbose_name_plural = "교육 유형"

    def __str__(self):
        return self.name


class Course(models.Model):
    """A course in a year: one-day (each session stands alone) or a 과정 of
    several sessions completed by attending `required_sessions` of them."""

    type = models.ForeignKey(
        CourseType, on_delete=models.PROTECT, related_name="courses", verbose_name="교육 유형"
    )
    title = models.CharField("교육명", max_length=150)
    year = fiscal_year_number("연도", validators=[MaxValueValidator(2100)])
    required_sessions = models.PositiveSmallIntegerField(
        "이수 기준(회)",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="1이면 회차마다 따로 신청하는 1일 교육, 2 이상이면 한 번 신청해 "
        "여러 회차를 듣고 이 횟수 이상 출석하면 수료하는 과정입니다.",
    )
    description = models.TextField("교육 내용", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "type__order", "title"]
        verbose_name = verbose_name_plural = "교육 과정"
        constraints = [
            at_least("required_sessions", 1, name="course_required_sessions_positive"),
            unique("type", "year", "title", name="unique_course_title"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_program(self) -> bool:
        """Several sessions, one sign-up, completion by attendance."""
        return self.required_sessions > 1


class Instructor(models.Model):
    name = models.CharField("이름", max_length=50)
    affiliation = models.CharField("소속", max_length=100, blank=True)
    expertise = models.CharField("전문 분야", max_length=100, blank=True)
    email = models.EmailField("이메일", blank=True)
    phone = models.CharField("연락처", max_length=20, blank=True)
    is_active = models.BooleanField("활동 중", default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = verbose_name_plural = "강사"

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class Session(FiscalDatesModel, models.Model):
    OFFLINE, ONLINE, HYBRID = "offline", "online", "hybrid"
    FORMATS = [(OFFLINE, "오프라인"), (ONLINE, "온라인"), (HYBRID, "병행")]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name="교육 과정"
    )
    topic = models.CharField("회차 주제", max_length=150, blank=True)
    starts_at = models.DateTimeField("시작 일시")
    ends_at = models.DateTimeField("종료 일시")
    format = models.CharField("진행 방식", max_length=10, choices=FORMATS, default=OFFLINE)
    place = models.CharField("장소", max_length=200, blank=True)
    online_url = models.URLField("온라인 주소", blank=True, help_text="Zoom, YouTube 등")
    capacity = models.PositiveIntegerField("정원(명)", validators=[MinValueValidator(1)])
    instructors = models.ManyToManyField(
        Instructor, blank=True, related_name="sessions", verbose_name="강사"
    )
    partners = models.CharField("협력 기관", max_length=200, blank=True)
    host_name = models.CharField(
        "신청 기관(찾아가는 교육)", max_length=100, blank=True, help_text="협동조합 또는 자치구"
    )
    district = models.CharField("자치구", max_length=10, choices=DISTRICTS, blank=True)
    materials = models.FileField("교육 자료", upload_to=materials_upload_to, blank=True)
    materials_name = models.CharField(max_length=200, blank=True, editable=False)
    is_public = models.BooleanField(
        "공개 모집",
        default=True,
        help_text="끄면 목록에 보이지 않고 링크를 아는 사람만 신청합니다.",
    )
    signup_open = models.BooleanField("신청 받기", default=True)
    is_cancelled = models.BooleanField("폐강", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["materials"])

    fiscal_date_fields = ("starts_at", "ends_at")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = verbose_name_plural = "교육 회차"
        constraints = [
            dates_in_order("starts_at", "ends_at", name="session_ends_after_start", strict=True),
            at_least("capacity", 1, name="session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        when = format_date(self.starts_at)
        return f"{self.course.title} {self.topic} ({when})".replace("  ", " ")

    def get_absolute_url(self):
        return reverse("education:session", args=[self.pk])

    def fiscal_year_for_dates(self) -> int | None:
        # A session belongs to its course's year.
        return self.course.year if self.course_id else None

    def public_url(self):
        return reverse("education:public_session", args=[self.public_id])

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_held(self) -> bool:
        return self.is_over and not self.is_cancelled


class Registration(CitizenContact):
    REGISTERED, WAITLISTED, CANCELLED = "registered", "waitlisted", "cancelled"
    STATUSES = [(REGISTERED, "신청 완료"), (WAITLISTED, "대기"), (CANCELLED, "취소")]
    ONLINE, STAFF = "online", "staff"
    SOURCES = [(ONLINE, "온라인 신청"), (STAFF, "직원 등록")]

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name="교육 회차"
    )
    organisation = models.CharField("소속(협동조합·기관)", max_length=100, blank=True)
    status = models.CharField("상태", max_length=12, choices=STATUSES, default=REGISTERED)
    waitlist_position = models.PositiveIntegerField("대기 순번", null=True, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField("신청 경로", max_length=10, choices=SOURCES, default=ONLINE)
    consent_version = models.CharField("동의 문안 버전", max_length=20, blank=True)
    consent_at = models.DateTimeField("동의 일시", null=True, blank=True)
    created_at = models.DateTimeField("신청 일시", default=timezone.now)
    cancelled_at = models.DateTimeField("취소 일시", null=True, blank=True)
    promoted_at = models.DateTimeField("대기 확정 일시", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = verbose_name_plural = "수강 신청"
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="waitlisted") & Q(waitlist_position__isnull=False))
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_waitlist_position_iff_waitlisted",
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="unique_waitlist_position",
            ),
            models.UniqueConstraint(
                fields=["session", "phone"],
                condition=Q(status__in=["registered", "waitlisted"]) & ~Q(phone=""),
                name="unique_active_registration_per_phone",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        from core.privacy import mask_name

        return f"{mask_name(self.name)} · {self.session}"

    def private_url(self):
        return reverse("education:registration", args=[self.token])

    def survey_url(self):
        return reverse("education:survey", args=[self.token])


class Attendance(models.Model):
    """Presence at one session: a registrant ticked on the roster, or a walk-in."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name="교육 회차"
    )
    registration = optional_fk(Registration, models.CASCADE, "신청", related_name="attendances")
    walk_in_name = models.CharField("이름(현장 참석)", max_length=50, blank=True)
    walk_in_phone = models.CharField("연락처(현장 참석)", max_length=20, blank=True)
    walk_in_organisation = models.CharField("소속(현장 참석)", max_length=100, blank=True)
    checked_at = models.DateTimeField("확인 일시", default=timezone.now)
    checked_by = user_fk(related_name=None, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["checked_at", "pk"]
        verbose_name = verbose_name_plural = "출석"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(registration__isnull=False),
                name="unique_attendance_per_registration",
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=False) | ~Q(walk_in_name=""),
                name="attendance_registration_or_walk_in",
            ),
        ]

    def __str__(self):
        return f"출석 {self.session_id}/{self.registration_id or self.walk_in_name}"


SURVEY_QUESTIONS = [
    ("q_content", "교육 내용에 만족하십니까?"),
    ("q_instructor", "강사의 강의에 만족하십니까?"),
    ("q_operation", "교육 운영(일정·장소·안내)에 만족하십니까?"),
    ("q_overall", "이 교육에 전반적으로 만족하십니까?"),
]


class SurveyResponse(models.Model):
    """A participant's satisfaction answers (1–5 each); one per registration."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="survey", verbose_name="신청"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="survey_responses", verbose_name="교육 회차"
    )
    q_content = bounded("교육 내용", 1, 5)
    q_instructor = bounded("강사", 1, 5)
    q_operation = bounded("교육 운영", 1, 5)
    q_overall = bounded("전반적 만족", 1, 5)
    comment = models.TextField("의견", blank=True, max_length=2000)
    submitted_at = models.DateTimeField("응답 일시", default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = verbose_name_plural = "만족도 응답"
        constraints = [
            within(name, 1, 5, name=f"survey_{name}_1_to_5") for name, _ in SURVEY_QUESTIONS
        ]

    def __str__(self):
        return f"만족도 {self.registration_id}"

    def answers(self) -> list[int]:
        return [getattr(self, name) for name, _ in SURVEY_QUESTIONS]


class PaperSurvey(models.Model):
    """The paper questionnaires of one session (a 찾아가는 교육 in a district
    hall, walk-ins), entered by staff as counts per score for each question;
    merged with the online answers in every satisfaction figure."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="paper_survey", verbose_name="교육 회차"
    )
    forms = models.PositiveIntegerField("설문지 수", validators=[MinValueValidator(1)])
    entered_by = user_fk("입력 직원", on_delete=models.SET_NULL)
    entered_at = models.DateTimeField("입력 일시", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "종이 설문"
        constraints = [at_least("forms", 1, name="paper_survey_forms_positive")]

    def __str__(self):
        return f"종이 설문 {self.forms}장 ({self.session})"


class PaperSurveyCount(models.Model):
    """How many paper forms gave `score` to `question`."""

    paper = models.ForeignKey(PaperSurvey, on_delete=models.CASCADE, related_name="counts")
    question = models.CharField("문항", max_length=20, choices=SURVEY_QUESTIONS)
    score = bounded("점수", 1, 5)
    count = models.PositiveIntegerField("응답 수")

    class Meta:
        verbose_name = verbose_name_plural = "종이 설문 응답 수"
        constraints = [
            unique("paper", "question", "score", name="paper_count_once_per_score"),
            within("score", 1, 5, name="paper_count_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.question} {self.score}점 {self.count}"


class OutreachRequest(models.Model):
    """찾아가는 교육 request from a cooperative or 자치구 (≥15 days ahead, ≥10 people)."""

    MIN_DAYS_AHEAD = 15
    MIN_PARTICIPANTS = 10
    RECEIVED, ACCEPTED, DECLINED = "received", "accepted", "declined"
    STATUSES = [(RECEIVED, "접수"), (ACCEPTED, "수락(일정 확정)"), (DECLINED, "반려")]
    COOPERATIVE, DISTRICT_OFFICE, OTHER = "coop", "district", "other"
    KINDS = [(COOPERATIVE, "협동조합"), (DISTRICT_OFFICE, "자치구·사경센터"), (OTHER, "기타 단체")]

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course_type = models.ForeignKey(
        CourseType, on_delete=models.PROTECT, related_name="outreach_requests", verbose_name="교육"
    )
    organisation = models.CharField("기관·조합명", max_length=100)
    kind = models.CharField("기관 구분", max_length=10, choices=KINDS, default=COOPERATIVE)
    district = models.CharField("자치구", max_length=10, choices=DISTRICTS)
    desired_date = models.DateField("희망일")
    desired_time = models.TimeField("희망 시작 시각")
    place = models.CharField("교육 장소", max_length=200)
    expected_participants = models.PositiveIntegerField("예상 참여 인원(명)")
    contact_name = models.CharField("담당자 이름", max_length=50)
    contact_phone = models.CharField("담당자 연락처", max_length=20)
    contact_email = models.EmailField("담당자 이메일")
    message = models.TextField("요청 사항", blank=True, max_length=2000)
    consent_version = models.CharField(max_length=20, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("접수 일시", default=timezone.now)
    status = models.CharField("상태", max_length=10, choices=STATUSES, default=RECEIVED)
    session = optional_fk(
        Session, models.PROTECT, "확정 회차", one_to_one=True, related_name="outreach_request"
    )
    handled_by = user_fk(related_name=None, on_delete=models.SET_NULL)
    handled_at = models.DateTimeField(null=True, blank=True)
    staff_note = models.CharField("처리 메모", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "찾아가는 교육 신청"
        constraints = [
            at_least("expected_participants", 10, name="outreach_min_participants"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(session__isnull=False),
                name="outreach_accepted_has_session",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.course_type} ({self.desired_date})"
