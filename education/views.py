import calendar
import datetime as dt

from django.contrib import messages
from django.db.models import Count, F, Sum
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from core import xlsx
from core.errors import ServiceError
from core.permissions import (
    ManagerRequiredMixin,
    StaffRequiredMixin,
    public,
    staff_required,
)
from core.privacy import log_access, mask_name
from core.privacy_views import require_reason
from core.public_forms import ratelimit
from core.querystring import query_id
from core.uploads import attachment_response
from core.views import (
    FORM_TEMPLATE,
    ObjectCreateView,
    ObjectEditView,
    ObjectListView,
    add_service_error,
)

from . import exporting, selectors, services
from .forms import (
    AcceptOutreachForm,
    CourseForm,
    CourseTypeForm,
    DeclineOutreachForm,
    InstructorForm,
    OutreachRequestForm,
    SessionFilter,
    SessionForm,
    SignupForm,
    StaffRegistrationForm,
    SurveyForm,
    WalkInForm,
)
from .ics import session_ics
from .models import (
    SURVEY_QUESTIONS,
    Attendance,
    Course,
    CourseType,
    Instructor,
    OutreachRequest,
    Registration,
    Session,
    SurveyResponse,
)

# --- public -----------------------------------------------------------------------


@public
def index(request):
    return render(
        request,
        "education/public_index.html",
        {"sessions": selectors.upcoming_public_sessions()},
    )


