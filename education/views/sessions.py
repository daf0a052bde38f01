import calendar
import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import xlsx
from core.errors import ServiceError
from core.permissions import StaffRequiredMixin, staff_required
from core.privacy import log_access, mask_name
from core.privacy_views import require_reason
from core.querystring import query_id
from core.roles import is_manager
from core.uploads import attachment_response
from core.views import FORM_TEMPLATE, ObjectEditView, ObjectListView, service_errors_on

from .. import exporting, selectors, services
from ..forms import PaperSurveyForm, SessionFilter, SessionForm, StaffRegistrationForm, WalkInForm
from ..models import Attendance, OutreachRequest, Registration, Session, SurveyResponse
from ..tables import PaperSurveyTable, SessionTable

# --- staff: sessions ------------------------------------------------------------------


class SessionListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.session_list)
    table_class = SessionTable
    filterset_class = SessionFilter
    paginate_by = 30
    count_unit = "개 회차"


class PaperSurveyListView(StaffRequiredMixin, ObjectListView):
    """Every session's paper questionnaires (issue 16.4), with the session's
    satisfaction figure; a row leads to its entry page."""

    selector = staticmethod(selectors.paper_survey_list)
    table_class = PaperSurveyTable

    def get_table(self, queryset):
        table = super().get_table(queryset)
        table.scores = selectors.satisfaction_by_session(
            [row.record.session_id for row in table.page.object_list]
        )
        return table


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


class SessionEditView(ObjectPageMixin, StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = Session, SessionForm, "교육 회차", ("등록", "수정")
    multipart = True
    success_message = "교육 회차를 저장했습니다."

    def get_initial(self):
        initial = super().get_initial()
        course = query_id(self.request, "course")
        if course is not None and self.object is None:
            initial["course"] = course
        return initial

    def save(self, form):
        session = form.save()
        services.session_saved(session)
        return session


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
    satisfaction, responses = selectors.satisfaction_by_session([session.pk]).get(
        session.pk, (None, 0)
    )
    return render(
        request,
        "education/session_detail.html",
        {
            "session": session,
            "registrations": regs,
            "responses": responses,
            "satisfaction": satisfaction,
            "paper_survey": getattr(session, "paper_survey", None),
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
        with service_errors_on(form):
            reg = services.register(
                session_id=session.pk, source=Registration.STAFF, **form.cleaned_data
            )
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
    log_access(request, session, "view", subject=f"출석부 {session}", reason="출석 확인")
    return _checkin_page(request, session, WalkInForm())


def _checkin_page(request, session, walk_in_form, *, status=200):
    roster = selectors.roster(session)
    return render(
        request,
        "education/checkin.html",
        {
            "session": session,
            "roster": roster,
            "walk_ins": selectors.walk_ins(session),
            "present": sum(1 for r in roster if r.present),
            "walk_in_form": walk_in_form,
        },
        status=status,
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
    return _checkin_page(request, session, form, status=400)


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
    if request.GET.get("full") == "1":
        if not is_manager(request.user):
            raise Http404("전체 정보 내려받기는 관리자만 할 수 있습니다.")
        return _roster_full(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    return _roster_file(session, full=False)


@staff_required
@require_http_methods(["GET", "POST"])
def paper_surveys(request, pk):
    """Enter a session's paper questionnaires: how many forms, and for each
    question how many gave each score (replaces what was entered before)."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = PaperSurveyForm(request.POST or None, paper=getattr(session, "paper_survey", None))
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.record_paper_surveys(
                session_id=session.pk,
                forms=form.cleaned_data["forms"],
                tallies=form.tallies(),
                user=request.user,
            )
            messages.success(request, "종이 설문 결과를 저장했습니다.")
            return redirect("education:session", session.pk)
    return render(
        request,
        "education/paper_surveys.html",
        {"session": session, "form": form, "rows": form.rows()},
    )
