from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from core.display import base_url
from core.errors import ServiceError
from core.permissions import (
    ManagerRequiredMixin,
    StaffRequiredMixin,
    manager_required,
    public,
    staff_required,
)
from core.privacy import log_access
from core.public_forms import ratelimit
from core.uploads import attachment_response
from core.views import FORM_TEMPLATE, ObjectCreateView, ObjectEditView

from . import charts, selectors, services
from .forms import (
    CampaignForm,
    ChannelForm,
    CohortForm,
    ContentFilter,
    ContentItemForm,
    IcaSupportForm,
    ImportForm,
    MeetingForm,
    MonthGridForm,
    NewsletterIssueForm,
    RecipientsForm,
    ReporterForm,
    SubscribeForm,
    SurveyAnswerForm,
    SurveyForm,
)
from .models import (
    Campaign,
    Channel,
    ContentItem,
    Delivery,
    IcaSupport,
    Metric,
    NewsletterIssue,
    Reporter,
    ReporterCohort,
    ReporterMeeting,
    Subscriber,
    Survey,
    SurveyRecipient,
)

MONTH_LABELS = [f"{m}월" for m in range(1, 13)]


def _year_or_404(year: int) -> int:
    if not settings.FIRST_FISCAL_YEAR <= year <= 2100:
        raise Http404("연도가 올바르지 않습니다.")
    return year


# --- channel metrics ------------------------------------------------------------------------


@staff_required
def home(request):
    from center.selectors import current_fiscal_year

    fiscal_year = current_fiscal_year()
    return redirect(
        "outreach:overview", fiscal_year.year if fiscal_year else timezone.localdate().year
    )


@staff_required
def overview(request, year):
    year = _year_or_404(year)
    channels = list(Channel.objects.all())
    totals = selectors.year_totals(year)
    rows = [
        (
            channel,
            [totals.get((channel.pk, m)) if m in channel.metrics else False for m in Metric.values],
        )
        for channel in channels
    ]
    entered = selectors.months_entered(year)
    views, visitors = services.todays_counts()
    return render(
        request,
        "outreach/overview.html",
        {
            "year": year,
            "year_label": f"{year}년",
            "metrics": Metric.choices,
            "rows": rows,
            "months": [(m, entered.get(m, 0)) for m in range(1, 13)],
            "content_counts": selectors.content_counts(year),
            "month_labels": MONTH_LABELS,
            "today_views": views,
            "today_visitors": visitors,
        },
    )