@public
@ratelimit("education-signup", limit=10, period=60)
def public_session(request, public_id):
    session = get_object_or_404(
        selectors.with_counts(Session.objects.select_related("course", "course__type")),
        public_id=public_id,
    )
    program = selectors.program_sessions(session.course) if session.course.is_program else []
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reg = services.register(
                session_id=session.pk,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                consent=form.consent_record(),
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            return redirect(reg.private_url())
    signup = selectors.signup_session(session)
    open_for_signup = (
        session.signup_open
        and not session.is_cancelled
        and session.starts_at > timezone.now()
        and signup.pk == session.pk
    )
    return render(
        request,
        "education/public_session.html",
        {
            "session": session,
            "form": form,
            "program": program,
            "open": open_for_signup,
            "signup": signup,
            "consent_text": form.consent.as_text(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _registration_by_token(token) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("session", "session__course"), token=token
    )


@public
def registration(request, token):
    reg = _registration_by_token(token)
    survey_session = selectors.survey_session(reg)
    return render(
        request,
        "education/registration.html",
        {
            "reg": reg,
            "session": reg.session,
            "rank": services.waitlist_rank(reg),
            "can_cancel": reg.status != Registration.CANCELLED
            and reg.session.starts_at > timezone.now(),
            "survey_open": reg.status == Registration.REGISTERED
            and survey_session.is_over
            and not SurveyResponse.objects.filter(registration=reg).exists(),
            "program": selectors.program_sessions(reg.session.course)
            if reg.session.course.is_program
            else [],
        },
    )


@public
@require_POST
@ratelimit("education-cancel", limit=10, period=60)
def registration_cancel(request, token):
    reg = _registration_by_token(token)
    try:
        services.cancel(registration_id=reg.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "신청을 취소했습니다.")
    return redirect(reg.private_url())


@public
def registration_ics(request, token):
    reg = _registration_by_token(token)
    if reg.status == Registration.CANCELLED:
        raise Http404("취소된 신청입니다.")
    response = HttpResponse(session_ics(reg.session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="education.ics"'
    return response


@public
def registration_materials(request, token):
    reg = _registration_by_token(token)
    if reg.status != Registration.REGISTERED:
        raise Http404("자료를 받을 수 없습니다.")
    return attachment_response(reg.session.materials, reg.session.materials_name or "자료")


@public
@ratelimit("education-survey", limit=10, period=60)
def survey(request, token):
    reg = _registration_by_token(token)
    session = selectors.survey_session(reg)
    done = SurveyResponse.objects.filter(registration=reg).exists()
    form = SurveyForm(request.POST or None)
    error = None
    if reg.status != Registration.REGISTERED:
        error = "확정된 신청자만 만족도 조사에 답할 수 있습니다."
    elif not session.is_over:
        error = "교육이 끝난 뒤에 답할 수 있습니다."
    if request.method == "POST" and not done and error is None and form.is_valid():
        try:
            services.submit_survey(
                registration_id=reg.pk,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            done = True
            form = None
    return render(
        request,
        "education/survey.html",
        {"reg": reg, "session": session, "form": form, "done": done, "error": error},
        status=400 if request.method == "POST" and not done else 200,
    )


@public
@ratelimit("education-outreach", limit=5, period=60)
def outreach_request(request):
    form = OutreachRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in OutreachRequestForm.Meta.fields}
        try:
            req = services.submit_outreach_request(**data, **form.consent_record())
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            return redirect("education:outreach_status", token=req.token)
    return render(
        request,
        "education/outreach_form.html",
        {"form": form, "consent_text": form.consent.as_text()},
        status=400 if request.method == "POST" else 200,
    )


@public
def outreach_status(request, token):
    req = get_object_or_404(
        OutreachRequest.objects.select_related("course_type", "session"), token=token
    )
    return render(request, "education/outreach_status.html", {"req": req})


# --- staff: sessions ------------------------------------------------------------------


class SessionListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.session_list)
    filterset_class = SessionFilter
    template_name = "education/session_list.html"
    context_object_name = "sessions"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            this_year=today.year,
            this_month=today.month,
            **kwargs,
        )


@staff_required
def session_calendar(request, year, month):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404("없는 달입니다.")
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    sessions = list(
        Session.objects.filter(
            starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz),
            starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .select_related("course", "course__type")
        .order_by("starts_at")
    )
    by_day: dict[dt.date, list] = {}
    for s in sessions:
        by_day.setdefault(timezone.localtime(s.starts_at).date(), []).append(s)
    weeks = [
        [(day, by_day.get(day, []), day.month == month) for day in week]
        for week in calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    ]
    prev_month = first - dt.timedelta(days=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "education/calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "prev": prev_month,
            "next": next_month,
            "weekdays": ["일", "월", "화", "수", "목", "금", "토"],
            "count": len(sessions),
        },
    )


class ObjectPageMixin:
    """Education's form pages go back to the object's own page (none while adding)."""

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_back_url(self):
        return self.object.get_absolute_url() if self.object else ""


class SessionFormMixin(ObjectPageMixin, StaffRequiredMixin):
    model = Session
    form_class = SessionForm
    multipart = True
    success_message = "교육 회차를 저장했습니다."

    def save(self, form):
        session = form.save()
        services.session_saved(session)
        return session


class SessionCreateView(SessionFormMixin, ObjectCreateView):
    title = "교육 회차 등록"

    def get_initial(self):
        initial = super().get_initial()
        course = query_id(self.request, "course")
        if course is not None:
            initial["course"] = course
        return initial


class SessionUpdateView(SessionFormMixin, ObjectEditView):
    title = "교육 회차 수정"


@staff_required
def session_detail(request, pk):
    try:
        session = selectors.session_detail(pk)
    except Session.DoesNotExist as exc:
        raise Http404("교육 회차가 없습니다.") from exc
    regs = list(
        session.registrations.exclude(status=Registration.CANCELLED).order_by(
            "status", "waitlist_position", "created_at", "pk"
        )
    )
    answer_sum = sum((F(name) for name, _ in SURVEY_QUESTIONS[1:]), F(SURVEY_QUESTIONS[0][0]))
    figures = SurveyResponse.objects.filter(session=session).aggregate(
        n=Count("pk"), total=Sum(answer_sum)
    )
    return render(
        request,
        "education/session_detail.html",
        {
            "session": session,
            "registrations": regs,
            "responses": figures["n"],
            "satisfaction": selectors.mean_score(
                figures["total"], figures["n"] * len(SURVEY_QUESTIONS)
            ),
            "register_form": StaffRegistrationForm(),
            "outreach": OutreachRequest.objects.filter(session=session).first(),
            "comments": list(
                SurveyResponse.objects.filter(session=session)
                .exclude(comment="")
                .values_list("comment", flat=True)[:50]
            ),
            "signup_url": request.build_absolute_uri(session.public_url()),
        },
    )


@staff_required
def session_materials(request, pk):
    session = get_object_or_404(Session, pk=pk)
    return attachment_response(session.materials, session.materials_name or "자료")


@staff_required
@require_POST
def staff_register(request, pk):
    session = get_object_or_404(Session, pk=pk)
    form = StaffRegistrationForm(request.POST)
    if form.is_valid():
        try:
            reg = services.register(
                session_id=session.pk, source=Registration.STAFF, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{mask_name(reg.name)}님을 {'신청 완료' if reg.status == 'registered' else '대기'}로 "
                "등록했습니다.",
            )
            return redirect("education:session", pk=session.pk)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "title": f"{session} 신청자 등록", "back_url": session.get_absolute_url()},
        status=400,
    )


@staff_required
@require_POST
def staff_cancel(request, pk, registration_pk):
    reg = get_object_or_404(Registration, pk=registration_pk, session_id=pk)
    services.cancel(registration_id=reg.pk, by_staff=True)
    messages.success(request, f"{mask_name(reg.name)}님의 신청을 취소했습니다.")
    return redirect("education:session", pk=pk)


