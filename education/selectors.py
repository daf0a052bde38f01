"""Reads of education records: public listings, staff lists, rosters and the
per-type/per-course figures the report prints (sessions held, participants,
completion, satisfaction)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from core.display import mean_score
from core.rates import rate
from core.selectors import related_count

from .models import (
    SURVEY_QUESTIONS,
    Attendance,
    Course,
    CourseType,
    Instructor,
    PaperSurvey,
    PaperSurveyCount,
    Registration,
    Session,
    SurveyResponse,
)

COMPLETION_PLACES = 1


def completion_rate(completed: int, applied: int) -> Decimal | None:
    return rate(completed, applied, places=COMPLETION_PLACES)


def with_counts(queryset: QuerySet) -> QuerySet:
    """Sessions annotated with registered, waiting and attended counts (subqueries,
    so the row count stays one per session)."""
    return queryset.annotate(
        n_registered=related_count(
            Registration.objects.filter(status=Registration.REGISTERED), "session"
        ),
        n_waiting=related_count(
            Registration.objects.filter(status=Registration.WAITLISTED), "session"
        ),
        n_attended=related_count(Attendance.objects, "session"),
    ).annotate(seats_left=F("capacity") - F("n_registered"))


def held_sessions(year: int | None = None) -> QuerySet:
    """Sessions that took place: not cancelled and already over."""
    qs = Session.objects.filter(is_cancelled=False, ends_at__lte=timezone.now())
    if year is not None:
        qs = qs.filter(starts_at__year=year)
    return qs


def type_filter(code: str, prefix: str = "course__type") -> Q:
    """A type with its child types (ICA 리더십 과정 counts under 운영실무교육)."""
    return Q(**{f"{prefix}__code": code}) | Q(**{f"{prefix}__parent__code": code})


# What the report counts, written once for every grouping (Django copies an
# expression when a query uses it, so these are shared safely): the held
# courses of sessions (each session of a single-session course, a programme
# once) and the participants of attendances (the distinct registrants who
# attended, plus the walk-ins).
HELD = Count("pk", filter=Q(course__required_sessions=1)) + Count(
    "course", distinct=True, filter=Q(course__required_sessions__gt=1)
)
PARTICIPANTS = Count("registration", distinct=True) + Count(
    "pk", filter=Q(registration__isnull=True)
)


def held_count(codes: list[str], year: int) -> int:
    """교육 회차 held in the year: each session of a one-day course, each multi-session
    course once. One query."""
    q = Q()
    for code in codes:
        q |= type_filter(code)
    return held_sessions(year).filter(q).aggregate(n=HELD)["n"]


def participant_count(codes: list[str], year: int) -> int:
    """Distinct people who attended a held session of these types. One query."""
    q = Q()
    for code in codes:
        q |= type_filter(code, "session__course__type")
    attendances = Attendance.objects.filter(session__in=held_sessions(year).values("pk"))
    return attendances.filter(q).aggregate(n=PARTICIPANTS)["n"]


def figures_by_type(year: int) -> dict[int, dict]:
    """Course type pk → {held, participants, total, answers} of the year's held
    sessions, in five grouped queries: what `held_count`, `participant_count`
    and the satisfaction means compute one set of types at a time. Sessions,
    courses and registrations each belong to one type, so the figures of a
    set of types are sums of these."""
    held = held_sessions(year)
    figures: dict[int, dict] = {}

    def row(type_pk):
        return figures.setdefault(type_pk, {"held": 0, "participants": 0, "total": 0, "answers": 0})

    for r in held.values("course__type").annotate(n=HELD):
        row(r["course__type"])["held"] += r["n"]
    attendances = Attendance.objects.filter(session__in=held.values("pk"))
    for r in attendances.values("session__course__type").annotate(n=PARTICIPANTS):
        row(r["session__course__type"])["participants"] += r["n"]
    for type_pk, (total, answers, _) in satisfaction_totals(
        held.values("pk"), by="session__course__type"
    ).items():
        row(type_pk)["total"] += total
        row(type_pk)["answers"] += answers
    return figures


# --- public -----------------------------------------------------------------------


def upcoming_public_sessions() -> list[Session]:
    """Open sessions still ahead, with seats left; a multi-session course shows only
    its first session (people sign up once for the whole course)."""
    first_of_course = (
        Session.objects.filter(course=OuterRef("course"), is_cancelled=False)
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )
    qs = (
        Session.objects.filter(
            is_public=True, signup_open=True, is_cancelled=False, starts_at__gt=timezone.now()
        )
        .annotate(first_pk=Subquery(first_of_course))
        .filter(Q(course__required_sessions=1) | Q(pk=F("first_pk")))
        .select_related("course", "course__type")
        .order_by("starts_at", "pk")
    )
    return list(with_counts(qs))


def program_sessions(course: Course) -> list[Session]:
    return list(course.sessions.filter(is_cancelled=False).order_by("starts_at", "pk"))


# --- staff ------------------------------------------------------------------------


def session_list() -> QuerySet:
    return with_counts(
        Session.objects.select_related("course", "course__type").order_by("-starts_at", "-pk")
    )


def paper_survey_list() -> QuerySet[PaperSurvey]:
    """The paper questionnaires entered per session, latest session first."""
    return PaperSurvey.objects.select_related(
        "session", "session__course", "session__course__type", "entered_by"
    ).order_by("-session__starts_at", "-pk")


def roster(session: Session) -> list[Registration]:
    """Registrations expected at this session (a program's sign-ups come to every
    session), each with `present` for this session. Two queries."""
    course = session.course
    if course.is_program:
        qs = Registration.objects.filter(session__course=course)
    else:
        qs = Registration.objects.filter(session=session)
    regs = list(qs.filter(status=Registration.REGISTERED).order_by("name", "pk"))
    present = set(
        Attendance.objects.filter(session=session, registration__isnull=False).values_list(
            "registration_id", flat=True
        )
    )
    for reg in regs:
        reg.present = reg.pk in present
    return regs


def walk_ins(session: Session) -> list[Attendance]:
    return list(session.attendances.filter(registration__isnull=True).order_by("pk"))


def _program_end(session: Session, *, last: bool) -> Session:
    """A program's first (or last) session that is not cancelled; any other
    session stands for itself."""
    if not session.course.is_program:
        return session
    order = ("-starts_at", "-pk") if last else ("starts_at", "pk")
    sessions = Session.objects.filter(course=session.course, is_cancelled=False)
    return sessions.order_by(*order).first() or session


def signup_session(session: Session) -> Session:
    """The session people sign up on: a program's first session, else itself."""
    return _program_end(session, last=False)


