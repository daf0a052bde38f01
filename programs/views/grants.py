"""Grants: the list, a grant with its disbursements, spending (receipts) and
settlement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.permissions import StaffRequiredMixin, manager_required, staff_required
from core.privacy_views import require_reason
from core.uploads import attachment_response
from core.views import CONFIRM_DELETE_TEMPLATE, ObjectListView, service_errors_on

from .. import selectors, services
from ..exporting import GrantExport
from ..forms import DisbursementForm, SettlementForm, SpendingForm
from ..tables import GrantTable
from .common import FORM_TEMPLATE, YearListMixin

# --- grants -----------------------------------------------------------------------------------


class GrantListView(YearListMixin, StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.grants)
    table_class = GrantTable
    exporter = GrantExport()
    template_name = "programs/grants.html"
    context_object_name = "grants"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("totals", selectors.grant_totals(self.fiscal_year))
        return super().get_context_data(**kwargs)


def _grant(pk):
    return get_object_or_404(selectors.grant_pages(), pk=pk)


@staff_required
def grant_detail(request, pk):
    grant = _grant(pk)
    items = selectors.grant_items(grant)
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


def _grant_action(request, pk, *, form_class, service, title: str, message: str, **form_kwargs):
    """A form page that records something on a grant through `service`
    (disbursement, spending, settlement); the service's refusal goes onto
    the form, success returns to the grant."""
    grant = _grant(pk)
    if form_kwargs.pop("with_grant", False):
        form_kwargs["grant"] = grant
    form = form_class(request.POST or None, request.FILES or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            service(grant=grant, user=request.user, **form.cleaned_data)
            messages.success(request, message)
            return redirect(grant)
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
    return _grant_action(
        request,
        pk,
        form_class=DisbursementForm,
        service=services.record_disbursement,
        title="지원금 지급",
        message="지급을 기록하고 센터 집행 내역에 반영했습니다.",
    )


@staff_required
def add_spending(request, pk):
    return _grant_action(
        request,
        pk,
        form_class=SpendingForm,
        service=services.record_spending,
        title="사용 내역 등록",
        message="사용 내역을 기록했습니다.",
        with_grant=True,
    )


@staff_required
def delete_spending(request, pk):
    spending = get_object_or_404(selectors.spendings(), pk=pk)
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
    spending = selectors.spendings().filter(pk=pk).first()
    if spending is None:
        return None, request.path
    return spending, f"사업비 증빙 {spending.grant} {spending.receipt_name}"[:200]


@staff_required
@require_http_methods(["GET", "POST"])  # POST: the reason form
@require_reason(action="export", describe=_describe_receipt, title="증빙 서류 내려받기")
def receipt(request, pk):
    """Receipts may name payees (강사료, 인건비): a reason first, logged."""
    spending = get_object_or_404(selectors.spendings(), pk=pk)
    return attachment_response(spending.receipt, spending.receipt_name or "receipt")


@manager_required
def settle(request, pk):
    return _grant_action(
        request,
        pk,
        form_class=SettlementForm,
        service=services.settle,
        title="정산",
        message="정산을 마쳤습니다.",
        initial={"settled_on": timezone.localdate()},
    )