# --- staff: attendance (tablet) --------------------------------------------------------


@staff_required
def checkin(request, pk):
    session = get_object_or_404(Session.objects.select_related("course", "course__type"), pk=pk)
    roster = selectors.roster(session)
    log_access(request, session, "view", subject=f"출석부 {session}", reason="출석 확인")
    return render(
        request,
        "education/checkin.html",
        {
            "session": session,
            "roster": roster,
            "walk_ins": selectors.walk_ins(session),
            "present": sum(1 for r in roster if r.present),
            "walk_in_form": WalkInForm(),
        },
    )


@staff_required
@require_POST
def checkin_toggle(request, pk, registration_pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    present = request.POST.get("present") == "1"
    try:
        services.set_attendance(
            session=session, registration_id=registration_pk, present=present, user=request.user
        )
    except ServiceError as exc:
        return HttpResponse(exc.message, status=400)
    if request.htmx:
        reg = get_object_or_404(Registration, pk=registration_pk)
        reg.present = present
        count = Attendance.objects.filter(session=session, registration__isnull=False).count()
        return render(
            request,
            "education/_checkin_row.html",
            {"session": session, "reg": reg, "oob_present": count},
        )
    return redirect("education:checkin", pk=pk)


@staff_required
@require_POST
def walk_in_add(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        services.add_walk_in(session=session, user=request.user, **form.cleaned_data)
        messages.success(request, f"현장 참석자 {form.cleaned_data['name']}님을 추가했습니다.")
        return redirect("education:checkin", pk=pk)
    roster = selectors.roster(session)
    return render(
        request,
        "education/checkin.html",
        {
            "session": session,
            "roster": roster,
            "walk_ins": selectors.walk_ins(session),
            "present": sum(1 for r in roster if r.present),
            "walk_in_form": form,
        },
        status=400,
    )


@staff_required
@require_POST
def walk_in_delete(request, pk, attendance_pk):
    att = get_object_or_404(Attendance, pk=attendance_pk, session_id=pk, registration__isnull=True)
    att.delete()
    messages.success(request, "현장 참석자를 지웠습니다.")
    return redirect("education:checkin", pk=pk)


def _roster_file(session, *, full: bool) -> HttpResponse:
    return xlsx.response(
        exporting.roster_xlsx(session, full=full), exporting.roster_filename(session)
    )


def _describe_roster(request, pk):
    session = Session.objects.select_related("course").filter(pk=pk).first()
    if session is None:
        return None, request.path
    return session, f"출석부 {session} (이름·연락처 전체)"[:200]


@require_reason(action="export", describe=_describe_roster, title="출석부 전체 정보 내려받기")
def _roster_full(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    return _roster_file(session, full=True)


@staff_required
@require_http_methods(["GET", "POST"])  # POST: the reason form of ?full=1
def roster_xlsx(request, pk):
    """The roster as XLSX with names and contacts masked. Managers may ask
    ?full=1, which asks the purpose first and logs it (`require_reason`)."""
    from core.roles import is_manager

    if request.GET.get("full") == "1":
        if not is_manager(request.user):
            raise Http404("전체 정보 내려받기는 관리자만 할 수 있습니다.")
        return _roster_full(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    return _roster_file(session, full=False)


# --- staff: courses, instructors, types --------------------------------------------------


class CourseListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.course_list)
    template_name = "education/course_list.html"
    context_object_name = "courses"
    paginate_by = 50


class CourseFormMixin(StaffRequiredMixin):
    model = Course
    form_class = CourseForm
    success_message = "교육 과정을 저장했습니다."

    def get_success_url(self):
        return reverse("education:course", args=[self.object.pk])

    def get_back_url(self):
        return self.get_success_url() if self.object else ""


class CourseCreateView(CourseFormMixin, ObjectCreateView):
    title = "교육 과정 등록"

    def get_initial(self):
        return {"year": timezone.localdate().year}


class CourseUpdateView(CourseFormMixin, ObjectEditView):
    title = "교육 과정 수정"


@staff_required
def course_detail(request, pk):
    course = get_object_or_404(Course.objects.select_related("type"), pk=pk)
    sessions = list(selectors.with_counts(course.sessions.all()).order_by("starts_at", "pk"))
    scores = selectors.satisfaction_by_session([s.pk for s in sessions])
    for s in sessions:
        s.satisfaction, s.responses = scores.get(s.pk, (None, 0))
    completion = selectors.completion_of(course) if course.is_program else []
    completed = sum(1 for _, _, ok in completion if ok)
    return render(
        request,
        "education/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "completion": completion,
            "completed": completed,
            "completion_rate": selectors.completion_rate(completed, len(completion)),
        },
    )


class InstructorListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.instructor_list)
    template_name = "education/instructor_list.html"
    context_object_name = "instructors"
    paginate_by = 50


class InstructorFormMixin(StaffRequiredMixin):
    model = Instructor
    form_class = InstructorForm
    success_message = "강사 정보를 저장했습니다."

    def get_success_url(self):
        return reverse("education:instructors")


class InstructorCreateView(InstructorFormMixin, ObjectCreateView):
    title = "강사 등록"


class InstructorUpdateView(InstructorFormMixin, ObjectEditView):
    title = "강사 정보 수정"


class CourseTypeListView(ManagerRequiredMixin, ListView):
    template_name = "education/type_list.html"
    context_object_name = "types"

    def get_queryset(self):
        return CourseType.objects.select_related("parent").annotate(n_courses=Count("courses"))


class CourseTypeFormMixin(ManagerRequiredMixin):
    model = CourseType
    form_class = CourseTypeForm
    success_message = "교육 유형을 저장했습니다."

    def get_success_url(self):
        return reverse("education:types")


class CourseTypeCreateView(CourseTypeFormMixin, ObjectCreateView):
    title = "교육 유형 추가"


class CourseTypeUpdateView(CourseTypeFormMixin, ObjectEditView):
    title = "교육 유형 수정"


# --- staff: outreach requests ---------------------------------------------------------------


class OutreachQueueView(StaffRequiredMixin, ListView):
    template_name = "education/outreach_queue.html"
    context_object_name = "requests"
    paginate_by = 30

    def get_queryset(self):
        status = self.request.GET.get("status", OutreachRequest.RECEIVED)
        qs = OutreachRequest.objects.select_related("course_type", "session")
        if status in dict(OutreachRequest.STATUSES):
            qs = qs.filter(status=status)
        return qs.order_by("desired_date", "pk") if status == "received" else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.request.GET.get("status", OutreachRequest.RECEIVED),
            statuses=OutreachRequest.STATUSES,
            **kwargs,
        )