def attended(registration: Registration) -> bool:
    """Whether the registrant came (any session of a program): only they answer
    the satisfaction survey."""
    return Attendance.objects.filter(registration=registration).exists()


def survey_session(registration: Registration) -> Session:
    """The session a registration's survey is about: a program's last session."""
    return _program_end(registration.session, last=True)


def has_answered(registration: Registration) -> bool:
    """Whether the registration's satisfaction survey is answered."""
    return SurveyResponse.objects.filter(registration=registration).exists()


def registration_page(registration: Registration) -> dict:
    """What a registration's private page offers: cancelling (before the
    session starts), the survey (a registered person, once the session or
    the program is over, not answered yet) and a program's sessions."""
    session = registration.session
    return {
        "can_cancel": registration.status != Registration.CANCELLED
        and session.starts_at > timezone.now(),
        "survey_open": registration.status == Registration.REGISTERED
        and survey_session(registration).is_over
        and not has_answered(registration),
        "program": program_sessions(session.course) if session.course.is_program else [],
    }


# --- figures per course type and course ---------------------------------------------


@dataclass
class Figures:
    held: int = 0  # 교육 회차 by the counting rule
    sessions: int = 0  # sessions actually held
    participants: int = 0
    applied: int = 0  # sign-ups to multi-session courses
    completed: int = 0
    score_total: int = 0
    answers: int = 0
    responses: int = 0

    def add(self, other: "Figures") -> None:
        for name in Figures.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def completion_rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.applied) if self.applied else None

    @property
    def satisfaction(self) -> Decimal | None:
        return mean_score(self.score_total, self.answers)


@dataclass
class CourseFigures(Figures):
    course: Course | None = None


@dataclass
class TypeFigures(Figures):
    type: CourseType | None = None
    courses: list[CourseFigures] = field(default_factory=list)


