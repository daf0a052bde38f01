"""Grants: the list, a grant with its disbursements, spending (receipts) and
settlement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from core.permissions import (
    StaffRequiredMixin,
    manager_required,
    staff_required,
)
from core.privacy_views import require_reason
from core.uploads import attachment_response
from core.views import CONFIRM_DELETE_TEMPLATE

from .. import selectors, services
from ..forms import (
    DisbursementForm,
    SettlementForm,
    SpendingForm,
)
from ..models import (
    Grant,
    Spending,
)
from .common import FORM_TEMPLATE, YearMixin, add_service_error

# --- grants -----------------------------------------------------------------------------------


class GrantListView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "programs/grants.html"

    def get_context_data(self, **kwargs):
        grants = list(selectors.grants(self.fiscal_year))
        totals = {
            "amount": sum(g.amount for g in grants),
            "disbursed": sum(g.disbursed for g in grants),
            "spent": sum(g.spent for g in grants),
        }
        return super().get_context_data(grants=grants, totals=totals, **kwargs)


def _grant(pk):
    return get_object_or_404(
        Grant.objects.select_related(
            "application",
            "application__call",
            "application__call__program",
            "application__call__fiscal_year",
            "budget_line",
        ),
        pk=pk,
    )


@staff_required
def grant_detail(request, pk):
    grant = _grant(pk)
    items = grant.items.annotate(total=Sum("spendings__amount")).order_by("pk")
    return render(
        request,
        "programs/grant.html",
        {
            "grant": grant,
            "items": items,
            "disbursements": grant.disbursements.select_related("expenditure"),
            "spendings": grant.spendings.select_related("item"),
            "settlement": getattr(grant, "settlement", None),
            "figures": services.settlement_figures(grant),
            "fiscal_year": grant.application.call.fiscal_year,
        },
    )


def _grant_form_page(request, grant, form, title):
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "subtitle": f"{grant.application.organisation} · {grant.application.project_name}",
            "back_url": grant.get_absolute_url(),
            "multipart": True,
        },
    )


@manager_required
def disburse(request, pk):
    grant = _grant(pk)
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_disbursement(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "지급을 기록하고 센터 집행 내역에 반영했습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "지원금 지급")


@staff_required
def add_spending(request, pk):
    grant = _grant(pk)
    form = SpendingForm(request.POST or None, request.FILES or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_spending(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "사용 내역을 기록했습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "사용 내역 등록")


@staff_required
def delete_spending(request, pk):
    spending = get_object_or_404(Spending.objects.select_related("grant"), pk=pk)
    if request.method == "POST":
        try:
            services.delete_spending(spending=spending)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "사용 내역을 삭제했습니다.")
        return redirect(spending.grant)
    return render(
        request,
        CONFIRM_DELETE_TEMPLATE,
        {"object": spending, "back_url": spending.grant.get_absolute_url()},
    )


def _describe_receipt(request, pk):
    spending = Spending.objects.select_related("grant").filter(pk=pk).first()
    if spending is None:
        return None, request.path
    return spending, f"사업비 증빙 {spending.grant} {spending.receipt_name}"[:200]


@staff_required
@require_http_methods(["GET", "POST"])  # POST: the reason form
@require_reason(action="export", describe=_describe_receipt, title="증빙 서류 내려받기")
def receipt(request, pk):
    """Receipts may name payees (강사료, 인건비): a reason first, logged."""
    spending = get_object_or_404(Spending, pk=pk)
    return attachment_response(spending.receipt, spending.receipt_name or "receipt")


@manager_required
def settle(request, pk):
    grant = _grant(pk)
    form = SettlementForm(request.POST or None, initial={"settled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.settle(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "정산을 마쳤습니다.")
            return redirect(grant)
    return _grant_form_page(request, grant, form, "정산")