@staff_required
def month_grid(request, year, month):
    year = _year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404("월이 올바르지 않습니다.")
    channels = Channel.objects.filter(active=True)
    form = MonthGridForm(
        request.POST or None,
        channels=channels,
        initial_values=selectors.month_grid(year, month),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                stored = services.save_month(year=year, month=month, values=form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{year}년 {month}월 실적 {stored}건을 저장했습니다.")
                return redirect("outreach:overview", year)
        else:
            form.add_error(None, "잘못 입력한 칸이 있어 아무것도 저장하지 않았습니다.")
    return render(
        request,
        "outreach/month_grid.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "metrics": Metric.choices,
            "prev": (year, month - 1) if month > 1 else (year - 1, 12),
            "next": (year, month + 1) if month < 12 else (year + 1, 1),
        },
    )


@staff_required
def import_figures(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.import_figures(upload.name, upload.read())
        except services.ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(request, f"{count}행을 가져왔습니다.")
            return redirect("outreach:home")
    return render(request, "outreach/import.html", {"form": form, "errors": errors})


@staff_required
def channel_trend(request, pk, year):
    year = _year_or_404(year)
    channel = get_object_or_404(Channel, pk=pk)
    cumulative = request.GET.get("mode") == "cumulative"
    trends = []
    for metric, _label in channel.metric_choices():
        t = selectors.trend(channel, metric, year, cumulative_mode=cumulative)
        series = [
            charts.Series(f"{year}년", t.this_year, "#198754"),
            charts.Series(f"{year - 1}년", t.last_year, "#6c757d"),
        ]
        if t.pace is not None:
            series.append(
                charts.Series("목표 달성 페이스", t.pace, "#d63384", dashed=True, markers=False)
            )
        title = f"{channel.name} {t.metric_label} {'누적' if cumulative else '월별'} 추이"
        svg = charts.line_chart_svg(
            series, labels=MONTH_LABELS, title=title, chart_id=f"trend-{metric}"
        )
        trends.append(
            {
                "has_data": any(v is not None for v in t.this_year + t.last_year),
                "trend": t,
                "svg": svg,
                "title": title,
                "rows": list(
                    zip(MONTH_LABELS, t.this_year, t.last_year, t.pace or [None] * 12, strict=True)
                ),
            }
        )
    return render(
        request,
        "outreach/trend.html",
        {
            "channel": channel,
            "year": year,
            "year_label": f"{year}년",
            "last_year_label": f"{year - 1}년",
            "trends": trends,
            "cumulative": cumulative,
            "channels": Channel.objects.all(),
        },
    )


@staff_required
def channel_list(request):
    return render(request, "outreach/channels.html", {"channels": Channel.objects.all()})


class ChannelCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = Channel
    form_class = ChannelForm
    title = "홍보 채널 추가"

    def get_success_url(self):
        return reverse("outreach:channels")


class ChannelUpdateView(ManagerRequiredMixin, ObjectEditView):
    model = Channel
    form_class = ChannelForm
    title = "홍보 채널 수정"

    def get_success_url(self):
        return reverse("outreach:channels")


# --- content --------------------------------------------------------------------------------


@staff_required
def content_list(request):
    filterset = ContentFilter(request.GET or None, queryset=selectors.content_items())
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    if not year:
        latest = ContentItem.objects.order_by("-date").values_list("date", flat=True).first()
        year = latest.year if latest else timezone.localdate().year
    year = int(year)
    return render(
        request,
        "outreach/content_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "items": page.object_list,
            "counts_year": year,
            "counts_year_label": f"{year}년",
            "content_counts": selectors.content_counts(year),
            "month_labels": MONTH_LABELS,
        },
    )


class ContentCreateView(StaffRequiredMixin, ObjectCreateView):
    model = ContentItem
    form_class = ContentItemForm
    title = "홍보 콘텐츠 등록"

    def get_success_url(self):
        return reverse("outreach:content")


class ContentUpdateView(StaffRequiredMixin, ObjectEditView):
    model = ContentItem
    form_class = ContentItemForm
    title = "홍보 콘텐츠 수정"

    def get_success_url(self):
        return reverse("outreach:content")


@staff_required
def content_file(request, pk):
    item = get_object_or_404(ContentItem, pk=pk)
    return attachment_response(item.file, item.file_name or "content")


# --- newsletter -----------------------------------------------------------------------------


@staff_required
def newsletter(request):
    subscribers = Subscriber.objects.order_by("-created_at")
    page = Paginator(subscribers, 50).get_page(request.GET.get("page"))
    counts = {s: 0 for s in Subscriber.Status.values}
    for row in Subscriber.objects.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    issues = NewsletterIssue.objects.annotate(
        sent=Count("deliveries", filter=_q(status=Delivery.Status.SENT)),
        total=Count("deliveries"),
    ).order_by("-created_at")[:50]
    return render(
        request,
        "outreach/newsletter.html",
        {
            "page_obj": page,
            "subscribers": page.object_list,
            "counts": counts,
            "statuses": Subscriber.Status.choices,
            "issues": issues,
        },
    )


def _q(**kwargs):
    return Q(**{f"deliveries__{k}": v for k, v in kwargs.items()})


class IssueCreateView(StaffRequiredMixin, ObjectCreateView):
    model = NewsletterIssue
    form_class = NewsletterIssueForm
    title = "뉴스레터 작성"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        if self.object:
            return reverse("outreach:issue", args=[self.object.pk])
        return reverse("outreach:newsletter")


class IssueUpdateView(StaffRequiredMixin, ObjectEditView):
    model = NewsletterIssue
    form_class = NewsletterIssueForm
    title = "뉴스레터 수정"

    def get_queryset(self):
        return NewsletterIssue.objects.filter(status=NewsletterIssue.Status.DRAFT)

    def get_success_url(self):
        return reverse("outreach:issue", args=[self.object.pk])


@staff_required
def issue_detail(request, pk):
    issue = get_object_or_404(NewsletterIssue, pk=pk)

    by_status = dict(
        issue.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    statuses = [(label, by_status.get(value, 0)) for value, label in Delivery.Status.choices]
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
    return render(
        request,
        "outreach/issue.html",
        {"issue": issue, "statuses": statuses, "confirmed": confirmed},
    )


@manager_required
def issue_send(request, pk):
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    if request.method != "POST":
        return redirect("outreach:issue", pk)
    from .tasks import enqueue_issue

    try:
        batches = services.start_sending(issue=issue, base_url=base_url())
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("outreach:issue", pk)
    transaction.on_commit(lambda: enqueue_issue(issue.pk, batches))
    total = sum(len(b) for b in batches)
    messages.success(request, f"구독 확인된 {total:,}명에게 발송을 시작했습니다.")
    return redirect("outreach:issue", pk)


@public
@ratelimit("outreach-subscribe", limit=5, period=60)
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscribe(
            email=form.cleaned_data["email"],
            consent=form.consent_record(),
            base_url=base_url(),
        )
        return render(
            request,
            "outreach/public_message.html",
            {
                "title": "확인 메일을 보냈습니다",
                "message": "받은 메일의 링크를 열어 구독을 확인해 주세요. 확인해야 뉴스레터가 발송됩니다.",
            },
        )
    return render(request, "outreach/subscribe.html", {"form": form})


@public
@ratelimit("outreach-confirm", limit=20, period=60)
def confirm(request, token):
    subscriber = Subscriber.objects.filter(confirm_token=token).first()
    if subscriber is None:
        raise Http404("확인 링크가 올바르지 않습니다.")
    if request.method == "POST":
        try:
            services.confirm(token)
        except ServiceError as exc:
            return render(
                request,
                "outreach/public_message.html",
                {"title": "구독을 확인할 수 없습니다", "message": str(exc)},
                status=400,
            )
        return render(
            request,
            "outreach/public_message.html",
            {
                "title": "구독을 확인했습니다",
                "message": "서울시협동조합지원센터 뉴스레터를 보내 드리겠습니다. "
                "메일마다 있는 구독 해지 링크로 언제든 해지할 수 있습니다.",
            },
        )
    return render(request, "outreach/confirm.html", {"subscriber": subscriber})


@public
@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token
@ratelimit("outreach-unsubscribe", limit=20, period=60)
def unsubscribe(request, token):
    subscriber = Subscriber.objects.filter(unsubscribe_token=token).first()
    if subscriber is None:
        raise Http404("구독 해지 링크가 올바르지 않습니다.")
    if request.method == "POST":
        services.unsubscribe(token)
        return render(
            request,
            "outreach/public_message.html",
            {
                "title": "구독을 해지했습니다",
                "message": "더 이상 뉴스레터를 보내지 않습니다.",
            },
        )
    return render(request, "outreach/unsubscribe.html", {"subscriber": subscriber})


# --- youth reporters ------------------------------------------------------------------------


@staff_required
def cohort_list(request):

    cohorts = ReporterCohort.objects.annotate(
        n_members=Count("members", distinct=True),
        n_articles=Count("members__articles", distinct=True),
        n_meetings=Count("meetings", distinct=True),
    )
    return render(request, "outreach/cohorts.html", {"cohorts": cohorts})


@staff_required
def cohort_detail(request, pk):
    cohort = get_object_or_404(ReporterCohort, pk=pk)
    members = list(cohort.members.all())
    if members:
        log_access(request, cohort, "view", subject=f"청년기자단 {cohort} 명단")
    articles = (
        ContentItem.objects.filter(author_reporter__cohort=cohort)
        .select_related("author_reporter")
        .order_by("-date")
    )
    return render(
        request,
        "outreach/cohort.html",
        {
            "cohort": cohort,
            "members": members,
            "meetings": cohort.meetings.all(),
            "articles": articles,
        },
    )


class CohortCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = ReporterCohort
    form_class = CohortForm
    title = "청년기자단 기수 추가"

    def get_success_url(self):
        return reverse("outreach:cohorts")


class CohortUpdateView(ManagerRequiredMixin, ObjectEditView):
    model = ReporterCohort
    form_class = CohortForm
    title = "청년기자단 기수 수정"

    def get_success_url(self):
        return reverse("outreach:cohort", args=[self.object.pk])


class _CohortChildCreate(StaffRequiredMixin, ObjectCreateView):
    def get_cohort(self):
        return get_object_or_404(ReporterCohort, pk=self.kwargs["pk"])

    def form_valid(self, form):
        form.instance.cohort = self.get_cohort()
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("outreach:cohort", args=[self.kwargs["pk"]])


class ReporterCreateView(_CohortChildCreate):
    model = Reporter
    form_class = ReporterForm
    title = "청년기자 추가"


class MeetingCreateView(_CohortChildCreate):
    model = ReporterMeeting
    form_class = MeetingForm
    title = "청년기자단 모임 기록"


# --- campaigns and ICA support ---------------------------------------------------------------


@staff_required
def campaign_list(request):

    support = IcaSupport.objects.order_by("kind", "date", "pk")
    summary = {
        row["kind"]: row
        for row in IcaSupport.objects.values("kind").annotate(n=Count("pk"), amount=Sum("amount"))
    }
    return render(
        request,
        "outreach/campaigns.html",
        {
            "campaigns": Campaign.objects.all(),
            "support": support,
            "summary": [
                (label, summary.get(kind, {}).get("n", 0), summary.get(kind, {}).get("amount"))
                for kind, label in IcaSupport.Kind.choices
            ],
        },
    )


@staff_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(request, "outreach/campaign.html", {"campaign": campaign})


class CampaignCreateView(StaffRequiredMixin, ObjectCreateView):
    model = Campaign
    form_class = CampaignForm
    title = "캠페인 등록"

    def get_success_url(self):
        return reverse("outreach:campaigns")


class CampaignUpdateView(StaffRequiredMixin, ObjectEditView):
    model = Campaign
    form_class = CampaignForm
    title = "캠페인 수정"

    def get_success_url(self):
        return reverse("outreach:campaign", args=[self.object.pk])


class IcaSupportCreateView(StaffRequiredMixin, ObjectCreateView):
    model = IcaSupport
    form_class = IcaSupportForm
    title = "ICA 지원 기록"

    def get_success_url(self):
        return reverse("outreach:campaigns")


# --- satisfaction survey ---------------------------------------------------------------------


@staff_required
def survey_list(request):

    surveys = Survey.objects.annotate(
        n_recipients=Count("recipients", distinct=True),
        n_answered=Count(
            "recipients", filter=Q(recipients__answered_at__isnull=False), distinct=True
        ),
    )
    surveys = list(surveys)
    scores = selectors.survey_scores(s.pk for s in surveys)
    rows = [(s, scores.get(s.pk)) for s in surveys]
    return render(request, "outreach/surveys.html", {"rows": rows})


class SurveyCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = Survey
    form_class = SurveyForm
    title = "서비스 만족도 조사 만들기"

    def save(self, form):
        return services.save_survey(survey=form.instance, questions=form.cleaned_data["questions"])

    def get_success_url(self):
        if getattr(self, "object", None):
            return reverse("outreach:survey", args=[self.object.pk])
        return reverse("outreach:surveys")


class SurveyUpdateView(ManagerRequiredMixin, ObjectEditView):
    model = Survey
    form_class = SurveyForm
    title = "서비스 만족도 조사 수정"

    def save(self, form):
        questions = form.fields["questions"]
        return services.save_survey(
            survey=form.instance,
            questions=None if questions.disabled else form.cleaned_data["questions"],
        )

    def get_success_url(self):
        return reverse("outreach:survey", args=[self.object.pk])


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
        return render(
            request,
            "outreach/public_message.html",
            {
                "title": "이미 응답하셨습니다",
                "message": "조사에 참여해 주셔서 감사합니다.",
            },
        )
    if not survey.is_open():
        return render(
            request,
            "outreach/public_message.html",
            {
                "title": "조사 기간이 아닙니다",
                "message": f"이 조사는 {services.kdate(survey.opens_on)}부터 "
                f"{services.kdate(survey.closes_on)}까지 응답할 수 있습니다.",
            },
        )
    form = SurveyAnswerForm(request.POST or None, questions=survey.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(recipient=recipient, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(
                request,
                "outreach/public_message.html",
                {
                    "title": "응답을 저장했습니다",
                    "message": "조사에 참여해 주셔서 감사합니다.",
                },
            )
    return render(request, "outreach/survey_answer.html", {"survey": survey, "form": form})