def yearly_figures(year: int) -> list[TypeFigures]:
    """Per top-level course type (and its courses) for one year; child types are
    rolled into their parent as the report does. Six queries, whatever the size."""
    held = held_sessions(year)
    courses = {
        c.pk: CourseFigures(course=c)
        for c in Course.objects.filter(sessions__in=held.values("pk"))
        .distinct()
        .select_related("type")
        .order_by("title", "pk")
    }
    for row in held.values("course").annotate(n=Count("pk")):
        fig = courses[row["course"]]
        fig.sessions = row["n"]
        fig.held = 1 if fig.course.is_program else row["n"]
    attendances = Attendance.objects.filter(session__in=held.values("pk"))
    for row in attendances.values("session__course").annotate(n=PARTICIPANTS):
        courses[row["session__course"]].participants = row["n"]
    for course_pk, (total, answers, respondents) in satisfaction_totals(
        held.values("pk"), by="session__course"
    ).items():
        fig = courses[course_pk]
        fig.score_total, fig.answers, fig.responses = total, answers, respondents
    program_regs = (
        Registration.objects.filter(
            session__course__in=[pk for pk, f in courses.items() if f.course.is_program],
            status=Registration.REGISTERED,
        )
        .annotate(attended=Count("attendances", filter=Q(attendances__session__in=held)))
        .values_list("session__course", "attended")
    )
    for course_pk, attended in program_regs:
        fig = courses[course_pk]
        fig.applied += 1
        if attended >= fig.course.required_sessions:
            fig.completed += 1

    types: dict[int, TypeFigures] = {}
    for t in CourseType.objects.all():
        types[t.pk] = TypeFigures(type=t)
    for fig in courses.values():
        # A child type (ICA 리더십 과정) is reported within its parent (운영실무교육).
        course_type = fig.course.type
        row = types[course_type.parent_id or course_type.pk]
        row.courses.append(fig)
        row.add(fig)
    return [row for row in types.values() if row.courses]


def satisfaction_totals(sessions, *, by: str | None) -> dict:
    """(sum of scores, number of answers, respondents) of the online answers
    and the paper questionnaires of `sessions` (pks or a pk queryset), keyed by
    the value of `by` (e.g. "session", "session__course"), or under None for
    one total. The one place satisfaction is summed: every x.x/5.0 figure
    (session, course, type, the report's sources) divides these. Two queries,
    three with paper answers."""
    answer_sum = sum((F(name) for name, _ in SURVEY_QUESTIONS[1:]), F(SURVEY_QUESTIONS[0][0]))
    # One total is the per-session figures added up under the key None.
    group = by or "session"
    totals: dict = {}

    def add(key, total, answers, respondents):
        key = key if by else None
        old = totals.get(key, (0, 0, 0))
        totals[key] = (old[0] + (total or 0), old[1] + answers, old[2] + respondents)

    online = SurveyResponse.objects.filter(session__in=sessions)
    paper = PaperSurveyCount.objects.filter(paper__session__in=sessions)
    for row in online.values(group).annotate(total=Sum(answer_sum), n=Count("pk")):
        add(row[group], row["total"], row["n"] * len(SURVEY_QUESTIONS), row["n"])
    rows = [
        row
        for row in paper.values(f"paper__{group}").annotate(
            total=Sum(F("score") * F("count")), answers=Sum("count")
        )
        if row["answers"]
    ]
    if rows:  # the questionnaires' count only when there are paper answers
        forms_by = dict(
            PaperSurvey.objects.filter(session__in=sessions)
            .values(group)
            .annotate(n=Sum("forms"))
            .values_list(group, "n")
        )
        for row in rows:
            key = row[f"paper__{group}"]
            add(key, row["total"], row["answers"], forms_by.get(key, 0))
    return totals


def satisfaction_by_session(sessions) -> dict[int, tuple[Decimal | None, int]]:
    """Session pk → (mean of all answers, respondents), online and on paper."""
    return {
        pk: (mean_score(total, answers), respondents)
        for pk, (total, answers, respondents) in satisfaction_totals(sessions, by="session").items()
    }


def years_with_sessions() -> list[int]:
    return sorted(
        {d.year for d in Session.objects.dates("starts_at", "year")} | {timezone.localdate().year},
        reverse=True,
    )


def completion_of(course: Course) -> list[tuple[Registration, int, bool]]:
    """Each sign-up of a multi-session course with its attendance and completion."""
    regs = (
        Registration.objects.filter(session__course=course, status=Registration.REGISTERED)
        .annotate(attended=Count("attendances"))
        .order_by("name", "pk")
    )
    return [(r, r.attended, r.attended >= course.required_sessions) for r in regs]


def session_detail(pk: int) -> Session:
    return (
        with_counts(Session.objects.select_related("course", "course__type"))
        .prefetch_related(Prefetch("instructors"))
        .get(pk=pk)
    )


def course_list():
    """Courses for the staff list, newest year first, with their session counts."""
    return (
        Course.objects.select_related("type")
        .annotate(n_sessions=Count("sessions"))
        .order_by("-year", "type__order", "title")
    )


def instructor_list():
    """Instructors for the staff list, with how many sessions each taught."""
    return Instructor.objects.annotate(n_sessions=Count("sessions")).order_by("name", "pk")


def type_list():
    """Course types for the managers' list, in their order, with their course counts."""
    return (
        CourseType.objects.select_related("parent")
        .annotate(n_courses=Count("courses"))
        .order_by("order", "pk")
    )
