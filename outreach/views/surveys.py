from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.display import base_url
from core.permissions import (
    ManagerRequiredMixin,
    StaffRequiredMixin,
    manager_required,
    public,
    staff_required,
)
from core.public_forms import ratelimit
from core.views import FORM_TEMPLATE, ObjectEditView, ObjectListView

from .. import selectors, services
from ..forms import RecipientsForm, SurveyAnswerForm, SurveyForm
from ..models import Survey, SurveyRecipient
from ..tables import SurveyTable
from .public import public_message

# --- satisfaction survey ---------------------------------------------------------------------


class SurveyListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.surveys)
    table_class = SurveyTable
    template_name = "outreach/surveys.html"
    context_object_name = "surveys"

    def get_table(self, queryset):
        table = super().get_table(queryset)
        table.scores = selectors.survey_scores(row.record.pk for row in table.page.object_list)
        return table


survey_list = SurveyListView.as_view()


class SurveyEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class = Survey, SurveyForm
    titles = ("서비스 만족도 조사 만들기", "서비스 만족도 조사 수정")

    def save(self, form):
        questions = form.fields["questions"]  # fixed once answers came in
        return services.save_survey(
            survey=form.instance,
            questions=None if questions.disabled else form.cleaned_data["questions"],
        )

    def get_success_url(self):
        if getattr(self, "object", None):
            return reverse("outreach:survey", args=[self.object.pk])
        return reverse("outreach:surveys")


@staff_required
def survey_detail(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = RecipientsForm()
    recipients = survey.recipients.all()
    return render(
        request,
        "outreach/survey.html",
        {
            "survey": survey,
            "score": selectors.survey_score_of(survey),
            "questions": selectors.survey_question_scores(survey),
            "recipients": recipients,
            "answered": recipients.filter(answered_at__isnull=False).count(),
            "unsent": recipients.filter(sent_at__isnull=True).count(),
            "form": form,
        },
    )


@manager_required
def survey_recipients(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = RecipientsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = services.add_recipients(
            survey=survey, emails=form.cleaned_data["emails"], group=form.cleaned_data["group"]
        )
        messages.success(request, f"응답 대상 {added}명을 추가했습니다.")
        return redirect("outreach:survey", pk)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": f"{survey.title} 응답 대상 추가",
            "back_url": reverse("outreach:survey", args=[pk]),
        },
    )


@manager_required
def survey_send(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if request.method == "POST":
        sent = services.send_survey(survey=survey, base_url=base_url())
        messages.success(request, f"{sent}명에게 조사 참여 메일을 보냈습니다.")
    return redirect("outreach:survey", pk)


@public
@ratelimit("outreach-survey", limit=10, period=60)
def survey_answer(request, token):
    recipient = SurveyRecipient.objects.select_related("survey").filter(token=token).first()
    if recipient is None:
        raise Http404("조사 링크가 올바르지 않습니다.")
    survey = recipient.survey
    if recipient.answered_at is not None:
        return public_message(request, "이미 응답하셨습니다", "조사에 참여해 주셔서 감사합니다.")
    if not survey.is_open():
        return public_message(
            request,
            "조사 기간이 아닙니다",
            f"이 조사는 {services.kdate(survey.opens_on)}부터 "
            f"{services.kdate(survey.closes_on)}까지 응답할 수 있습니다.",
        )
    form = SurveyAnswerForm(request.POST or None, questions=survey.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(recipient=recipient, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return public_message(
                request, "응답을 저장했습니다", "조사에 참여해 주셔서 감사합니다."
            )
    return render(request, "outreach/survey_answer.html", {"survey": survey, "form": form})
