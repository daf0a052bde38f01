from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.permissions import public
from core.public_forms import ratelimit
from core.uploads import attachment_response
from core.views import service_errors_on

from .. import selectors, services
from ..forms import OutreachRequestForm, SignupForm, SurveyForm
from ..ics import session_ics
from ..models import OutreachRequest, Registration, Session

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
        with service_errors_on(form):
            reg = services.register(
                session_id=session.pk,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                consent=form.consent_record(),
            )
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
    context = {"reg": reg, "session": reg.session, "rank": services.waitlist_rank(reg)}
    return render(
        request, "education/registration.html", context | selectors.registration_page(reg)
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
    done = selectors.has_answered(reg)
    form = SurveyForm(request.POST or None)
    error = None
    if reg.status != Registration.REGISTERED:
        error = "확정된 신청자만 만족도 조사에 답할 수 있습니다."
    elif not session.is_over:
        error = "교육이 끝난 뒤에 답할 수 있습니다."
    elif not done and not selectors.attended(reg):
        error = services.NOT_ATTENDED
    if request.method == "POST" and not done and error is None and form.is_valid():
        with service_errors_on(form):
            services.submit_survey(
                registration_id=reg.pk,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
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
        with service_errors_on(form):
            req = services.submit_outreach_request(**data, **form.consent_record())
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
