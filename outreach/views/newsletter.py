from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from core.display import base_url
from core.errors import ServiceError
from core.permissions import StaffRequiredMixin, manager_required, public, staff_required
from core.public_forms import ratelimit
from core.views import ObjectEditView, render_form

from .. import services
from ..forms import NewsletterIssueForm, SubscribeForm
from ..models import Delivery, NewsletterIssue, Subscriber
from ..tasks import enqueue_issue
from .public import public_message

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


class IssueEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class = NewsletterIssue, NewsletterIssueForm
    titles = ("뉴스레터 작성", "뉴스레터 수정")

    def get_queryset(self):  # only a draft is edited
        return NewsletterIssue.objects.filter(status=NewsletterIssue.Status.DRAFT)

    def form_valid(self, form):
        if self.adding:
            form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        if self.object:
            return reverse("outreach:issue", args=[self.object.pk])
        return reverse("outreach:newsletter")


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
        return public_message(
            request,
            "확인 메일을 보냈습니다",
            "받은 메일의 링크를 열어 구독을 확인해 주세요. 확인해야 뉴스레터가 발송됩니다.",
        )
    return render_form(request, "outreach/subscribe.html", {"form": form}, form=form)


@public
@ratelimit("outreach-confirm", limit=20, period=60)
def confirm(request, token):
    subscriber = get_object_or_404(Subscriber, confirm_token=token)
    if request.method == "POST":
        try:
            services.confirm(token)
        except ServiceError as exc:
            return public_message(request, "구독을 확인할 수 없습니다", str(exc), status=400)
        return public_message(
            request,
            "구독을 확인했습니다",
            "서울시협동조합지원센터 뉴스레터를 보내 드리겠습니다. "
            "메일마다 있는 구독 해지 링크로 언제든 해지할 수 있습니다.",
        )
    return render(request, "outreach/confirm.html", {"subscriber": subscriber})


@public
@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token
@ratelimit("outreach-unsubscribe", limit=20, period=60)
def unsubscribe(request, token):
    subscriber = get_object_or_404(Subscriber, unsubscribe_token=token)
    if request.method == "POST":
        services.unsubscribe(token)
        return public_message(request, "구독을 해지했습니다", "더 이상 뉴스레터를 보내지 않습니다.")
    return render(request, "outreach/unsubscribe.html", {"subscriber": subscriber})