@staff_required
def outreach_detail(request, pk):
    req = get_object_or_404(OutreachRequest.objects.select_related("course_type", "session"), pk=pk)
    log_access(
        request,
        req,
        "view",
        subject=f"찾아가는 교육 신청 #{req.pk} ({mask_name(req.contact_name)})",
    )
    accept_form = AcceptOutreachForm(request_obj=req)
    decline_form = DeclineOutreachForm()
    if request.method == "POST" and req.status == OutreachRequest.RECEIVED:
        if request.POST.get("action") == "decline":
            decline_form = DeclineOutreachForm(request.POST)
            if decline_form.is_valid():
                try:
                    services.decline_outreach_request(
                        request_id=req.pk,
                        note=decline_form.cleaned_data["staff_note"],
                        user=request.user,
                    )
                except ServiceError as exc:
                    add_service_error(decline_form, exc)
                else:
                    messages.success(request, "신청을 반려하고 담당자에게 메일을 보냈습니다.")
                    return redirect("education:outreach_queue")
        else:
            accept_form = AcceptOutreachForm(request.POST, request_obj=req)
            if accept_form.is_valid():
                data = {
                    k: v
                    for k, v in accept_form.cleaned_data.items()
                    if k not in ("instructors", "materials")
                }
                try:
                    session = services.accept_outreach_request(
                        request_id=req.pk,
                        session_data=data,
                        instructors=accept_form.cleaned_data["instructors"],
                        user=request.user,
                    )
                except ServiceError as exc:
                    add_service_error(accept_form, exc)
                else:
                    messages.success(request, "교육 일정을 확정하고 담당자에게 메일을 보냈습니다.")
                    return redirect("education:session", pk=session.pk)
    return render(
        request,
        "education/outreach_detail.html",
        {"req": req, "accept_form": accept_form, "decline_form": decline_form},
        status=400 if request.method == "POST" else 200,
    )


# --- staff: figures -----------------------------------------------------------------------


@staff_required
def stats(request, year):
    rows = selectors.yearly_figures(year)
    total = selectors.Figures()
    for row in rows:
        total.add(row)
    return render(
        request,
        "education/stats.html",
        {"rows": rows, "total": total, "year": year, "years": selectors.years_with_sessions()},
    )


@staff_required
def stats_current(request):
    latest = selectors.held_sessions().order_by("-starts_at").first()
    year = timezone.localtime(latest.starts_at).year if latest else timezone.localdate().year
    return redirect("education:stats", year=year)
